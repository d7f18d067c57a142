/**
 * What a COPY or ADD adds: the real bytes of the matched build-context files (after
 * .dockerignore), the files another stage is known to hold, the real file when the build
 * context has it at the copied path, or a per-stack model with a range.
 */
import * as path from 'node:path';
import * as posix from 'node:path/posix';
import { modelArtifact } from './artifactModels';
import { contextEntry, type BuildContext } from './buildContext';
import { compilePathPattern, hasWildcard, matchGlob, type Glob } from '../model/glob';
import { cleanPath } from './dockerignore';
import { compressionRatio, CONTENT_RATIO, tarEntryBytes, TAR_BLOCK } from './layerBytes';
import { provenance, SIZE_CONSTANTS as K } from './sizeConstants';
import type { PartSource } from './sizeEstimate';
import { normalize, resolveIn, StageFiles, type KnownFile } from './stageFiles';
import type { SizeFigure } from './sizeFigure';

export interface CopyArguments {
  sources: string[];
  destination: string;
  /** Heredoc bodies by delimiter (`COPY <<EOF /x`). */
  heredocs: Map<string, string>;
}

export interface CopyEstimate {
  bytes: SizeFigure;
  source: PartSource;
  detail: string;
}

function destinationIsDirectory(args: CopyArguments): boolean {
  return args.destination.endsWith('/') || args.sources.length > 1 || args.sources.some(hasWildcard);
}

/** Where a source lands: a directory's contents go into the destination, a file into it or as it. */
function landing(root: string, file: string, rootIsDirectory: boolean, destination: string, destinationIsDir: boolean): string {
  if (rootIsDirectory) return posix.join(destination, root ? file.slice(root.length + 1) : file);
  return destinationIsDir ? posix.join(destination, posix.basename(file)) : destination;
}

