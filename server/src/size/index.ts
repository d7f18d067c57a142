/**
 * The size engine's public surface.
 * - `estimateBaseImage(image, platform)`: a base image's size from the shipped catalog (no network),
 *   e.g. for messages like "ships ≈ 800 MB of toolchain"; `formatBytes` prints it as docker does.
 * - `estimateDockerfile(model, graph, options)`: the whole estimate; `toContract` gives the CLI's JSON.
 */
export { estimateBaseImage, type BaseImageEstimate } from './baseImage';
export { estimateDockerfile, lookupKey, type EstimateOptions } from './estimator';
export { readBuildContext, type BuildContext } from './buildContext';
export { toContract, type EstimateContract } from './contract';
export { formatBytes, type SizeFigure } from './sizeFigure';
export type { SizeEstimate, StageEstimate, PartEstimate, PartSource } from './sizeEstimate';
