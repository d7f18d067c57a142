/**
 * The build context as BuildKit would send it: the files below the context directory, minus what
 * `.dockerignore` (or `<Dockerfile>.dockerignore` next to the Dockerfile) leaves out. The walk is
 * bounded in files, depth and time, says when it stopped early, and never follows a symlink
 * (BuildKit sends links as links). File texts (go.mod, package.json) and the measures of
 * directories are read on demand, never outside the context.
 *
 * Two ways to read: `readBuildContext` (synchronous, reads texts as the estimate asks: the CLI's
 * tools and tests) and `loadBuildContext` (asynchronous: the language server). A loaded context
 * answers only from memory: what an estimate asked for and it did not have is in `misses`, for
 * `loadMisses` to read before the estimate is made again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerIgnore } from './dockerignore';
import { MAX_BYTES, readInside, readInsideSync, realPathInside, realPathInsideSync } from '../workspace/contextFiles';

export interface ContextFile {
  /** Context-relative slash path. */
  path: string;
  size: number;
}

export interface DirectoryMeasure {
  bytes: number;
  files: number;
  truncated: boolean;
}

/** What is at a path of the context on disk, ignore file not applied. */
export type ContextEntry = { kind: 'file'; size: number } | { kind: 'directory'; measure: DirectoryMeasure };

export interface BuildContext {
  root: string;
  files: ContextFile[];
  directories: string[];
  /** The ignore file used, if any. */
  ignoreFile?: string;
  /** Lines of the ignore file that were skipped (invalid patterns). */
  ignoreProblems?: string[];
  /** The walk stopped at a limit: sizes are a lower bound. */
  truncated: boolean;
  /** The limits it was read with; later measurements below it (artifact directories) keep to them too. */
  limits: WalkLimits;
  /** Texts read so far by relative path (undefined: missing, unreadable, too big or outside). */
  texts: Map<string, string | undefined>;
  /** Paths looked at so far, ignore file not applied (e.g. a local node_modules). */
  entries: Map<string, ContextEntry | undefined>;
  /** What an estimate asked for that is not read yet: `text:<path>` or `entry:<path>`. */
  misses: Set<string>;
  /** True: read what is asked for at once (synchronously); false: only record it in `misses`. */
  readsOnDemand: boolean;
}

export interface WalkLimits {
  maxEntries: number;
  maxDepth: number;
  maxMillis: number;
}

export const DEFAULT_LIMITS: WalkLimits = { maxEntries: 50_000, maxDepth: 40, maxMillis: 1500 };
/** The language server walks asynchronously (requests are answered meanwhile), still within bounds. */
export const SERVER_LIMITS: WalkLimits = { maxEntries: 20_000, maxDepth: 40, maxMillis: 3000 };
/** Texts kept per context (go.mod, package.json, up to 200 Go sources...). */
const MAX_TEXTS = 400;

/** What the walk needs from the file system: a directory listing, a file size, a link's length. */
/** One file-system question: walks and probes yield these, a sync or an async driver answers them. */
type WalkRequest =
  | { list: string }
  | { size: string }
  | { link: string }
  | { kind: string }
  | { realInside: { root: string; relative: string } }
  | { textInside: { dir: string; relative: string } };
type EntryKind = { kind: 'file'; size: number } | { kind: 'directory' } | { kind: 'other' };
type WalkAnswer = fs.Dirent[] | number | string | EntryKind | undefined;

interface WalkVisitor {
  /** True for a directory the walk need not enter (an ignored one). */
  skipDirectory?(relative: string): boolean;
  /** A directory the walk enters. */
  onDirectory?(relative: string): void;
  /** True when the file counts (not ignored): its size is asked for then. */
  wantsFile?(relative: string): boolean;
  onFile(relative: string, size: number): void;
}

/**
 * Depth-first walk below `root` within `limits`, as a generator of file-system requests, so one
 * walk serves a synchronous and an asynchronous reader. Returns true when it stopped at a limit.
 */
