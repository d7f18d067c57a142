/**
 * Cache-friendly order in the builder: the dependency manifests copied and their download run
 * before the full source copy, so a source edit does not re-download everything. Applied only
 * when the original lacks it and the manifests exist in the build context.
 */
import { parseFlags } from '../../model/flags';
import type { Instruction } from '../../model/scanner';
import { simpleCommands } from '../../model/shellCommands';
import type { StackCommand, StackInfo } from '../../knowledge/stackDetection';
import type { Chunk } from './chunks';
import type { ContextFiles } from '../../workspace/contextFiles';
import { classifyCommand } from '../../knowledge/toolCommands';
import { resolveIn } from '../../model/workdir';
import { stageWorkdirBefore } from '../../knowledge/imageWorkdir';

export type BuilderPiece = Chunk | { generated: string[] };

const LOCKFILES: Record<string, string[]> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json'],
  yarn: ['yarn.lock'],
  pnpm: ['pnpm-lock.yaml'],
};

/** The manifests a dependency step reads, when all of them are in the context. */
function manifestsOf(command: StackCommand, context: ContextFiles): string[] | undefined {
  if (command.tool === 'go') return context.exists('go.mod') ? ['go.mod', ...(context.exists('go.sum') ? ['go.sum'] : [])] : undefined;
  if (command.tool in LOCKFILES) {
    if (!context.exists('package.json')) return undefined;
    // A workspace install also reads every member's package.json: the sources are needed first.
    if (context.exists('pnpm-workspace.yaml') || /"workspaces"\s*:/.test(context.read('package.json') ?? '')) return undefined;
    return ['package.json', ...LOCKFILES[command.tool].filter((file) => context.exists(file))];
  }
  if (command.tool === 'pip') {
    const argv = command.command.argv;
    const requirement = argv.findIndex((word) => word === '-r' || word === '--requirement');
    const file = requirement >= 0 ? argv[requirement + 1] : undefined;
    // `pip install .` needs the sources: nothing to move.
    return file && !argv.includes('.') && context.exists(file) ? [file] : undefined;
  }
  return undefined;
}

/** COPY/ADD of the whole context into the working directory (`COPY . .`). */
function isSourceCopy(chunk: Chunk, workdir: string): boolean {
  const instruction = chunk.instruction;
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return false;
  const { flags, rest } = parseFlags(instruction);
  if (flags.some((flag) => flag.name === 'from') || rest.length < 2) return false;
  const sources = rest.slice(0, -1).map((word) => word.value);
  const destination = resolveIn(workdir, rest[rest.length - 1].value);
  return sources.some((source) => source === '.' || source === './') && destination === workdir;
}

/** A RUN that only fetches dependencies (cleanup commands allowed, no build). */
function onlyFetches(chunk: Chunk): boolean {
  const uses = simpleCommands(chunk.instruction).map(classifyCommand);
  return uses.some((use) => use?.role === 'dependencies') && !uses.some((use) => use?.role === 'build');
}

export function cacheFriendlyOrder(chunks: Chunk[], stageInstructions: readonly Instruction[], info: StackInfo, context: ContextFiles): BuilderPiece[] {
  const sourceAt = chunks.findIndex((chunk) => isSourceCopy(chunk, stageWorkdirBefore(stageInstructions, chunk.index)));
  if (sourceAt < 0) return chunks;
  const source = chunks[sourceAt];
  const workdir = stageWorkdirBefore(stageInstructions, source.index);
  // The project's download, not a global tool install (`npm i -g pnpm`).
  const fetches = info.commands.filter((command) => command.role === 'dependencies' && !command.command.argv.some((word) => word === '-g' || word === '--global' || word === 'global'));
  // Already cache-friendly: a download runs before the sources arrive.
  if (fetches.some((command) => command.instructionIndex < source.index)) return chunks;
  const fetch = fetches.find((command) => command.instructionIndex > source.index && command.dir === workdir);
  const manifests = fetch ? manifestsOf(fetch, context) : undefined;
  if (fetch && manifests) {
    const moved = chunks.find((chunk) => chunk.index === fetch.instructionIndex);
    if (!moved || !onlyFetches(moved)) return chunks;
    // A RUN between the sources and the download (`apk add g++` for native addons) may be what
    // the download needs: the order stays.
    if (chunks.some((chunk) => chunk.index > source.index && chunk.index < moved.index && chunk.instruction.keyword === 'RUN')) return chunks;
    const rest = chunks.filter((chunk) => chunk !== moved);
    const at = rest.indexOf(source);
    return [...rest.slice(0, at), { generated: [`COPY ${manifests.join(' ')} ./`] }, moved, ...rest.slice(at)];
  }
  // Go builds without a download step: add one, it only needs go.mod.
  if (!fetch && info.stack === 'go' && context.exists('go.mod')) {
    const goManifests = ['go.mod', ...(context.exists('go.sum') ? ['go.sum'] : [])];
    return [...chunks.slice(0, sourceAt), { generated: [`COPY ${goManifests.join(' ')} ./`, 'RUN go mod download'] }, ...chunks.slice(sourceAt)];
  }
  return chunks;
}
