/**
 * "Use scratch / distroless / alpine": refactors on the FROM of the final stage when it runs
 * what a builder stage produced. One action per base that suits the builder's stack (compiled
 * stacks: scratch, distroless, alpine; Node, Python, Java, .NET: the slim, alpine or chiseled
 * image of the same language version); each applies what the new base needs (exec-form
 * commands without a shell, CGO_ENABLED=0 for a base without a libc, CA certificates in
 * scratch, USER for :nonroot and chiseled). A base the stage
 * cannot run on (shell-form RUN steps without a shell, a glibc binary on musl, ...) is not
 * offered: every candidate is re-diagnosed and dropped when it adds an error or a warning.
 */
import type { CodeAction, Range } from 'vscode-languageserver-types';
import { parseFlags } from '../model/flags';
import type { Stage, StageModel } from '../model/stageModel';
import { buildStageModel } from '../model/stageModel';
import { buildStageGraph } from '../model/stageGraph';
import { isExecForm } from '../model/shellCommands';
import { checkRuntime } from '../rules/runtimeRules';
import { checkStages } from '../rules/stageRules';
import type { DockerfileAnalysis } from '../analysis/documentAnalysis';
import { estimateBaseImage } from '../size/baseImage';
import { formatBytes } from '../size/sizeFigure';
import { applySpanEdits, indentationAt, insertLines, lineStartAt, nextLineStart, replaceSpan, toTextEdits, type SpanEdit } from './edits';
import { execFormEdits } from './fixes/execForm';
import { MINIMAL_BASES, realBaseImage, RUNTIME_BASES, type MinimalBase, type RuntimeBaseTemplate } from '../knowledge/minimalBases';
import { languageVersion, stackOfImage } from '../knowledge/baseImage';
import { detectStack, type Libc, type StackInfo } from '../knowledge/stackDetection';
import { NO_TAG_CHECKS, type TagChecks } from '../knowledge/imageTags';

interface Plan {
  edits: SpanEdit[];
  /** What else the switch changes, for the title. */
  also: string[];
}

/** The builder the final stage copies from: the stage of its last `COPY --from=<stage>`. */
function builderOf(model: StageModel, final: Stage): Stage | undefined {
  const copies = model.references.filter((reference) => reference.kind === 'copy' && reference.inStage === final.index && reference.target !== undefined && reference.target < final.index);
  const last = copies[copies.length - 1];
  return last ? model.stages[last.target as number] : undefined;
}

function goBuildNeedsCgoOff(info: StackInfo): boolean {
  return info.stack === 'go' && info.goCgo !== 'disabled';
}

/** `ENV CGO_ENABLED=0` on its own line just above the builder's last `go build`. */
function disableCgo(model: StageModel, builder: Stage, info: StackInfo): SpanEdit | undefined {
  const build = [...info.buildCommands].reverse().find((command) => command.stack === 'go');
  if (!build) return undefined;
  const run = builder.instructions[build.instructionIndex];
  const text = model.scanned.text;
  return insertLines(text, lineStartAt(text, run.span.start), [`${indentationAt(text, run.span.start)}ENV CGO_ENABLED=0`]);
}

function userOf(final: Stage): string | undefined {
  const users = final.instructions.filter((instruction) => instruction.keyword === 'USER');
  return users[users.length - 1]?.words[0]?.value;
}

// Package managers and user tools of the other libc's distribution: alpine has apk and busybox
// adduser, the Debian/Ubuntu-based slim images have apt and useradd.
const FOREIGN_TOOLS: Partial<Record<Libc, RegExp>> = {
  musl: /\b(apt-get|apt|dpkg|yum|dnf|microdnf|useradd|groupadd)\b/,
  glibc: /\bapk\b|\b(adduser|addgroup)\s+(-\w+\s+)*-\w*[SD]/,
};

function runsForeignTools(final: Stage, base: MinimalBase): boolean {
  const foreign = FOREIGN_TOOLS[base.libc];
  return foreign !== undefined && final.instructions.some((instruction) => instruction.keyword === 'RUN' && foreign.test(instruction.line.text));
}

/** A listening port below 1024 set for the app (ASP.NET Core URLs, PORT): a non-root user cannot bind it. */
function bindsPrivilegedPort(final: Stage): boolean {
  return final.instructions.some((instruction) => {
    if (instruction.keyword !== 'ENV') return false;
    const setting = /\b(ASPNETCORE_URLS|ASPNETCORE_HTTPS?_PORTS|PORT)[= ]+\S*/.exec(instruction.line.text);
    return setting !== null && [...setting[0].matchAll(/(?:^|[:=;,\s])(\d{1,5})\b/g)].some((port) => Number(port[1]) < 1024);
  });
}