function* walk(root: string, limits: WalkLimits, visitor: WalkVisitor): Generator<WalkRequest, boolean, WalkAnswer> {
  const started = Date.now();
  let entries = 0;
  let truncated = false;
  const stack: { dir: string; relative: string; depth: number }[] = [{ dir: root, relative: '', depth: 0 }];
  while (stack.length > 0) {
    const { dir, relative, depth } = stack.pop()!;
    const listing = (yield { list: dir }) as fs.Dirent[] | undefined;
    if (!listing) continue;
    for (const entry of listing) {
      if (++entries > limits.maxEntries || Date.now() - started > limits.maxMillis) return true;
      const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
      const childPath = path.join(dir, entry.name);
      if (!entry.isDirectory()) {
        if (visitor.wantsFile && !visitor.wantsFile(childRelative)) continue;
        // Symlinks are sent as links: their size is the target path's length; they are never followed.
        const size = (yield entry.isSymbolicLink() ? { link: childPath } : { size: childPath }) as number | undefined;
        if (size !== undefined) visitor.onFile(childRelative, size);
        continue;
      }
      if (visitor.skipDirectory?.(childRelative)) continue;
      if (depth + 1 > limits.maxDepth) {
        truncated = true;
        continue;
      }
      visitor.onDirectory?.(childRelative);
      stack.push({ dir: childPath, relative: childRelative, depth: depth + 1 });
    }
  }
  return truncated;
}

function entryKind(stat: fs.Stats): EntryKind {
  if (stat.isFile()) return { kind: 'file', size: stat.size };
  return stat.isDirectory() ? { kind: 'directory' } : { kind: 'other' };
}

function answerSync(request: WalkRequest): WalkAnswer {
  try {
    if ('list' in request) return fs.readdirSync(request.list, { withFileTypes: true });
    if ('link' in request) return fs.readlinkSync(request.link).length;
    if ('realInside' in request) return realPathInsideSync(request.realInside.root, request.realInside.relative);
    if ('textInside' in request) return readInsideSync(request.textInside.dir, request.textInside.relative);
    if ('kind' in request) return entryKind(fs.lstatSync(request.kind));
    const stat = fs.lstatSync(request.size);
    return stat.isFile() ? stat.size : 0;
  } catch {
    return undefined;
  }
}

async function answerAsync(request: WalkRequest): Promise<WalkAnswer> {
  try {
    if ('list' in request) return await fs.promises.readdir(request.list, { withFileTypes: true });
    if ('link' in request) return (await fs.promises.readlink(request.link)).length;
    if ('realInside' in request) return await realPathInside(request.realInside.root, request.realInside.relative);
    if ('textInside' in request) return await readInside(request.textInside.dir, request.textInside.relative);
    if ('kind' in request) return entryKind(await fs.promises.lstat(request.kind));
    const stat = await fs.promises.lstat(request.size);
    return stat.isFile() ? stat.size : 0;
  } catch {
    return undefined;
  }
}

function runSync<T>(reader: Generator<WalkRequest, T, WalkAnswer>): T {
  let step = reader.next();
  while (!step.done) step = reader.next(answerSync(step.value));
  return step.value;
}

async function runAsync<T>(reader: Generator<WalkRequest, T, WalkAnswer>): Promise<T> {
  let step = reader.next();
  while (!step.done) step = reader.next(await answerAsync(step.value));
  return step.value;
}

/** The ignore file BuildKit uses: `<Dockerfile>.dockerignore` beside the Dockerfile wins over `<context>/.dockerignore`. */
function ignoreCandidates(contextDir: string, dockerfilePath?: string): string[] {
  return [...(dockerfilePath ? [`${dockerfilePath}.dockerignore`] : []), path.join(contextDir, '.dockerignore')];
}

function contextWalk(contextDir: string, limits: WalkLimits, ignoreFile: string | undefined, ignoreText: string | undefined, readsOnDemand: boolean) {
  const ignore = new DockerIgnore(ignoreText ?? '');
  const context: BuildContext = {
    root: contextDir,
    files: [],
    directories: [],
    ignoreFile,
    ignoreProblems: ignore.problems.length ? ignore.problems : undefined,
    truncated: false,
    limits,
    texts: new Map(),
    entries: new Map(),
    misses: new Set(),
    readsOnDemand,
  };
  const walker = walk(contextDir, limits, {
    skipDirectory: (relative) => ignore.canSkipDirectory(relative),
    onDirectory: (relative) => {
      if (!ignore.ignores(relative)) context.directories.push(relative);
    },
    wantsFile: (relative) => !ignore.ignores(relative),
    onFile: (relative, size) => context.files.push({ path: relative, size }),
  });
  return { context, walker };
}

/** The ignore file, then the walk: one reading of the context for both drivers. */
function* contextReading(contextDir: string, dockerfilePath: string | undefined, limits: WalkLimits, readsOnDemand: boolean): Generator<WalkRequest, BuildContext, WalkAnswer> {
  let ignoreFile: string | undefined;
  let ignoreText: string | undefined;
  for (const candidate of ignoreCandidates(contextDir, dockerfilePath)) {
    ignoreText = (yield { textInside: { dir: path.dirname(candidate), relative: path.basename(candidate) } }) as string | undefined;
    if (ignoreText !== undefined) {
      ignoreFile = candidate;
      break;
    }
  }
  const { context, walker } = contextWalk(contextDir, limits, ignoreFile, ignoreText, readsOnDemand);
  context.truncated = yield* walker;
  return context;
}

