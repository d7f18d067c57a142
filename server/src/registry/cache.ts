/**
 * Remembered look-ups: in memory, and as one JSON file per key under `cacheDir` so a restart of
 * the editor does not ask the registries again. Tag answers expire after a TTL (tags move);
 * digest answers never do (a digest names the same bytes forever).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { recall, remember } from './boundedMap';
import type { FetchedPlatforms, FetchedSize } from './client';

export interface CachedSize extends FetchedSize {
  fetchedAt: number;
}

export interface CachedPlatforms extends FetchedPlatforms {
  fetchedAt: number;
}

interface CacheFile<T> {
  key: string;
  /** Epoch ms after which the entry is stale; absent for digest references. */
  expiresAt?: number;
  size: T;
}

/** What one kind of answer is stored as: its folder under the cache directory and what a valid entry holds. */
export interface AnswerKind<T> {
  folder: string;
  valid(answer: T): boolean;
}

const SIZES: AnswerKind<CachedSize> = { folder: 'registry-sizes', valid: (size) => Number.isSafeInteger(size?.compressedBytes) };
export const PLATFORMS: AnswerKind<CachedPlatforms> = { folder: 'registry-platforms', valid: (answer) => (answer?.kind === 'index' || answer?.kind === 'image') && Array.isArray(answer.platforms) };

const CACHE_VERSION = 1;
/** Caps: answers in memory, answer files on disk (checked every PRUNE_EVERY writes). */
const MAX_IN_MEMORY = 1_000;
export const MAX_ON_DISK = 2_000;
const PRUNE_EVERY = 50;

/** Remembered answers of one kind (sizes, platforms), in memory and on disk. */
export class AnswerCache<T extends { fetchedAt: number }> {
  private readonly memory = new Map<string, CacheFile<T>>();
  private writes = 0;

  constructor(private readonly cacheDir: string | undefined, private readonly ttlMs: number, private readonly now: () => number = Date.now, readonly kind: AnswerKind<T>) {}

  async get(key: string): Promise<T | undefined> {
    const entry = recall(this.memory, key) ?? (await this.readFile(key));
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.memory.delete(key);
      return undefined;
    }
    remember(this.memory, key, entry, MAX_IN_MEMORY);
    return entry.size;
  }

  async set(key: string, size: T, permanent: boolean): Promise<void> {
    const entry: CacheFile<T> = { key, size, ...(permanent ? {} : { expiresAt: size.fetchedAt + this.ttlMs }) };
    remember(this.memory, key, entry, MAX_IN_MEMORY);
    if (!this.cacheDir) return;
    const file = this.fileFor(key);
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      // Write then rename: a concurrent reader sees the old file or the new one, never half.
      const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await fs.writeFile(temp, JSON.stringify(entry));
      await fs.rename(temp, file);
      if (++this.writes % PRUNE_EVERY === 1) await this.prune(path.dirname(file));
    } catch {
      // A cache that cannot be written only costs a later network look-up.
    }
  }

  /** Where a key's file lives: `<cacheDir>/registry-sizes-v1/<sha256 of key>.json` (platforms: `registry-platforms-v1`). */
  fileFor(key: string): string {
    return path.join(this.cacheDir ?? '', `${this.kind.folder}-v${CACHE_VERSION}`, `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  /** Keeps at most MAX_ON_DISK answer files: the least recently written go first. */
  private async prune(dir: string): Promise<void> {
    try {
      const names = (await fs.readdir(dir)).filter((name) => name.endsWith('.json'));
      if (names.length <= MAX_ON_DISK) return;
      const dated = await Promise.all(names.map(async (name) => ({ name, at: (await fs.stat(path.join(dir, name))).mtimeMs })));
      dated.sort((a, b) => a.at - b.at);
      await Promise.all(dated.slice(0, dated.length - MAX_ON_DISK).map(({ name }) => fs.rm(path.join(dir, name), { force: true })));
    } catch {
      // Pruning is best effort: a later write tries again.
    }
  }

  private async readFile(key: string): Promise<CacheFile<T> | undefined> {
    if (!this.cacheDir) return undefined;
    try {
      const entry = JSON.parse(await fs.readFile(this.fileFor(key), 'utf8')) as CacheFile<T>;
      // The key inside guards against hash collisions and hand-edited files.
      if (entry.key !== key || !this.kind.valid(entry.size)) return undefined;
      return entry;
    } catch {
      return undefined;
    }
  }
}

/** The image-size answers. */
export class SizeCache extends AnswerCache<CachedSize> {
  constructor(cacheDir: string | undefined, ttlMs: number, now: () => number = Date.now) {
    super(cacheDir, ttlMs, now, SIZES);
  }
}
