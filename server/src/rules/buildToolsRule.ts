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
    const compared = runtime ? `; the runtime base ${runtimeBase} is ${megabytes(runtime.uncompressed)}` : '';
    return ` (${megabytes(shipped.uncompressed)} on disk${compared})`;
  } catch {
    // Sizes are a courtesy: the finding stands without them.
    return '';
  }
}

export function checkBuildTools(model: StageModel): Finding[] {
  const final = model.stages[model.stages.length - 1];
  // `FROM <stage>` inherits; the toolchain is judged where it enters.
  if (!final || final.parentStage !== undefined || !final.base || final.base.toLowerCase() === 'scratch') return [];
  const info = detectStack(model, final.index);
  const shipped = shippedBuildTools(info);
  if (!shipped) return [];
  const builds = info.buildCommands.map((command) => command.command.text.replace(/\s+/g, ' '));
  return [
    {
      code: BUILD_TOOLS_RULE.code,
      span: final.baseSpan ?? final.from.keywordSpan,
      message: `The final image ships ${shipped} on ${info.base.reference}${sizeNote(info, final)}${builds.length > 0 ? ` and builds in it (\`${builds[builds.length - 1]}\`)` : ''}: split the build into a builder stage and copy only what runs.`,
      related: [],
      data: { stack: info.stack, base: info.base.reference, toolchain: info.toolchain ?? null },
    },
  ];
}
