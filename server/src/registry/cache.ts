/**
 * Remembered look-ups: in memory, and as one JSON file per key under `cacheDir` so a restart of
 * the editor does not ask the registries again. Tag answers expire after a TTL (tags move);
 * digest answers never do (a digest names the same bytes forever).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { FetchedSize } from './client';

export interface CachedSize extends FetchedSize {
  fetchedAt: number;
}

interface CacheFile {
  key: string;
  /** Epoch ms after which the entry is stale; absent for digest references. */
  expiresAt?: number;
  size: CachedSize;
}

const CACHE_VERSION = 1;

export class SizeCache {
  private readonly memory = new Map<string, CacheFile>();

  constructor(private readonly cacheDir: string | undefined, private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<CachedSize | undefined> {
    const entry = this.memory.get(key) ?? (await this.readFile(key));
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.memory.delete(key);
      return undefined;
    }
    this.memory.set(key, entry);
    return entry.size;
  }

  async set(key: string, size: CachedSize, permanent: boolean): Promise<void> {
    const entry: CacheFile = { key, size, ...(permanent ? {} : { expiresAt: size.fetchedAt + this.ttlMs }) };
    this.memory.set(key, entry);
    if (!this.cacheDir) return;
    const file = this.fileFor(key);
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      // Write then rename: a concurrent reader sees the old file or the new one, never half.
      const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await fs.writeFile(temp, JSON.stringify(entry));
      await fs.rename(temp, file);
    } catch {
      // A cache that cannot be written only costs a later network look-up.
    }
  }

  /** Where a key's file lives: `<cacheDir>/registry-sizes-v1/<sha256 of key>.json`. */
  fileFor(key: string): string {
    return path.join(this.cacheDir ?? '', `registry-sizes-v${CACHE_VERSION}`, `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  private async readFile(key: string): Promise<CacheFile | undefined> {
    if (!this.cacheDir) return undefined;
    try {
      const entry = JSON.parse(await fs.readFile(this.fileFor(key), 'utf8')) as CacheFile;
      // The key inside guards against hash collisions and hand-edited files.
      if (entry.key !== key || !Number.isSafeInteger(entry.size?.compressedBytes)) return undefined;
      return entry;
    } catch {
      return undefined;
    }
  }
}
