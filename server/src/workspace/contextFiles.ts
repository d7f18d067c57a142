/**
 * Read access to the build context (the Dockerfile's folder): Cargo.toml, package.json, go.mod...
 * tell the split the artifact's name and whether a cache-friendly order is possible.
 * Files are only read, never run, and never outside the context: a path is resolved to its real
 * path first, so `../x`, an absolute path or a symlink pointing out of the context reads as missing.
 *
 * The language server never reads while a request waits: it answers from a ContextFileCache
 * (filled asynchronously), and a view of it records what was missing so the caller can load
 * that and ask again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ContextFiles {
  exists(relativePath: string): boolean;
  /** The file's text, or undefined when missing or unreadable (or over the size limit, 1 MB by default). */
  read(relativePath: string): string | undefined;
  /** Names in a folder (sub-folders end with `/`), at most 200; undefined when it cannot be listed. */
  list?(relativeDir: string): string[] | undefined;
  /** Where this context comes from when it is not the Dockerfile's folder ("build context: the repository root, as Makefile:20 builds it"), for the preview. */
  origin?: string;
}

/** Entries a listing keeps. */
const MAX_LISTED = 200;

function listing(entries: fs.Dirent[]): string[] {
  return entries.slice(0, MAX_LISTED).map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name));
}

export const NO_CONTEXT: ContextFiles = { exists: () => false, read: () => undefined };

export const MAX_BYTES = 1024 * 1024;

