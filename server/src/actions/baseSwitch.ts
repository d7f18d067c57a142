/**
 * "Use scratch / distroless / alpine": refactors on the FROM of the final stage when it runs
 * what a builder stage produced. One action per base that suits the builder's stack; each
 * applies what the new base needs (exec-form commands without a shell, CGO_ENABLED=0 for a
 * base without a libc, CA certificates in scratch, USER for :nonroot). A base the stage
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
import type { DockerfileAnalysis } from '../service/analysis';
import { applySpanEdits, indentationAt, insertLines, lineStartAt, nextLineStart, replaceSpan, toTextEdits, type SpanEdit } from './edits';
import { execFormEdits } from './fixes/execForm';
import { MINIMAL_BASES, realBaseImage, type MinimalBase } from './minimalBases';
import { detectStack, type StackInfo } from './stackDetection';

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
  // alpine has apk, not apt-get/yum/dnf: the stage's package installs would fail there.
  if (base.libc === 'musl' && final.instructions.some((instruction) => instruction.keyword === 'RUN' && /\b(apt-get|apt|dpkg|yum|dnf|microdnf)\b/.test(instruction.line.text))) return undefined;
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
  if (base.nonroot) {
    if (user === 'root' || user === '0' || user?.startsWith('root:') || user?.startsWith('0:')) return undefined;
    if (!user) {
      afterFrom.push('USER nonroot:nonroot');
      also.push('USER nonroot');
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
  if (base.nonroot) parts.push('runs as nonroot');
  parts.push(base.size);
  return parts.join(', ');
}

export function baseSwitchActions(analysis: DockerfileAnalysis, range: Range): CodeAction[] {
  const { model, document } = analysis;
  const final = model.stages[model.stages.length - 1];
  if (!final?.baseSpan || final.parentStage !== undefined || parseFlags(final.from).rest.length === 0) return [];
  const start = document.offsetAt(range.start);
  if (start < final.from.span.start || start > final.from.span.end) return [];
  const builder = builderOf(model, final);
  if (!builder) return [];
  const info = detectStack(model, builder.index);
  const candidates = MINIMAL_BASES[info.stack] ?? [];
  const current = realBaseImage(model, final).reference.toLowerCase();
  const text = model.scanned.text;
  const before = problemCounts(text);
  const actions: CodeAction[] = [];
  for (const base of candidates) {
    if (base.image === current) continue;
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
