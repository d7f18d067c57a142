/**
 * The size engine's facade for callers outside the server (the CLI): a Dockerfile's text in, the
 * estimate out, with the registry asked once for the base images the catalog does not know.
 */
import * as path from 'node:path';
import { buildStageGraph } from '../model/stageGraph';
import { buildStageModel } from '../model/stageModel';
import type { ImageSizeResult, ImageSizeService } from '../registry/types';
import { loadBuildContext, settleEstimate, DEFAULT_LIMITS } from '../size/buildContext';
import { estimateDockerfile, lookupKey } from '../size/estimator';
import { parsePlatform } from '../registry/platform';
import type { SizeEstimate } from '../size/sizeEstimate';

export { toContract, type EstimateContract } from '../size/contract';
export { formatSizeTable } from '../size/textReport';
export { parsePlatform, platformProblem } from '../registry/platform';
export type { SizeEstimate } from '../size/sizeEstimate';

export interface ImageSizeOptions {
  /** The Dockerfile's path: named in the estimate, and left out of the build context. */
  file: string;
  /** The build context folder. */
  contextDir: string;
  platform?: string;
  target?: string;
  /** Asked for base images the catalog does not know; none: catalog only. */
  registry?: ImageSizeService;
}

/** Registry look-ups one estimate may make. */
export const MAX_LOOKUPS = 16;

export async function estimateImageSize(text: string, options: ImageSizeOptions): Promise<SizeEstimate> {
  const model = buildStageModel(text);
  const graph = buildStageGraph(model);
  const context = await loadBuildContext(path.resolve(options.contextDir), path.resolve(options.file), DEFAULT_LIMITS);
  const base = { file: options.file, context, platform: options.platform, target: options.target, wantLookups: options.registry !== undefined };
  let estimate = await settleEstimate(context, () => estimateDockerfile(model, graph, base));
  const registry = options.registry;
  if (registry && estimate.pendingLookups.length > 0) {
    const remote = new Map<string, ImageSizeResult>();
    await Promise.all(
      // Capped: a Dockerfile naming hundreds of images does not make hundreds of requests.
      estimate.pendingLookups.slice(0, MAX_LOOKUPS).map(async ({ image, platform }) => {
        remote.set(lookupKey(image, platform), await registry.lookup({ image, platform: parsePlatform(platform)! }));
      }),
    );
    estimate = estimateDockerfile(model, graph, { ...base, remote, wantLookups: false });
  }
  return estimate;
}