/** Reads the context synchronously (the CLI's tools, tests); texts are read when asked for. */
export function readBuildContext(contextDir: string, dockerfilePath?: string, limits: WalkLimits = DEFAULT_LIMITS): BuildContext {
  return runSync(contextReading(contextDir, dockerfilePath, limits, true));
}

/** Reads the context without blocking: the language server's way. Texts come later, by `loadMisses`. */
export function loadBuildContext(contextDir: string, dockerfilePath?: string, limits: WalkLimits = SERVER_LIMITS): Promise<BuildContext> {
  return runAsync(contextReading(contextDir, dockerfilePath, limits, false));
}

/** Reads what estimates asked a loaded context for; true when anything new was read. */
export async function loadMisses(context: BuildContext): Promise<boolean> {
  const wanted = [...context.misses];
  context.misses.clear();
  let read = false;
  await Promise.all(
    wanted.map(async (miss) => {
      const relative = miss.slice(miss.indexOf(':') + 1);
      if (miss.startsWith('text:')) {
        if (context.texts.has(relative) || context.texts.size >= MAX_TEXTS) return;
        context.texts.set(relative, await readInside(context.root, relative, MAX_BYTES));
        read = true;
      } else if (!context.entries.has(relative)) {
        context.entries.set(relative, await runAsync(probe(context, relative)));
        read = true;
      }
    }),
  );
  return read;
}

/** Estimates, reads what the estimate missed, and estimates again, until nothing is missing (at most `rounds` estimates). */
export async function settleEstimate<T>(context: BuildContext | undefined, compute: () => T, rounds = 4): Promise<T> {
  let result = compute();
  for (let round = 1; round < rounds && context && context.misses.size > 0; round++) {
    if (!(await loadMisses(context))) break;
    result = compute();
  }
  return result;
}

function measureWalk(dir: string, limits: WalkLimits) {
  const result: DirectoryMeasure = { bytes: 0, files: 0, truncated: false };
  const walker = walk(dir, limits, {
    onFile: (_relative, size) => {
      result.bytes += size;
      result.files++;
    },
  });
  return { result, walker };
}

/** What is at a context-relative path (inside the context, symlinks resolved): a file's size or a directory's measure. */
function* probe(context: BuildContext, relative: string): Generator<WalkRequest, ContextEntry | undefined, WalkAnswer> {
  const real = (yield { realInside: { root: context.root, relative } }) as string | undefined;
  if (!real) return undefined;
  const entry = (yield { kind: real }) as EntryKind | undefined;
  if (entry?.kind === 'file') return entry;
  if (entry?.kind !== 'directory') return undefined;
  const { result, walker } = measureWalk(real, context.limits);
  result.truncated = yield* walker;
  return { kind: 'directory', measure: result };
}

/** A small text file of the context (go.mod, package.json, requirements.txt), or undefined (also while not read yet). */
export function readContextText(context: BuildContext | undefined, relativePath: string, maxBytes = 512 * 1024): string | undefined {
  if (!context) return undefined;
  if (!context.texts.has(relativePath)) {
    if (!context.readsOnDemand) {
      context.misses.add(`text:${relativePath}`);
      return undefined;
    }
    if (context.texts.size >= MAX_TEXTS) return undefined;
    context.texts.set(relativePath, readInsideSync(context.root, relativePath, MAX_BYTES));
  }
  const text = context.texts.get(relativePath);
  return text !== undefined && text.length <= maxBytes ? text : undefined;
}

/** The context-relative paths of files named `name` (shallowest first). */
export function findContextFiles(context: BuildContext | undefined, name: string): string[] {
  if (!context) return [];
  return context.files
    .filter((file) => file.path === name || file.path.endsWith(`/${name}`))
    .map((file) => file.path)
    .sort((a, b) => a.split('/').length - b.split('/').length);
}

/**
 * What is at a context-relative path on disk, ignore file not applied: a file's size or a
 * directory's measure (read on demand, or recorded as a miss), or undefined.
 */
export function contextEntry(context: BuildContext, relativePath: string): ContextEntry | undefined {
  if (!context.entries.has(relativePath)) {
    if (!context.readsOnDemand) {
      context.misses.add(`entry:${relativePath}`);
      return undefined;
    }
    context.entries.set(relativePath, runSync(probe(context, relativePath)));
  }
  const entry = context.entries.get(relativePath);
  return entry && (entry.kind === 'file' || entry.measure.files > 0) ? entry : undefined;
}
