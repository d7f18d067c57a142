/**
 * The runtime stage per stack: its minimal base, what it copies from the builder, and the few
 * lines the builder needs for that (CGO_ENABLED=0 for a static base, a virtualenv, dropping
 * dev dependencies). An unknown artifact gives one marked comment, never a guess.
 */
import * as path from 'node:path';
import { commandText } from '../model/shellCommands';
import type { Stage } from '../model/stageModel';
import type { StackInfo } from './stackDetection';
import { parseBaseImage } from './baseImage';
import type { ContextFiles } from '../workspace/contextFiles';

export interface RuntimePlan {
  base: string;
  /** Why this base: shown in the stage's comment and the action title. */
  reason: string;
  /** Lines right after the builder's FROM. */
  builderPrelude: string[];
  /** Lines before instruction `index` of the original stage (e.g. the virtualenv before pip). */
  builderInsertions: { index: number; lines: string[] }[];
  /** Lines after the last build step. */
  builderEpilogue: string[];
  /** Lines of the runtime stage before the moved instructions: WORKDIR, COPY --from, ENV. */
  runtimeLines: string[];
}

export const ARTIFACT_PLACEHOLDER = '<artifact>';
export const ASK_FOR_ARTIFACT = '# TODO(stagecraft): which file or folder does the build produce? Replace <artifact> below with its path in the builder stage.';

const STATIC = 'gcr.io/distroless/static-debian12';

function copyLine(builder: string, source: string, destination: string): string {
  return `COPY --from=${builder} ${source} ${destination}`;
}

/** `node:20` → `node:20-slim`; alpine and slim tags stay; variables in the tag are kept. */
function slimTag(rawBase: string): string {
  const image = parseBaseImage(rawBase);
  const name = rawBase.slice(0, rawBase.length - (rawBase.includes(':') ? image.tag.length + 1 : 0));
  if (/alpine|slim/.test(image.tag)) return rawBase;
  return `${name}:${image.tag === 'latest' ? 'slim' : `${image.tag}-slim`}`;
}

function workdirLine(info: StackInfo): string[] {
  return info.workdir !== '/' ? [`WORKDIR ${info.workdir}`] : [];
}

function artifactCopy(info: StackInfo, builder: string): string[] {
  if (!info.artifact) return [ASK_FOR_ARTIFACT, copyLine(builder, ARTIFACT_PLACEHOLDER, info.workdir === '/' ? '/app/' : `${info.workdir}/`)];
  const { path: source } = info.artifact;
  const destination = source.includes('*') ? `${path.posix.dirname(source)}/` : source;
  return [copyLine(builder, source, destination)];
}

/** Runtime RUNs written for Debian (apt-get, useradd) need Debian; otherwise alpine is the small shell. */
function shellBase(stage: Stage, info: StackInfo): string {
  const debianOnly = stage.instructions.some((instruction, index) => instruction.keyword === 'RUN' && (index > info.lastBuildInstruction || /\b(useradd|groupadd)\b/.test(instruction.line.text)) && /\b(apt-get|apt|dpkg|useradd|groupadd)\b/.test(instruction.line.text));
  return debianOnly ? 'debian:bookworm-slim' : 'alpine:3.20';
}

function staticBinaryPlan(info: StackInfo, stage: Stage, builder: string, setCgo: boolean): RuntimePlan {
  const base = info.needsShell ? shellBase(stage, info) : STATIC;
  return {
    base,
    reason: info.needsShell ? `a static binary on ${base} (the runtime instructions need a shell)` : 'a static binary on distroless static: no shell, no toolchain',
    builderPrelude: setCgo ? ['# A static binary runs on the minimal base below.', 'ENV CGO_ENABLED=0'] : [],
    builderInsertions: [],
    builderEpilogue: [],
    runtimeLines: [...workdirLine(info), ...artifactCopy(info, builder)],
  };
}

function glibcBinaryPlan(info: StackInfo, builder: string, distroless: string): RuntimePlan {
  if (info.baseLibc === 'musl') {
    return { base: 'alpine:3.20', reason: 'a musl binary on alpine', builderPrelude: [], builderInsertions: [], builderEpilogue: [], runtimeLines: [...workdirLine(info), ...artifactCopy(info, builder)] };
  }
  const base = info.needsShell ? 'debian:bookworm-slim' : distroless;
  return {
    base,
    reason: info.needsShell ? 'a glibc binary on debian slim (the runtime instructions need a shell)' : `a glibc binary on ${distroless}: no shell, no toolchain`,
    builderPrelude: [],
    builderInsertions: [],
    builderEpilogue: [],
    runtimeLines: [...workdirLine(info), ...artifactCopy(info, builder)],
  };
}

function goPlan(info: StackInfo, stage: Stage, builder: string): RuntimePlan {
  if (info.goCgo === 'enabled') return glibcBinaryPlan(info, builder, 'gcr.io/distroless/base-debian12');
  return staticBinaryPlan(info, stage, builder, info.goCgo === 'default');
}

function rustPlan(info: StackInfo, stage: Stage, builder: string): RuntimePlan {
  if (info.rustTarget?.includes('musl') || info.baseLibc === 'musl') return staticBinaryPlan(info, stage, builder, false);
  return glibcBinaryPlan(info, builder, 'gcr.io/distroless/cc-debian12');
}

function whole(info: StackInfo, builder: string): string[] {
  return info.workdir === '/' ? [ASK_FOR_ARTIFACT, copyLine(builder, ARTIFACT_PLACEHOLDER, '/app/')] : [copyLine(builder, info.workdir, info.workdir)];
}