/** .NET: the libc a `dotnet publish -r <rid>` targets (linux-musl-x64 → musl); undefined for a portable app. */
function dotnetTargetLibc(info: StackInfo): Libc | undefined {
  for (const build of info.buildCommands) {
    const argv = build.command.argv;
    const flag = argv.findIndex((word) => word === '-r' || word === '--runtime' || word.startsWith('--runtime='));
    if (build.tool !== 'dotnet' || flag < 0) continue;
    const rid = argv[flag].startsWith('--runtime=') ? argv[flag].slice('--runtime='.length) : (argv[flag + 1] ?? '');
    if (rid.startsWith('linux-musl')) return 'musl';
    if (rid.startsWith('linux')) return 'glibc';
  }
  return undefined;
}

/** The stage turns ICU-based globalization back on: bases without ICU would fail at start. */
function needsIcu(final: Stage): boolean {
  return final.instructions.some((instruction) => instruction.keyword === 'ENV' && /DOTNET_SYSTEM_GLOBALIZATION_INVARIANT[= ]+["']?(false|0)\b/i.test(instruction.line.text));
}

/** Why the app cannot run on `base` whatever the edits: the runtime's libc, ICU, a privileged port. */
function appRulesOut(final: Stage, info: StackInfo, base: MinimalBase): boolean {
  if (info.stack === 'dotnet') {
    const target = dotnetTargetLibc(info);
    if (target && target !== base.libc) return true;
    if (base.noIcu && needsIcu(final)) return true;
  }
  return base.nonrootUser !== undefined && bindsPrivilegedPort(final);
}

function planSwitch(model: StageModel, final: Stage, builder: Stage, info: StackInfo, base: MinimalBase): Plan | undefined {
  const text = model.scanned.text;
  const edits: SpanEdit[] = [replaceSpan(final.baseSpan as { start: number; end: number }, base.image)];
  const also: string[] = [];
  const afterFrom: string[] = [];
  if (!base.shell) {
    if (final.instructions.some((instruction) => instruction.keyword === 'RUN' && !isExecForm(instruction))) return undefined;
    const exec = execFormEdits(final);
    if (!exec) return undefined;
    if (exec.length > 0) also.push('exec-form commands');
    edits.push(...exec);
  }
  if (base.shell && runsForeignTools(final, base)) return undefined;
  if (appRulesOut(final, info, base)) return undefined;
  if (base.libc !== 'glibc' && goBuildNeedsCgoOff(info)) {
    const cgo = disableCgo(model, builder, info);
    if (!cgo) return undefined;
    edits.push(cgo);
    also.push('CGO_ENABLED=0');
  }
  const user = userOf(final);
  if (base.image === 'scratch') {
    // scratch has no /etc/passwd: only a numeric USER works there.
    if (user && !/^\d+(:\d+)?$/.test(user)) return undefined;
    const hasCerts = final.instructions.some((instruction) => instruction.keyword !== 'FROM' && /ca-certificates|\/etc\/ssl\/certs/.test(instruction.line.text));
    if (info.usesTls && !hasCerts) {
      afterFrom.push(`COPY --from=${builder.name ?? builder.index} /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/`);
      also.push('CA certificates');
    }
  }
  if (base.nonrootUser) {
    if (user === 'root' || user === '0' || user?.startsWith('root:') || user?.startsWith('0:')) return undefined;
    if (!user) {
      afterFrom.push(`USER ${base.nonrootUser}`);
      also.push(`USER ${base.nonrootUser.split(':')[0]}`);
    }
  }
  if (afterFrom.length > 0) edits.push(insertLines(text, nextLineStart(text, final.from.span.end), afterFrom));
  return { edits, also };
}

/** Error and warning findings, as `code` → count. */
function problemCounts(text: string): Map<string, number> {
  const model = buildStageModel(text);
  const counts = new Map<string, number>();
  for (const finding of [...checkStages(model, {}, buildStageGraph(model)), ...checkRuntime(model)]) {
    if (finding.severity === 'information' || finding.severity === 'hint' || finding.code === 'UnusedStage' || finding.code === 'NumericStageReference') continue;
    counts.set(finding.code, (counts.get(finding.code) ?? 0) + 1);
  }
  return counts;
}

function addsProblems(before: Map<string, number>, after: Map<string, number>): boolean {
  return [...after].some(([code, count]) => count > (before.get(code) ?? 0));
}

function traits(base: MinimalBase): string {
  const parts = [base.shell ? 'has a shell' : 'no shell'];
  if (base.libc === 'none') parts.push('static binaries only');
  else parts.push(base.libc);
  if (base.nonrootUser) parts.push('runs as nonroot');
  if (base.size) parts.push(base.size);
  return parts.join(', ');
}

/** `20.11.1` cut to the parts a tag takes: `20` for node, `8.0` for .NET. */
function versionForTag(version: string, parts: number | undefined): string {
  return parts === undefined ? version : version.split('.').slice(0, parts).join('.');
}

/** The runtime's language version: the one the final stage runs now when it is the stack's own image, else the builder's. */
function runtimeVersion(model: StageModel, final: Stage, info: StackInfo): string | undefined {
  const current = realBaseImage(model, final);
  return (stackOfImage(current) === info.stack ? languageVersion(current, info.stack) : undefined) ?? info.languageVersion;
}

/** ASP.NET Core apps need the aspnet image; only a stage already on `runtime` is known to do without. */
function dotnetFramework(model: StageModel, final: Stage): 'aspnet' | 'runtime' {
  return realBaseImage(model, final).shortName === 'runtime' ? 'runtime' : 'aspnet';
}

/** "≈48 MB" from the size catalog (compressed); undefined when it does not know the image. */
function catalogSize(image: string, platform: string | undefined): string | undefined {
  const estimate = estimateBaseImage(image, platform);
  if (!estimate) return undefined;
  return estimate.compressed === 0 ? formatBytes(0) : `≈${formatBytes(estimate.compressed)}`;
}

function fromTemplate(template: RuntimeBaseTemplate, version: string, platform: string | undefined): MinimalBase {
  const { template: pattern, versionParts, sinceMajor, framework, ...properties } = template;
  const image = pattern.replace('{version}', versionForTag(version, versionParts));
  return { ...properties, image, size: catalogSize(image, platform) };
}

/** The bases to try: fixed ones for compiled stacks, the runtime images of the app's version for the others. */
function candidatesFor(model: StageModel, final: Stage, info: StackInfo): MinimalBase[] {
  const platform = final.platform && !final.platform.includes('$') ? final.platform : undefined;
  const fixed = MINIMAL_BASES[info.stack];
  if (fixed) return fixed.map((base) => ({ ...base, size: catalogSize(base.image, platform) }));
  const version = runtimeVersion(model, final, info);
  // No version in any tag (node:lts, maven:3.9): the runtime's version is not guessed.
  if (!version) return [];
  const major = Number(version.split('.')[0]);
  const framework = dotnetFramework(model, final);
  return (RUNTIME_BASES[info.stack] ?? [])
    .filter((template) => (template.sinceMajor === undefined || major >= template.sinceMajor) && (template.framework === undefined || template.framework === framework))
    .map((template) => fromTemplate(template, version, platform));
}

/** One action per candidate base; a base the registry says does not exist is not offered. */
export function baseSwitchActions(analysis: DockerfileAnalysis, range: Range, tags: TagChecks = NO_TAG_CHECKS): CodeAction[] {
  const { model, document } = analysis;
  const final = model.stages[model.stages.length - 1];
  if (!final?.baseSpan || final.parentStage !== undefined || parseFlags(final.from).rest.length === 0) return [];
  const start = document.offsetAt(range.start);
  if (start < final.from.span.start || start > final.from.span.end) return [];
  const builder = builderOf(model, final);
  if (!builder) return [];
  const info = detectStack(model, builder.index);
  const candidates = candidatesFor(model, final, info);
  const current = realBaseImage(model, final).reference.toLowerCase();
  const text = model.scanned.text;
  const before = problemCounts(text);
  const actions: CodeAction[] = [];
  for (const base of candidates) {
    if (base.image === current || tags(base.image).state === 'missing') continue;
    const plan = planSwitch(model, final, builder, info, base);
    if (!plan || addsProblems(before, problemCounts(applySpanEdits(text, plan.edits)))) continue;
    const also = plan.also.length > 0 ? ` (adds ${plan.also.join(', ')})` : '';
    actions.push({
      title: `Use ${base.image}: ${traits(base)}${also}`,
      kind: 'refactor.rewrite',
      edit: { changes: { [document.uri]: toTextEdits(document, plan.edits) } },
    });
  }
  return actions;
}
