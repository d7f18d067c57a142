/**
 * `stagecraft estimate [--format text|json] [--platform linux/amd64] [--target NAME] [--offline]
 * [--context DIR] <Dockerfile>`: the estimated image size, per stage and per part.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { buildStageGraph } from '../model/stageGraph';
import { buildStageModel } from '../model/stageModel';
import { createImageSizeService } from '../registry/service';
import type { ImageSizeResult, ImageSizeService } from '../registry/types';
import { readBuildContext } from '../size/buildContext';
import { toContract } from '../size/contract';
import { estimateDockerfile, lookupKey } from '../size/estimator';
import { parsePlatform } from '../size/platform';
import type { SizeEstimate } from '../size/sizeEstimate';
import { formatSizeTable } from '../size/textReport';
import { COMMANDS, parseArgs } from './main';
import { readDockerfile, UsageError } from './readDockerfile';

export const ESTIMATE_USAGE = 'usage: stagecraft estimate [--format text|json] [--platform linux/amd64] [--target NAME] [--offline] [--context DIR] <Dockerfile>';

/** The registry client for the CLI: on unless `--offline`, with the user's cache directory. */
function registryFactory(): ImageSizeService {
  const cacheRoot = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return createImageSizeService({ enabled: true, cacheDir: path.join(cacheRoot, 'stagecraft', 'registry') });
}

export async function estimateFile(file: string, options: { platform?: string; target?: string; offline: boolean; context?: string }): Promise<SizeEstimate> {
  const text = await readDockerfile(file);
  const model = buildStageModel(text);
  const graph = buildStageGraph(model);
  const contextDir = path.resolve(options.context ?? path.dirname(file));
  const context = readBuildContext(contextDir, path.resolve(file));
  const base = { file, context, platform: options.platform, target: options.target, wantLookups: !options.offline };
  let estimate = estimateDockerfile(model, graph, base);
  const registry = options.offline ? undefined : registryFactory();
  if (registry && estimate.pendingLookups.length > 0) {
    const remote = new Map<string, ImageSizeResult>();
    await Promise.all(estimate.pendingLookups.map(async ({ image, platform }) => {
      const parsed = parsePlatform(platform)!;
      remote.set(lookupKey(image, platform), await registry.lookup({ image, platform: parsed }));
    }));
    estimate = estimateDockerfile(model, graph, { ...base, remote, wantLookups: false });
  }
  return estimate;
}

COMMANDS.set('estimate', {
  usage: ESTIMATE_USAGE,
  run: async (args) => {
    const { flags, positional } = parseArgs(args, new Set(['format', 'platform', 'target', 'context']), new Set(['offline']));
    const format = (flags.get('format') as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format '${format}' (text or json)`);
    const platform = flags.get('platform') as string | undefined;
    if (platform !== undefined && !parsePlatform(platform)) throw new UsageError(`unreadable platform '${platform}' (e.g. linux/amd64, linux/arm64)`);
    if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'no Dockerfile given' : 'one Dockerfile at a time');
    const estimate = await estimateFile(positional[0], { platform, target: flags.get('target') as string | undefined, offline: flags.has('offline'), context: flags.get('context') as string | undefined });
    process.stdout.write(format === 'json' ? `${JSON.stringify(toContract(estimate), null, 2)}\n` : `${formatSizeTable(estimate)}\n`);
    return 0;
  },
});
