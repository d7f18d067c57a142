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

export class StageFiles {
  private readonly files = new Map<string, KnownFile>();
  /** Container directories filled from context directories: `/app` ← `` (the context root). */
  readonly contextMounts: { containerDir: string; contextDir: string }[] = [];

  static inherit(parent?: StageFiles): StageFiles {
    const files = new StageFiles();
    if (parent) {
      for (const [path, file] of parent.files) files.files.set(path, file);
      files.contextMounts.push(...parent.contextMounts);
    }
    return files;
  }

  set(path: string, file: KnownFile): void {
    this.files.set(normalize(path), file);
  }

  delete(path: string): KnownFile[] {
    const removed: KnownFile[] = [];
    for (const [key, file] of this.under(path)) {
      removed.push(file);
      this.files.delete(key);
    }
    return removed;
  }

  /** The file at `path`, or every file below it when it is a directory. */
  under(path: string): [string, KnownFile][] {
    const wanted = normalize(path);
    const prefix = wanted === '/' ? '/' : `${wanted}/`;
    return [...this.files].filter(([key]) => key === wanted || key.startsWith(prefix));
  }

  get(path: string): KnownFile | undefined {
    return this.files.get(normalize(path));
  }
}

export function normalize(path: string): string {
  const normalized = posix.normalize(path.startsWith('/') ? path : `/${path}`);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

/** A path against the stage's WORKDIR, as Dockerfile instructions resolve it. */
export function resolveIn(workdir: string, path: string): string {
  return normalize(path.startsWith('/') ? path : posix.join(workdir, path));
}