/** COPY/ADD from the build context. */
export function copyFromContext(args: CopyArguments, context: BuildContext | undefined, files: StageFiles, workdir: string, isAdd: boolean): CopyEstimate {
  const destination = resolveIn(workdir, args.destination);
  const destinationIsDir = destinationIsDirectory(args);
  let uncompressed = 0;
  let compressed = 0;
  let low = 0;
  let high = 0;
  let count = 0;
  const notes: string[] = [];
  for (const source of args.sources) {
    const heredoc = /^<<-?["']?([A-Za-z0-9_]+)["']?$/.exec(source);
    if (heredoc) {
      const body = args.heredocs.get(heredoc[1]) ?? '';
      const target = destinationIsDir ? posix.join(destination, heredoc[1]) : destination;
      files.set(target, { size: body.length, ratio: K.ratioHeredoc.value, source: 'command' });
      uncompressed += tarEntryBytes(body.length);
      compressed += body.length * K.ratioHeredoc.value + K.tarHeaderCompressed.value;
      low += tarEntryBytes(body.length);
      high += tarEntryBytes(body.length);
      count++;
      continue;
    }
    if (/^(https?:\/\/|git@)/.test(source)) {
      uncompressed += K.remoteSource.value;
      compressed += K.remoteSource.value * CONTENT_RATIO.binary;
      low += K.remoteSource.low;
      high += K.remoteSource.high;
      notes.push(`remote source ${source}: size unknown offline${provenance('remoteSource')}`);
      continue;
    }
    if (!context) {
      notes.push(`no build context on disk${provenance('contextMissing')}`);
      uncompressed += K.contextMissing.value;
      compressed += K.contextMissing.value * CONTENT_RATIO.sources;
      low += K.contextMissing.low;
      high += K.contextMissing.high;
      continue;
    }
    const cleaned = cleanPath(source);
    let matcher: Glob | undefined;
    if (hasWildcard(cleaned)) {
      const compiled = compilePathPattern(cleaned);
      if (!compiled.ok) {
        // BuildKit fails this COPY; the other sources and instructions are still estimated.
        notes.push(`${source} is not a valid pattern (${compiled.error}): left out`);
        continue;
      }
      matcher = compiled.glob;
    }
    const roots = new Map<string, boolean>();
    for (const file of context.files) {
      let root: string | undefined;
      let rootIsDirectory = false;
      if (matcher) {
        // The shortest matching directory wins, as BuildKit copies a matched directory whole.
        for (let slash = file.path.indexOf('/'); slash > 0 && root === undefined; slash = file.path.indexOf('/', slash + 1)) {
          const candidate = file.path.slice(0, slash);
          if (matchGlob(matcher, candidate)) {
            root = candidate;
            rootIsDirectory = true;
          }
        }
        if (root === undefined && matchGlob(matcher, file.path)) root = file.path;
      } else if (cleaned === '' || file.path.startsWith(`${cleaned}/`)) {
        root = cleaned;
        rootIsDirectory = true;
      } else if (file.path === cleaned) {
        root = cleaned;
      }
      if (root === undefined) continue;
      roots.set(root, rootIsDirectory);
      const target = landing(root, file.path, rootIsDirectory, destination, destinationIsDir);
      const archive = isAdd && !rootIsDirectory && /\.(tar|tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tbz2?)$/i.test(file.path);
      if (archive) {
        const plain = /\.tar$/i.test(file.path);
        const expansion = K.addArchiveExpansion;
        uncompressed += file.size * (plain ? 1 : expansion.value);
        compressed += file.size;
        low += file.size * (plain ? 1 : expansion.low);
        high += file.size * (plain ? K.addPlainTarHigh.value : expansion.high);
        notes.push(`ADD unpacks ${file.path}${plain ? '' : provenance('addArchiveExpansion')}`);
      } else {
        const ratio = compressionRatio(file.path);
        files.set(target, { size: file.size, ratio, source: 'build-context' });
        const tar = tarEntryBytes(file.size);
        uncompressed += tar;
        compressed += file.size * ratio + K.tarHeaderCompressed.value;
        low += tar;
        high += tar;
      }
      count++;
    }
    for (const [root, isDirectory] of roots) {
      if (!isDirectory) continue;
      files.contextMounts.push({ containerDir: destination, contextDir: root });
      const directories = context.directories.filter((dir) => root === '' || dir === root || dir.startsWith(`${root}/`)).length;
      uncompressed += directories * TAR_BLOCK;
      low += directories * TAR_BLOCK;
      high += directories * TAR_BLOCK;
    }
    if (roots.size === 0) notes.push(`${source} matches nothing in the build context`);
  }
  // Parent directories of the destination get a header each.
  const parents = destination.split('/').filter(Boolean).length;
  uncompressed += parents * TAR_BLOCK;
  low += parents * TAR_BLOCK;
  high += parents * TAR_BLOCK + (context?.truncated ? uncompressed : 0);
  const detail = `${count} file${count === 1 ? '' : 's'} from the build context${context?.ignoreFile ? ` (after ${path.basename(context.ignoreFile)})` : ''}${context?.truncated ? ', walk stopped early' : ''}${notes.length ? `; ${notes.join('; ')}` : ''}`;
  const heuristic = notes.some((note) => /remote|no build context|unpacks/.test(note));
  return { bytes: { uncompressed: Math.round(uncompressed), compressed: Math.round(compressed), low: Math.round(low), high: Math.round(high) }, source: heuristic ? 'heuristic' : 'build-context', detail };
}

export interface StageSource {
  name: string;
  files: StageFiles;
  /** All RUN text of that stage and the stages it builds on, for the stack models. */
  commands: string;
}

/** COPY --from=<stage>: known files of the stage, the real file in the context, or a model. */
export function copyFromStage(args: CopyArguments, from: StageSource, context: BuildContext | undefined, files: StageFiles, workdir: string): CopyEstimate {
  const destination = resolveIn(workdir, args.destination);
  const destinationIsDir = destinationIsDirectory(args);
  const sum = { uncompressed: 0, compressed: 0, low: 0, high: 0 };
  const sources = new Set<PartSource>();
  const details: string[] = [];
  for (const source of args.sources) {
    const wanted = normalize(source);
    let known: [string, KnownFile][];
    if (hasWildcard(wanted)) {
      const compiled = compilePathPattern(wanted.slice(1));
      if (!compiled.ok) {
        details.push(`${source} is not a valid pattern (${compiled.error}): left out`);
        continue;
      }
      known = knownFiles(from.files).filter(([file]) => matchGlob(compiled.glob, file.slice(1)));
    } else known = from.files.under(wanted);
    if (known.length > 0) {
      const isDirectory = known.length > 1 || known[0][0] !== wanted;
      for (const [file, info] of known) {
        const target = isDirectory ? posix.join(destination, file.slice(wanted.length + 1) || posix.basename(file)) : destinationIsDir ? posix.join(destination, posix.basename(file)) : destination;
        files.set(target, info);
        const spread = info.source === 'heuristic' ? K.modelledFileSpread : undefined;
        add(sum, tarEntryBytes(info.size), info.size * info.ratio, spread?.low ?? 1, spread?.high ?? 1);
        sources.add(info.source);
      }
      const modelled = [...new Set(known.map(([, info]) => info.detail).filter(Boolean))];
      details.push(`${source}: ${known.length} file${known.length === 1 ? '' : 's'} known from stage ${from.name}${modelled.length ? ` (${modelled.join('; ')})` : ''}`);
      continue;
    }
    const onDisk = contextCopyOf(wanted, from.files, context);
    if (onDisk) {
      files.set(destinationIsDir ? posix.join(destination, posix.basename(wanted)) : destination, { size: onDisk.bytes, ratio: CONTENT_RATIO.binary, source: 'build-context' });
      // Each file: a tar header and, on average, half a block of padding.
      add(sum, onDisk.bytes + onDisk.files * TAR_BLOCK * 1.5, onDisk.bytes * CONTENT_RATIO.binary, onDisk.exact ? 1 : K.modelledFileSpread.low, onDisk.exact ? 1 : K.modelledFileSpread.high);
      sources.add('build-context');
      details.push(`${source}: measured at ${onDisk.path} in the build context`);
      continue;
    }
    const model = modelArtifact(wanted, from.commands, context);
    files.set(destinationIsDir ? posix.join(destination, posix.basename(wanted)) : destination, { size: model.bytes, ratio: model.ratio, source: 'heuristic' });
    sum.uncompressed += model.bytes;
    sum.compressed += model.bytes * model.ratio;
    sum.low += model.low;
    sum.high += model.high;
    sources.add('heuristic');
    details.push(`${source}: ${model.detail}`);
  }
  const source: PartSource = sources.has('heuristic') ? 'heuristic' : sources.has('build-context') ? 'build-context' : sources.has('command') ? 'command' : 'stage';
  return { bytes: roundFigure(sum), source, detail: details.join('; ') };
}

function knownFiles(files: StageFiles) {
  return files.under('/');
}

function add(sum: SizeFigure, bytes: number, compressed: number, lowFactor: number, highFactor: number): void {
  sum.uncompressed += bytes;
  sum.compressed += compressed;
  sum.low += bytes * lowFactor;
  sum.high += bytes * highFactor;
}

function roundFigure(figure: SizeFigure): SizeFigure {
  return { uncompressed: Math.round(figure.uncompressed), compressed: Math.round(figure.compressed), low: Math.round(figure.low), high: Math.round(figure.high) };
}

/** The build-context file or directory that a stage path came from (`/app/dist` ← `dist`), when it exists on disk. */
function contextCopyOf(stagePath: string, files: StageFiles, context: BuildContext | undefined): { path: string; bytes: number; files: number; exact: boolean } | undefined {
  if (!context) return undefined;
  for (const mount of [...files.contextMounts].reverse()) {
    const dir = normalize(mount.containerDir);
    if (stagePath !== dir && !stagePath.startsWith(`${dir}/`)) continue;
    const relative = posix.join(mount.contextDir, stagePath.slice(dir.length + 1));
    const entry = contextEntry(context, relative);
    if (entry?.kind === 'file') return { path: relative, bytes: entry.size, files: 1, exact: true };
    if (entry?.kind === 'directory') return { path: `${relative}/`, bytes: entry.measure.bytes, files: entry.measure.files, exact: !entry.measure.truncated };
  }
  return undefined;
}
