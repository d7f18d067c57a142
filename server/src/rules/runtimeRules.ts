/**
 * Checks on runtime stages: what builds fine but fails when the container runs (or when the
 * step runs): a shell on a shell-less base, a dynamically linked binary on a base without a
 * libc, an artifact linked against the other libc (glibc vs musl).
 */
import type { Instruction, Span } from '../model/scanner';
import { parseFlags } from '../model/flags';
import { pathMatch } from '../model/glob';
import { isExecForm } from '../model/shellCommands';
import { stageLabel, type Stage, type StageModel, type StageReference } from '../model/stageModel';
import { isShellLess, realBaseImage } from '../knowledge/minimalBases';
import { isStaticOnly, libcOf } from '../knowledge/baseImage';
import { detectStack, type StackInfo } from '../knowledge/stackDetection';
import { linksDynamically } from '../knowledge/binaryLinking';
import { registerRule } from './ruleCatalog';
import type { Finding } from './stageRules';

registerRule({ code: 'ShellInShellLessBase', defaultSeverity: 'error', summary: 'RUN, or a shell-form CMD/ENTRYPOINT, in a stage based on scratch or a non-debug distroless image: there is no /bin/sh.' });
registerRule({ code: 'DynamicBinaryOnStaticBase', defaultSeverity: 'warning', summary: 'A dynamically linked Go or Rust binary copied into scratch or distroless static: it needs a libc that is not there.' });
registerRule({ code: 'LibcMismatch', defaultSeverity: 'warning', summary: 'An artifact built against glibc copied into an alpine (musl) stage, or the reverse.' });

export function checkRuntime(model: StageModel): Finding[] {
  const findings: Finding[] = [];
  for (const stage of model.stages) checkShellUse(model, stage, findings);
  const stacks = new Map<number, StackInfo>();
  const stackOf = (index: number) => {
    let info = stacks.get(index);
    if (!info) stacks.set(index, (info = detectStack(model, index)));
    return info;
  };
  for (const reference of model.references) {
    if (reference.kind !== 'copy' || reference.target === undefined || reference.target >= reference.inStage) continue;
    if (reference.resolution !== 'stage' && reference.resolution !== 'index') continue;
    checkCopiedArtifact(model, reference, stackOf(reference.target), findings);
  }
  return findings;
}

// --- ShellInShellLessBase -------------------------------------------------------------

/** A SHELL instruction, or a shell copied in (busybox, /bin/sh): the author brought their own. */
function bringsShell(instruction: Instruction): boolean {
  if (instruction.keyword === 'SHELL') return true;
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return false;
  // `COPY --from=alpine / /`: a whole file system from elsewhere, its shell included.
  const { flags, rest } = parseFlags(instruction);
  const from = flags.find((flag) => flag.name === 'from')?.value?.toLowerCase();
  if (from && from !== 'scratch' && !from.includes('distroless') && rest.length >= 2 && rest[0].value === '/') return true;
  return /busybox|\/bin\/(ba)?sh\b/.test(instruction.line.text);
}

/** Span of an instruction's command (after its flags), trailing blanks excluded. */
function commandSpan(instruction: Instruction, fromWord = 0): Span {
  const { rest } = parseFlags(instruction);
  const words = rest.slice(fromWord);
  if (words.length === 0) return instruction.keywordSpan;
  return instruction.line.span(words[0].start, words[words.length - 1].end);
}

/** The shell command a HEALTHCHECK runs, as the index of its first word in `rest`; undefined for exec form or NONE. */
function healthcheckShellCommand(instruction: Instruction): number | undefined {
  const { rest } = parseFlags(instruction);
  const cmd = rest.findIndex((word) => /^CMD(-SHELL)?$/i.test(word.value));
  if (cmd < 0 || cmd + 1 >= rest.length) return undefined;
  const shellKeyword = rest[cmd].value.toUpperCase() === 'CMD-SHELL';
  return shellKeyword || !rest[cmd + 1].raw.startsWith('[') ? cmd + 1 : undefined;
}

function checkShellUse(model: StageModel, stage: Stage, findings: Finding[]): void {
  const base = realBaseImage(model, stage);
  if (!isShellLess(base)) return;
  const ancestors: Stage[] = [];
  for (let parent = stage.parentStage; parent !== undefined; parent = model.stages[parent].parentStage) ancestors.push(model.stages[parent]);
  if (ancestors.some((ancestor) => ancestor.instructions.some(bringsShell))) return;
  const onBase = `${base.reference}${stage.parentStage !== undefined ? ` (through stage ${stageLabel(model.stages[stage.parentStage])})` : ''}`;
  for (const instruction of stage.instructions) {
    if (bringsShell(instruction)) return;
    const keyword = instruction.keyword;
    if ((keyword === 'RUN' || keyword === 'CMD' || keyword === 'ENTRYPOINT') && !isExecForm(instruction) && parseFlags(instruction).rest.length > 0) {
      findings.push({
        code: 'ShellInShellLessBase',
        span: commandSpan(instruction),
        message: keyword === 'RUN'
          ? `RUN in shell form needs /bin/sh, but this stage runs on ${onBase}, which has no shell: the build fails (exec: "/bin/sh": no such file or directory). Do this in a builder stage and COPY the result, or use the exec form.`
          : `${keyword} in shell form runs /bin/sh -c, but ${onBase} has no shell: the container fails to start. Use the exec form (${keyword} ["executable", "arg"]).`,
        related: [],
      });
    } else if (keyword === 'HEALTHCHECK') {
      const first = healthcheckShellCommand(instruction);
      if (first === undefined) continue;
      findings.push({
        code: 'ShellInShellLessBase',
        span: commandSpan(instruction, first),
        message: `HEALTHCHECK CMD in shell form runs /bin/sh -c, but ${onBase} has no shell: every health check fails and the container is reported unhealthy. Use the exec form (HEALTHCHECK CMD ["executable", "arg"]).`,
        related: [],
      });
    }
  }
}

