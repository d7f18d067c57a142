/**
 * BuildToolsInFinalStage: the image that ships is built on a toolchain image (golang, rust,
 * maven, a JDK, the .NET SDK, gcc, full python/node...) or runs the build itself. Everything the
 * build needed ships for nothing; the fix splits the stage into a builder and a runtime stage.
 */
import { likelyRuntimeBase } from '../knowledge/runtimeBase';
import { detectStack, type StackInfo } from '../knowledge/stackDetection';
import type { Stage } from '../model/stageModel';
import { estimateBaseImage } from '../size/baseImage';
import type { StageModel } from '../model/stageModel';
import { registerRule, type RuleDefinition } from './ruleCatalog';
import type { Finding } from './stageRules';

export const BUILD_TOOLS_RULE: RuleDefinition = {
  code: 'BuildToolsInFinalStage',
  defaultSeverity: 'warning',
  summary: 'The final image is built on a build toolchain or runs the build: compilers and build caches ship with the app.',
};

registerRule(BUILD_TOOLS_RULE);

/** What the final stage ships for nothing, or undefined when it ships only what it runs. */
export function shippedBuildTools(info: StackInfo): string | undefined {
  const builds = info.buildCommands.length > 0;
  // The full node image is fine for running node; it is a toolchain only when a build runs in it.
  if (info.shippedToolchain && (info.base.shortName !== 'node' || builds)) return info.shippedToolchain;
  if (info.installsCompiler) return 'the compilers it installs';
  if (builds) return `the build tools and sources of \`${info.buildCommands[info.buildCommands.length - 1].command.text}\``;
  return undefined;
}

function megabytes(bytes: number): string {
  return `≈ ${Math.max(1, Math.round(bytes / 1_000_000))} MB`;
}

/** "(≈ 850 MB on disk; the runtime base gcr.io/distroless/static-debian12 is ≈ 2 MB)", from the size engine's catalog. */
function sizeNote(info: StackInfo, stage: Stage): string {
  try {
    const shipped = estimateBaseImage(info.base.reference, stage.platform && !stage.platform.includes('$') ? stage.platform : undefined);
    if (!shipped || shipped.uncompressed <= 0) return '';
    const runtimeBase = likelyRuntimeBase(info);
    const runtime = estimateBaseImage(runtimeBase);
    // A runtime base that is the shipped image again (or no smaller) compares nothing.
    const same = runtimeBase === info.base.reference || (runtime !== undefined && runtime.uncompressed >= shipped.uncompressed);
    const compared = runtime && !same ? `; the runtime base ${runtimeBase} is ${megabytes(runtime.uncompressed)}` : '';
    return ` (${megabytes(shipped.uncompressed)} on disk${compared})`;
  } catch {
    // Sizes are a courtesy: the finding stands without them.
    return '';
  }
}

/** Folders and file names of images whose tools are the product: CI, test, lint, dev and builder images. */
const TOOL_IMAGE_PATH = /(^|\/)(tests?|e2e|hack|ci|\.devcontainer|\.github|build-tools|testdata|tools|scripts|dev)(\/|$)|(^|[/._-])(lint|tests?|e2e|ci|dev|devcontainer|make|builder|build-image|toolchain|tools)([._-]|$)[^/]*$/i;

/** Programs that make a container a workbench, not an application: a bare shell, or a build tool as its command. */
const SHELLS = new Set(['sh', 'bash', 'ash', 'zsh']);
const BUILD_TOOLS = new Set(['make', 'mvn', 'gradle', 'golangci-lint', 'just', 'task', 'hugo']);
/** Toolchains that run the app from source (`go run`, `cargo run`, `dotnet run`): the toolchain is what runs. */
const RUNS_FROM_SOURCE = new Set(['go', 'cargo', 'dotnet']);