const PRUNE: Record<string, string> = {
  npm: 'RUN npm prune --omit=dev',
  yarn: 'RUN yarn install --production --ignore-scripts --prefer-offline',
  pnpm: 'RUN pnpm prune --prod',
};

function nodePlan(info: StackInfo, stage: Stage, builder: string): RuntimePlan {
  const installs = info.commands.filter((command) => command.role === 'dependencies' && command.stack === 'node');
  const productionOnly = installs.length > 0 && installs.every((command) => /--(omit=dev|production|prod)\b/.test(command.command.text));
  const tool = installs[0]?.tool ?? 'npm';
  const prune = info.buildCommands.length > 0 && !productionOnly && PRUNE[tool] ? ['# Only production dependencies go to the runtime.', PRUNE[tool]] : [];
  return {
    base: slimTag(stage.base),
    reason: 'node without compilers, the app with its production dependencies',
    builderPrelude: [],
    builderInsertions: [],
    builderEpilogue: prune,
    runtimeLines: [...workdirLine(info), ...whole(info, builder)],
  };
}

const VENV = /(?:-m\s+venv|virtualenv)\s+(?:--?\S+\s+)*([^\s&;|]+)/;

function pythonPlan(info: StackInfo, stage: Stage, builder: string): RuntimePlan {
  const existing = stage.instructions.map((instruction) => (instruction.keyword === 'RUN' ? VENV.exec(commandText(instruction))?.[1] : undefined)).find(Boolean);
  const venv = existing ? path.posix.resolve(info.workdir, existing) : '/opt/venv';
  const activate = `ENV PATH="${venv}/bin:$PATH"`;
  const firstInstall = info.commands.find((command) => command.stack === 'python');
  const insertions = !existing && firstInstall ? [{ index: firstInstall.instructionIndex, lines: ['# Dependencies go to a virtualenv the runtime copies.', `RUN python -m venv ${venv}`, activate] }] : [];
  return {
    base: slimTag(stage.base),
    reason: 'python without compilers, the app and its virtualenv',
    builderPrelude: [],
    builderInsertions: insertions,
    builderEpilogue: [],
    runtimeLines: [...workdirLine(info), copyLine(builder, venv, venv), ...(info.workdir === venv ? [] : whole(info, builder)), ...(existing ? [] : [activate])],
  };
}

function javaPlan(info: StackInfo, builder: string): RuntimePlan {
  const version = info.languageVersion ?? '21';
  const base = `eclipse-temurin:${version}-jre${info.baseLibc === 'musl' ? '-alpine' : ''}`;
  const note = info.artifact?.path.includes('*') ? ['# stagecraft: copies every jar the build leaves there; keep the one your ENTRYPOINT runs.'] : [];
  return { base, reason: 'a JRE instead of the JDK and build tool', builderPrelude: [], builderInsertions: [], builderEpilogue: [], runtimeLines: [...workdirLine(info), ...note, ...artifactCopy(info, builder)] };
}

function dotnetPlan(info: StackInfo, stage: Stage, context: ContextFiles, builder: string): RuntimePlan {
  const web = stage.instructions.some((instruction) => instruction.keyword === 'EXPOSE' || /ASPNETCORE_/.test(instruction.line.text)) || /Microsoft\.NET\.Sdk\.Web/.test(context.read(projectFile(info, context) ?? '') ?? '');
  const tag = parseBaseImage(stage.base).tag;
  const base = `mcr.microsoft.com/dotnet/${web ? 'aspnet' : 'runtime'}:${tag}`;
  return { base, reason: `the ${web ? 'ASP.NET Core' : '.NET'} runtime instead of the SDK`, builderPrelude: [], builderInsertions: [], builderEpilogue: [], runtimeLines: [...workdirLine(info), ...artifactCopy(info, builder)] };
}

function projectFile(info: StackInfo, context: ContextFiles): string | undefined {
  const named = info.buildCommands.flatMap((command) => command.command.argv).find((word) => word.endsWith('.csproj'));
  return named && context.exists(named) ? named : undefined;
}

function staticSitePlan(info: StackInfo, builder: string): RuntimePlan {
  const site = info.artifact ? [copyLine(builder, info.artifact.path, '/usr/share/nginx/html')] : [ASK_FOR_ARTIFACT, copyLine(builder, ARTIFACT_PLACEHOLDER, '/usr/share/nginx/html')];
  return { base: 'nginx:alpine', reason: 'the built site served by nginx', builderPrelude: [], builderInsertions: [], builderEpilogue: [], runtimeLines: site };
}

function unknownPlan(info: StackInfo, builder: string): RuntimePlan {
  const plan = glibcBinaryPlan({ ...info, needsShell: true }, builder, 'debian:bookworm-slim');
  return { ...plan, reason: info.baseLibc === 'musl' ? 'alpine, without the build tools' : 'debian slim, without the build tools' };
}

export function planRuntime(info: StackInfo, stage: Stage, context: ContextFiles, builder: string): RuntimePlan {
  switch (info.stack) {
    case 'go':
      return goPlan(info, stage, builder);
    case 'rust':
      return rustPlan(info, stage, builder);
    case 'node':
      return nodePlan(info, stage, builder);
    case 'python':
      return pythonPlan(info, stage, builder);
    case 'java':
      return javaPlan(info, builder);
    case 'dotnet':
      return dotnetPlan(info, stage, context, builder);
    case 'static':
      return staticSitePlan(info, builder);
    case 'c':
      return info.artifact ? glibcBinaryPlan(info, builder, 'gcr.io/distroless/cc-debian12') : unknownPlan(info, builder);
    default:
      return unknownPlan(info, builder);
  }
}
