/**
 * `stagecraft estimate [options] <Dockerfile>...`: the estimated image size of each Dockerfile,
 * per stage and per part.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { createImageSizeService } from '../registry/service';
import type { ImageSizeService } from '../registry/types';
import { buildTargetProblem } from '../service/buildTarget';
import { estimateImageSize, formatSizeTable, platformProblem, toContract, type SizeEstimate } from '../service/sizeService';
import { COMMANDS, EXIT_CODES, parseArgs } from './main';
import { InputError, readDockerfile, UsageError } from './readDockerfile';

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

export interface EstimateFileOptions {
  platform?: string;
  target?: string;
  offline: boolean;
  /** The build context folder; default: the Dockerfile's folder. */
  context?: string;
  registry?: ImageSizeService;
}

export async function estimateFile(file: string, options: EstimateFileOptions): Promise<SizeEstimate> {
  const text = await readDockerfile(file);
  const targetProblem = options.target === undefined ? undefined : buildTargetProblem(text, options.target);
  if (targetProblem) throw new InputError(`${file}: ${targetProblem}`);
  return estimateImageSize(text, {
    file,
    contextDir: options.context ?? path.dirname(file),
    platform: options.platform,
    target: options.target,
    registry: options.offline ? undefined : (options.registry ?? registryFactory()),
  });
}

const ESTIMATE_HELP = `Usage: stagecraft estimate [options] <Dockerfile>...

Estimates the image each Dockerfile builds: the base image (from a catalog of published sizes,
or the registry), what COPY and ADD bring from the build context and other stages, and what
RUN commands install. Per stage and per line, on disk and to pull, with a range.

Options:
  --format text|json            text: a table per stage; json: the estimate as data, one
                                object for one file, an array for several (default: text)
  --platform os/arch[/variant]  the platform to size for, e.g. linux/arm64 (default:
                                linux/amd64); a FROM --platform wins for its stage
  --target NAME                 the stage to size, as \`docker build --target NAME\` (default:
                                the last stage); a name no stage has is an error, as in BuildKit
  --context DIR                 the build context (default: each Dockerfile's folder)
  --offline                     no registry look-ups: catalog figures only
  --registry                    registry look-ups even when CI is set (in CI they are off by
                                default: an untrusted Dockerfile names the hosts)
  -h, --help                    this help

${EXIT_CODES}

Example:
  stagecraft estimate --offline --platform linux/arm64 Dockerfile`;

COMMANDS.set('estimate', {
  summary: 'the estimated image size of each Dockerfile, per stage and per line',
  help: ESTIMATE_HELP,
  run: async (args) => {
    const { flags, positional } = parseArgs(args, new Set(['format', 'platform', 'target', 'context']), new Set(['offline', 'registry']));
    const format = (flags.get('format') as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format '${format}' (text or json)`);
    const platform = flags.get('platform') as string | undefined;
    const problem = platform === undefined ? undefined : platformProblem(platform);
    if (problem) throw new UsageError(`--platform: ${problem} (e.g. linux/amd64, linux/arm64, linux/arm/v7)`);
    if (positional.length === 0) throw new UsageError('no Dockerfile given');
    const offline = !lookupsWanted(flags.has('offline'), flags.has('registry'), process.env);
    const registry = offline ? undefined : registryFactory();
    const options = { platform, target: flags.get('target') as string | undefined, offline, context: flags.get('context') as string | undefined, registry };
    const estimates: SizeEstimate[] = [];
    for (const file of positional) estimates.push(await estimateFile(file, options));
    if (format === 'json') {
      const contracts = estimates.map(toContract);
      process.stdout.write(`${JSON.stringify(contracts.length === 1 ? contracts[0] : contracts, null, 2)}\n`);
    } else {
      process.stdout.write(`${estimates.map(formatSizeTable).join('\n\n')}\n`);
    }
    return 0;
  },
});
