/**
 * `stagecraft estimate [--format text|json] [--platform linux/amd64] [--target NAME] [--offline]
 * [--context DIR] <Dockerfile>`: the estimated image size, per stage and per part.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { createImageSizeService } from '../registry/service';
import type { ImageSizeService } from '../registry/types';
import { estimateImageSize, formatSizeTable, parsePlatform, toContract, type SizeEstimate } from '../service/sizeService';
import { COMMANDS, parseArgs } from './main';
import { readDockerfile, UsageError } from './readDockerfile';

export const ESTIMATE_USAGE =
  'usage: stagecraft estimate [--format text|json] [--platform linux/amd64] [--target NAME] [--offline] [--registry] [--context DIR] <Dockerfile>\n' +
  '  registry look-ups: on by default; off with --offline, and off when CI is set (an untrusted Dockerfile names the hosts) unless --registry is given';

/** The registry client for the CLI: on unless `--offline`, with the user's cache directory. */
function registryFactory(): ImageSizeService {
  const cacheRoot = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return createImageSizeService({ enabled: true, cacheDir: path.join(cacheRoot, 'stagecraft', 'registry') });
}

/**
 * Whether the CLI asks registries: a Dockerfile from an untrusted pull request names the hosts,
 * so in CI (`CI` set) only with `--registry`; `--offline` always wins.
 */
export function lookupsWanted(offline: boolean, registry: boolean, env: NodeJS.ProcessEnv): boolean {
  if (offline) return false;
  const inCi = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return !inCi || registry;
}

export async function estimateFile(file: string, options: { platform?: string; target?: string; offline: boolean; context?: string }): Promise<SizeEstimate> {
  const text = await readDockerfile(file);
  return estimateImageSize(text, {
    file,
    contextDir: options.context ?? path.dirname(file),
    platform: options.platform,
    target: options.target,
    registry: options.offline ? undefined : registryFactory(),
  });
}

COMMANDS.set('estimate', {
  usage: ESTIMATE_USAGE,
  run: async (args) => {
    const { flags, positional } = parseArgs(args, new Set(['format', 'platform', 'target', 'context']), new Set(['offline', 'registry']));
    const format = (flags.get('format') as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format '${format}' (text or json)`);
    const platform = flags.get('platform') as string | undefined;
    if (platform !== undefined && !parsePlatform(platform)) throw new UsageError(`unreadable platform '${platform}' (e.g. linux/amd64, linux/arm64)`);
    if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'no Dockerfile given' : 'one Dockerfile at a time');
    const estimate = await estimateFile(positional[0], { platform, target: flags.get('target') as string | undefined, offline: !lookupsWanted(flags.has('offline'), flags.has('registry'), process.env), context: flags.get('context') as string | undefined });
    process.stdout.write(format === 'json' ? `${JSON.stringify(toContract(estimate), null, 2)}\n` : `${formatSizeTable(estimate)}\n`);
    return 0;
  },
});
