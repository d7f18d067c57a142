/**
 * The files a stage is known to hold: what it copied from the build context or other stages and
 * what its RUN steps wrote with a known size. `COPY --from=<stage>` reads from here first.
 */
import * as posix from 'node:path/posix';
import type { PartSource } from './sizeEstimate';

export interface KnownFile {
  size: number;
  /** gzip output/input ratio of the content. */
  ratio: number;
  source: PartSource;
  /** How a modelled size was reached. */
  detail?: string;
}

/** Layers shared with the parent stage before one stage copies them flat (bounds every look-up). */
const MAX_LAYERS = 32;
/** Context mounts remembered per stage (the latest win). */
const MAX_MOUNTS = 64;

/**
 * A stage's files share its parent's, layer on layer (a child does not copy them): a chain of
 * thousands of `FROM <previous stage>` stays linear instead of copying every file per stage.
 */
export class StageFiles {
  /** This stage's writes; `null` marks a deleted file. */
  private own = new Map<string, KnownFile | null>();
  private parent?: StageFiles;
  private depth = 0;
  /** `own`'s keys sorted, once the layer is shared (it no longer changes then). */
  private sortedKeys?: string[];
  /** Container directories filled from context directories: `/app` ← `` (the context root). */
  readonly contextMounts: { containerDir: string; contextDir: string }[] = [];

  static inherit(parent?: StageFiles): StageFiles {
    const files = new StageFiles();
    if (parent) {
      if (parent.depth + 1 >= MAX_LAYERS) {
        for (const [path, file] of parent.under('/')) files.own.set(path, file);
      } else {
        files.parent = parent;
        files.depth = parent.depth + 1;
      }
      files.contextMounts.push(...parent.contextMounts.slice(-MAX_MOUNTS));
    }
    return files;
  }

  set(path: string, file: KnownFile): void {
    this.sortedKeys = undefined;
    this.own.set(normalize(path), file);
  }

  delete(path: string): KnownFile[] {
    const removed: KnownFile[] = [];
    for (const [key, file] of this.under(path)) {
      removed.push(file);
      this.sortedKeys = undefined;
      this.own.set(key, null);
    }
    return removed;
  }

  /** The file at `path`, or every file below it when it is a directory. */
  under(path: string): [string, KnownFile][] {
    const wanted = normalize(path);
    const prefix = wanted === '/' ? '/' : `${wanted}/`;
    const seen = new Set<string>();
    const found: [string, KnownFile][] = [];
    const visit = (key: string, file: KnownFile | null | undefined) => {
      if (seen.has(key)) return;
      seen.add(key);
      if (file) found.push([key, file]);
    };
    for (let layer: StageFiles | undefined = this; layer; layer = layer.parent) {
      const own = layer.own;
      if (layer === this) {
        for (const [key, file] of own) if (key === wanted || key.startsWith(prefix)) visit(key, file);
        continue;
      }
      const keys = layer.sorted();
      if (own.has(wanted)) visit(wanted, own.get(wanted));
      for (let i = lowerBound(keys, prefix); i < keys.length && keys[i].startsWith(prefix); i++) visit(keys[i], own.get(keys[i]));
    }
    return found;
  }

  get(path: string): KnownFile | undefined {
    const key = normalize(path);
    for (let layer: StageFiles | undefined = this; layer; layer = layer.parent) {
      if (layer.own.has(key)) return layer.own.get(key) ?? undefined;
    }
    return undefined;
  }

  private sorted(): string[] {
    return (this.sortedKeys ??= [...this.own.keys()].sort());
  }
}

function lowerBound(keys: string[], wanted: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (keys[middle] < wanted) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function normalize(path: string): string {
  const normalized = posix.normalize(path.startsWith('/') ? path : `/${path}`);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

/** A path against the stage's WORKDIR, as Dockerfile instructions resolve it. */
export function resolveIn(workdir: string, path: string): string {
  return normalize(path.startsWith('/') ? path : posix.join(workdir, path));
}