function isInside(root: string, full: string): boolean {
  return full === root || full.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** The path inside `dir` that `relative` names, or undefined when it leads out of it (before symlinks). */
export function resolveInside(dir: string, relative: string): string | undefined {
  const full = path.resolve(dir, relative);
  return isInside(path.resolve(dir), full) ? full : undefined;
}

/** The real path of `relative` below `dir` when it stays inside it (symlinks followed only while they do). */
export function realPathInsideSync(dir: string, relative: string): string | undefined {
  const full = resolveInside(dir, relative);
  return full && realInside(dir, full);
}

export async function realPathInside(dir: string, relative: string): Promise<string | undefined> {
  const full = resolveInside(dir, relative);
  return full && realInsideAsync(dir, full);
}

/** The real path of `full` when it stays inside the real `root` (symlinks followed only while they do). */
function realInside(root: string, full: string): string | undefined {
  try {
    const real = fs.realpathSync(full);
    return isInside(fs.realpathSync(root), real) ? real : undefined;
  } catch {
    return undefined;
  }
}

async function realInsideAsync(root: string, full: string): Promise<string | undefined> {
  try {
    const [real, realRoot] = await Promise.all([fs.promises.realpath(full), fs.promises.realpath(root)]);
    return isInside(realRoot, real) ? real : undefined;
  } catch {
    return undefined;
  }
}

/** A file's text below `dir` (symlinks included), synchronously: for the CLI, tests and tools, never for the server's requests. */
export function readInsideSync(dir: string, relative: string, maxBytes = MAX_BYTES): string | undefined {
  const full = resolveInside(dir, relative);
  const real = full && realInside(dir, full);
  if (!real) return undefined;
  try {
    const stat = fs.statSync(real);
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    return fs.readFileSync(real, 'utf8');
  } catch {
    return undefined;
  }
}

/** A file's text below `dir` (symlinks included), without blocking. */
export async function readInside(dir: string, relative: string, maxBytes = MAX_BYTES): Promise<string | undefined> {
  const full = resolveInside(dir, relative);
  const real = full && (await realInsideAsync(dir, full));
  if (!real) return undefined;
  try {
    const stat = await fs.promises.stat(real);
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    return await fs.promises.readFile(real, 'utf8');
  } catch {
    return undefined;
  }
}

/** Files below `dir` only, read synchronously on demand. */
export function directoryContext(dir: string, maxBytes = MAX_BYTES): ContextFiles {
  return {
    exists(relative) {
      const full = resolveInside(dir, relative);
      return full !== undefined && realInside(dir, full) !== undefined;
    },
    read: (relative) => readInsideSync(dir, relative, maxBytes),
    list(relative) {
      const real = realPathInsideSync(dir, relative);
      if (!real) return undefined;
      try {
        return listing(fs.readdirSync(real, { withFileTypes: true }));
      } catch {
        return undefined;
      }
    },
  };
}

/** The folder of a `file:` document, as the build context; nothing for other schemes. */
export function contextOfDocument(uri: string): ContextFiles {
  const dir = folderOfDocument(uri);
  return dir ? directoryContext(dir) : NO_CONTEXT;
}

export function folderOfDocument(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.dirname(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

/** A view of the cache: answers from memory and remembers what it did not have. */
export interface CachedContextFiles extends ContextFiles {
  /** What was asked for and not in the cache (or stale), as `file:<path>` or `list:<path>`: load them, then ask again. */
  readonly misses: Set<string>;
}

interface CacheEntry {
  text: string | undefined;
  exists: boolean;
  /** For `list:` entries. */
  names?: string[];
  at: number;
}

/**
 * Context files read asynchronously and kept for `ttlMs` (a changed go.mod is seen after at most
 * that long), at most `maxEntries` files and `maxBytes` of text: the oldest are dropped first.
 */
export class ContextFileCache {
  private readonly entries = new Map<string, CacheEntry>();
  private bytes = 0;

  constructor(private readonly ttlMs = 5_000, private readonly maxEntries = 2_000, private readonly maxBytes = 32 * 1024 * 1024, private readonly now: () => number = Date.now) {}

  view(dir: string): CachedContextFiles {
    const misses = new Set<string>();
    const lookup = (kind: 'file' | 'list', relative: string): CacheEntry | undefined => {
      const full = resolveInside(dir, relative);
      if (!full) return { text: undefined, exists: false, at: 0 };
      const entry = this.entries.get(`${kind}:${full}`);
      if (!entry || this.now() - entry.at > this.ttlMs) {
        misses.add(`${kind}:${relative}`);
        return undefined;
      }
      return entry;
    };
    return {
      misses,
      exists: (relative) => lookup('file', relative)?.exists ?? false,
      read: (relative) => lookup('file', relative)?.text,
      list: (relative) => lookup('list', relative)?.names,
    };
  }

  /** Reads what a view missed (in parallel, never outside `dir`) into the cache. */
  async load(dir: string, misses: Iterable<string>): Promise<void> {
    await Promise.all(
      [...misses].map(async (miss) => {
        const kind = miss.startsWith('list:') ? 'list' : 'file';
        const relative = miss.slice(miss.indexOf(':') + 1);
        const full = resolveInside(dir, relative);
        if (!full) return;
        const real = await realInsideAsync(dir, full);
        if (kind === 'list') {
          let names: string[] | undefined;
          try {
            names = real ? listing(await fs.promises.readdir(real, { withFileTypes: true })) : undefined;
          } catch {
            names = undefined;
          }
          this.store(`list:${full}`, { text: undefined, exists: names !== undefined, names, at: this.now() });
          return;
        }
        const text = real ? await readInside(dir, relative) : undefined;
        this.store(`file:${full}`, { text, exists: real !== undefined, at: this.now() });
      }),
    );
  }

  get size(): number {
    return this.entries.size;
  }

  private store(full: string, entry: CacheEntry): void {
    const old = this.entries.get(full);
    if (old) {
      this.bytes -= (old.text?.length ?? 0) + (old.names?.length ?? 0) * 32;
      this.entries.delete(full);
    }
    this.entries.set(full, entry);
    this.bytes += (entry.text?.length ?? 0) + (entry.names?.length ?? 0) * 32;
    for (const [key, oldest] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(key);
      this.bytes -= (oldest.text?.length ?? 0) + (oldest.names?.length ?? 0) * 32;
    }
  }
}