/** The command the image runs (ENTRYPOINT, else CMD, in this stage or the stages below it): its program and word count; null when there is none. */
function imageCommand(model: StageModel, stage: Stage): { program: string; words: number; subcommand?: string } | null {
  for (let current: Stage | undefined = stage; current; current = current.parentStage === undefined ? undefined : model.stages[current.parentStage]) {
    const run = [...current.instructions].reverse().find((instruction) => instruction.keyword === 'ENTRYPOINT') ?? [...current.instructions].reverse().find((instruction) => instruction.keyword === 'CMD');
    if (!run || run.words.length === 0) continue;
    const text = run.line.text.slice(run.words[0].start);
    let words: string[];
    try {
      words = text.trimStart().startsWith('[') ? (JSON.parse(text) as unknown[]).map(String) : run.words.map((word) => word.value);
    } catch {
      words = run.words.map((word) => word.value);
    }
    const first = words[0] ?? '';
    return { program: first.slice(first.lastIndexOf('/') + 1), words: words.length, subcommand: words[1] };
  }
  return null;
}

/**
 * When the tools are the product, the finding goes: CI, test, lint and dev images (by their path
 * or stage name), images whose command is a bare shell or a build tool, and builder images (a
 * toolchain base and no command at all, to build in or derive from).
 */
function toolsAreTheProduct(model: StageModel, final: Stage, info: StackInfo, file: string | undefined): boolean {
  const path = file ? decodeURIComponent(file.replace(/^file:\/\//, '')) : '';
  if (path && TOOL_IMAGE_PATH.test(path.split('/').slice(-4).join('/'))) return true;
  if (final.normalizedName && /^(builder|build-image|toolchain|tools|dev|devcontainer|ci|lint|tests?|e2e)$/.test(final.normalizedName)) return true;
  const command = imageCommand(model, final);
  if (command === null) return info.shippedToolchain !== undefined;
  // Running from source with nothing built first: the toolchain is the runtime (a poor choice, not shipped build tools).
  if (RUNS_FROM_SOURCE.has(command.program) && command.subcommand === 'run' && info.buildCommands.length === 0) return true;
  return (SHELLS.has(command.program) && command.words === 1) || BUILD_TOOLS.has(command.program);
}

/** The build command worth quoting: the last one that builds (not a `make clean`). */
function quotedBuild(info: StackInfo): string | undefined {
  const texts = info.buildCommands.map((command) => command.command.text.replace(/\s+/g, ' '));
  return [...texts].reverse().find((text) => !/\bclean\b/.test(text)) ?? texts[texts.length - 1];
}

export function checkBuildTools(model: StageModel, file?: string): Finding[] {
  const final = model.stages[model.stages.length - 1];
  // `FROM <stage>` inherits; the toolchain is judged where it enters.
  if (!final || final.parentStage !== undefined || !final.base || final.base.toLowerCase() === 'scratch') return [];
  const info = detectStack(model, final.index);
  const shipped = shippedBuildTools(info);
  if (!shipped || toolsAreTheProduct(model, final, info, file)) return [];
  const build = quotedBuild(info);
  // Nothing built here (the artifact comes from another stage, or the toolchain is what runs): weak
  // evidence. Compilers installed next to a dependency install (pip, npm ci) do build native code.
  const weak = build === undefined && !(info.installsCompiler && info.commands.length > 0);
  return [
    {
      code: BUILD_TOOLS_RULE.code,
      span: final.baseSpan ?? final.from.keywordSpan,
      message: weak
        ? info.stack === 'java'
          ? `The final image runs the app on a full JDK (${info.base.reference}${sizeNote(info, final)}) though nothing is built in this stage: a JRE image of the same Java version runs it and is smaller.`
          : `The final image runs on ${info.base.reference}${sizeNote(info, final)}, which ships ${shipped} though nothing is built in this stage: if the app does not need them at run time, a runtime image is smaller.`
        : `The final image ships ${shipped} on ${info.base.reference}${sizeNote(info, final)} and builds in it (\`${build ?? info.commands[info.commands.length - 1].command.text.replace(/\s+/g, ' ')}\`): split the build into a builder stage and copy only what runs.`,
      ...(weak ? { severity: 'hint' as const } : {}),
      related: [],
      data: { stack: info.stack, base: info.base.reference, toolchain: info.toolchain ?? null },
    },
  ];
}
