/**
 * InvalidBaseImagePlatform (BuildKit's build check, dockerfile2llb validateBaseImagePlatform) and
 * BaseImagePlatformMissing, judged with what the registry says about each base image: for every
 * platform the user builds and every stage the target reaches, the platform BuildKit would pull
 * (an index's entry for it or a compatible one, a single image whatever it is) against the one
 * the stage is built for. Without an answer (look-ups off, untrusted workspace, not answered yet)
 * nothing is reported: the answers come in later and the diagnostics are published again.
 */
import { parseFlags } from '../model/flags';
import { reachableStages, type StageGraph } from '../model/stageGraph';
import { expandVariables, globalArgsFor, resolveTargetIndex, type Stage, type StageModel } from '../model/stageModel';
import { buildkitPlatformText, platformFromIndex, readPlatform, samePlatform, type BaseImagePlatforms, type Platform } from '../knowledge/imagePlatforms';
import { namedContexts, type TargetMention } from '../workspace/targetMentions';
import { registerRule } from './ruleCatalog';
import type { Finding } from './stageRules';

registerRule({
  code: 'InvalidBaseImagePlatform',
  defaultSeverity: 'warning',
  summary: 'The base image the registry gives for a platform is another platform (a single-platform image, or an index with only a compatible one): BuildKit warns.',
  buildCheck: {},
});
registerRule({
  code: 'BaseImagePlatformMissing',
  defaultSeverity: 'warning',
  summary: "The base image's index has no image for a platform you build (stagecraft.platforms): the build for that platform fails.",
});

export interface BasePlatformOptions {
  target?: string;
  targetMentions?: ReadonlyMap<string, readonly TargetMention[]>;
  /** The registry's answer for an image, once known; undefined: not looked up (yet), or look-ups are off. */
  basePlatforms?: (image: string) => BaseImagePlatforms | undefined;
}

/** One base image to judge: a reachable stage's base for one platform built. */
interface BaseCheck {
  stage: Stage;
  image: string;
  expected: Platform;
}

/** Images judged per document at most (each is a registry look-up). */
export const MAX_BASE_IMAGES = 16;

const BUILD_PLATFORM_ARG = /\$\{?BUILD(PLATFORM|OS|ARCH|VARIANT|OSVERSION)\b/;

/** The (stage, image, platform) triples BuildKit resolves: reachable stages on an image, per platform built. */
function baseChecks(model: StageModel, graph: StageGraph, options: BasePlatformOptions): BaseCheck[] {
  if (model.stages.length === 0) return [];
  const reachable = reachableStages(graph, resolveTargetIndex(model, options.target));
  const contexts = namedContexts(options.targetMentions);
  const checks: BaseCheck[] = [];
  const images = new Set<string>();
  // The platforms the user builds; a `FROM --platform` constant pins its own stage only.
  for (const platform of model.platforms.slice(0, model.builtPlatformCount)) {
    const args = globalArgsFor(model, platform);
    for (const stage of model.stages) {
      if (!reachable.has(stage.index) || !stage.base || stage.caseMismatchStage !== undefined) continue;
      const image = expandVariables(stage.base, args);
      if (!image || image.includes('$') || image.toLowerCase() === 'scratch') continue;
      // A stage above of that name (FROM matches as written), or a named build context: no pull.
      if (model.stages.some((other) => other.index < stage.index && other.normalizedName === image)) continue;
      if (contexts.has(image.toLowerCase()) || contexts.has(image.toLowerCase().split(':')[0])) continue;
      const flag = parseFlags(stage.from).flags.find((candidate) => candidate.name === 'platform')?.value;
      // The builder's own platform is not known here: stages built for it are not judged.
      if (flag && BUILD_PLATFORM_ARG.test(flag)) continue;
      const expected = readPlatform(flag ? expandVariables(flag, args) : platform);
      if (!expected) continue;
      if (!images.has(image)) {
        if (images.size >= MAX_BASE_IMAGES) continue;
        images.add(image);
      }
      if (!checks.some((check) => check.stage === stage && check.image === image && samePlatform(check.expected, expected) && check.expected.variant === expected.variant)) checks.push({ stage, image, expected });
    }
  }
  return checks;
}

/** The base images whose platforms the rule needs (for the look-ups to start). */
export function wantedBaseImages(model: StageModel, graph: StageGraph, options: BasePlatformOptions): string[] {
  return [...new Set(baseChecks(model, graph, options).map((check) => check.image))];
}

export function checkBasePlatforms(model: StageModel, graph: StageGraph, options: BasePlatformOptions): Finding[] {
  if (!options.basePlatforms) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const { stage, image, expected } of baseChecks(model, graph, options)) {
    const answer = options.basePlatforms(image);
    if (!answer || !stage.baseSpan) continue;
    const expectedText = buildkitPlatformText(expected);
    let finding: Finding | undefined;
    if (answer.kind === 'index') {
      const pulled = platformFromIndex(answer.platforms, expected);
      if (!pulled) {
        const offered = [...new Set(answer.platforms.map(buildkitPlatformText))];
        finding = {
          code: 'BaseImagePlatformMissing',
          span: stage.baseSpan,
          message: `Base image ${image} has no ${expectedText} image (its index lists ${offered.length > 0 ? offered.slice(0, 8).join(', ') : 'no platform'}): a build for ${expectedText} fails with "no match for platform in manifest". ${expectedText} is among the platforms you build (stagecraft.platforms, --platform, bake/compose platforms) or the stage's FROM --platform.`,
          related: [],
        };
      } else if (!samePlatform(pulled, expected)) {
        finding = invalidPlatform(stage, image, pulled, expectedText);
      }
    } else if (answer.platforms.length > 0 && !samePlatform(answer.platforms[0], expected)) {
      finding = invalidPlatform(stage, image, answer.platforms[0], expectedText);
    }
    if (!finding || seen.has(finding.message)) continue;
    seen.add(finding.message);
    findings.push(finding);
  }
  return findings;
}

/** BuildKit's words (linter RuleInvalidBaseImagePlatform). */
function invalidPlatform(stage: Stage, image: string, actual: Platform, expectedText: string): Finding {
  return {
    code: 'InvalidBaseImagePlatform',
    span: stage.baseSpan ?? stage.from.span,
    message: `Base image ${image} was pulled with platform "${buildkitPlatformText(actual)}", expected "${expectedText}" for current build`,
    related: [],
    directiveAnchor: stage.from,
  };
}