// --- DynamicBinaryOnStaticBase and LibcMismatch ----------------------------------------

const DATA_FILE = /\.(crt|pem|key|json|ya?ml|toml|ini|conf|txt|md|html?|css|js|mjs|map|svg|png|jpe?g|gif|ico|woff2?|sql)$/i;

function isDataPath(path: string): boolean {
  return DATA_FILE.test(path) || path.startsWith('/etc/') || path.startsWith('/usr/share/');
}

/** The COPY's source words (everything after the flags but the destination). */
function copySources(instruction: Instruction) {
  const { rest } = parseFlags(instruction);
  return rest.slice(0, -1);
}

function samePath(source: string, artifact: string): boolean {
  const clean = (path: string) => path.replace(/\/+$/, '').replace(/^\.\//, '');
  const s = clean(source);
  const a = clean(artifact);
  return s === a || a.startsWith(`${s}/`) || s.endsWith(`/${a}`) || a.endsWith(`/${s}`) || (s.includes('*') && pathMatch(s, a).matched);
}

/** The copied words that are the build's native output (binary, native modules, a virtualenv). */
function nativeSources(instruction: Instruction, info: StackInfo, dynamic: boolean) {
  return copySources(instruction).filter((word) => {
    const path = word.value;
    if (info.stack === 'node') return /node_modules/.test(path);
    if (info.stack === 'python') return /venv|site-packages|dist-packages|\.local|^\/install\b|\/opt\//.test(path);
    if (!dynamic || isDataPath(path)) return false;
    return info.artifact ? samePath(path, info.artifact.path) : info.buildCommands.length > 0;
  });
}

/**
 * A stage on scratch or distroless static that nobody runs: no CMD or ENTRYPOINT in it or the
 * stages it builds on, no RUN. It is exported (`--output`, `--target binary`) or copied from.
 */
function isExportOnly(model: StageModel, stage: Stage): boolean {
  for (let current: Stage | undefined = stage; current; current = current.parentStage === undefined ? undefined : model.stages[current.parentStage]) {
    if (current.instructions.some((instruction) => ['CMD', 'ENTRYPOINT', 'RUN', 'HEALTHCHECK'].includes(instruction.keyword))) return false;
  }
  return true;
}

/** A Go build that shows in the file (`go build`, `go install`): one hidden behind make or a script is not judged. */
function visibleGoBuild(info: StackInfo): boolean {
  // `go install tool@version` installs a tool; it builds no binary of the project.
  return info.buildCommands.some((command) => command.tool === 'go' && !/\bgo\s+install\b[^\n]*@/.test(command.command.text));
}

function checkCopiedArtifact(model: StageModel, reference: StageReference, info: StackInfo, findings: Finding[]): void {
  const builder = model.stages[reference.target as number];
  const runtime = model.stages[reference.inStage];
  if (info.stack === 'go' && !visibleGoBuild(info)) return;
  const runtimeBase = realBaseImage(model, runtime);
  const builderBase = realBaseImage(model, builder);
  const dynamic = linksDynamically(model, builder, info);
  const sources = nativeSources(reference.instruction, info, dynamic);
  if (sources.length === 0) return;
  const span = reference.instruction.line.span(sources[0].start, sources[sources.length - 1].end);
  const related = [{ span: builder.nameSpan ?? builder.from.keywordSpan, message: `built in stage ${stageLabel(builder)} on ${builderBase.reference}` }];
  if (isStaticOnly(runtimeBase)) {
    if (!dynamic || (info.stack !== 'go' && info.stack !== 'rust') || isExportOnly(model, runtime)) return;
    const how = info.stack === 'go' ? 'set CGO_ENABLED=0 for go build' : 'build for x86_64-unknown-linux-musl (or with -C target-feature=+crt-static)';
    findings.push({
      code: 'DynamicBinaryOnStaticBase',
      span,
      message: `This ${info.stack === 'go' ? 'Go' : 'Rust'} binary is linked dynamically against ${libcOf(builderBase) === 'musl' ? 'musl' : 'glibc'} in stage ${stageLabel(builder)}, but ${runtimeBase.reference} has no libc: it fails at start with "no such file or directory". To get a static binary, ${how}.`,
      related,
      data: { stack: info.stack, builder: builder.index },
    });
    return;
  }
  // A pure-Go program is static even with cgo on by default; only a build that really uses cgo
  // (CGO_ENABLED=1, a C compiler installed) is judged against the runtime's libc.
  if (info.stack === 'go' && info.goCgo !== 'enabled' && !info.installsCompiler) return;
  const builtOn = libcOf(builderBase);
  const runsOn = libcOf(runtimeBase);
  if ((builtOn !== 'glibc' && builtOn !== 'musl') || (runsOn !== 'glibc' && runsOn !== 'musl') || builtOn === runsOn) return;
  const what = info.stack === 'node' ? 'node_modules (native add-ons)' : info.stack === 'python' ? 'Python packages (compiled extensions)' : 'this binary';
  findings.push({
    code: 'LibcMismatch',
    span,
    message: `${what[0].toUpperCase()}${what.slice(1)} built against ${builtOn} on ${builderBase.reference} is copied into ${runtimeBase.reference}, which has ${runsOn}: at run time the loader or the native code fails (e.g. "not found" or "Error relocating"). Build on a ${runsOn} base too, or run on a ${builtOn} one.`,
    related,
    data: { builtOn, runsOn, builder: builder.index },
  });
}
