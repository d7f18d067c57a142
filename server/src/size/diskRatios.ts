/**
 * On-disk/compressed ratios derived from the catalog's own pairs: rows of one image where both
 * the registry (compressed) and the `docker images` (on-disk) size are known. Medians per
 * family+flavour, per family and per class; the spread of a class gives the range.
 */
import type { CatalogEntry } from './catalogTypes';
import { ratioKeys } from './imageFamily';

export interface RatioFigure {
  ratio: number;
  low: number;
  high: number;
  pairs: number;
}

export interface DiskRatios {
  /** The most specific ratio known for an image, with the key it came from. */
  forImage(image: string, tag: string): RatioFigure & { key: string };
  /** Every derived figure, for the generator's print-out. */
  readonly table: ReadonlyMap<string, RatioFigure>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function deriveDiskRatios(entries: readonly CatalogEntry[]): DiskRatios {
  const samples = new Map<string, number[]>();
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!entry.compressed || !entry.uncompressed || entry.approximate) continue;
    // Alias tags (latest = 3.24) describe the same image: count each pair once.
    const identity = `${entry.image}|${entry.compressed}|${entry.uncompressed}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    const ratio = entry.uncompressed / entry.compressed;
    for (const key of [...ratioKeys(entry.image, entry.tag), 'all']) {
      const list = samples.get(key) ?? [];
      list.push(ratio);
      samples.set(key, list);
    }
  }
  const table = new Map<string, RatioFigure>();
  for (const [key, values] of samples) {
    table.set(key, { ratio: median(values), low: Math.min(...values), high: Math.max(...values), pairs: values.length });
  }
  const fallback: RatioFigure = table.get('all') ?? { ratio: 2.6, low: 1.7, high: 3.4, pairs: 0 };
  const all = { ...fallback };
  return {
    table,
    forImage(image, tag) {
      const keys = ratioKeys(image, tag);
      const classFigure = table.get(keys[2]) ?? all;
      for (const key of keys) {
        const figure = table.get(key);
        if (!figure) continue;
        // A family figure from one or two pairs keeps the class's spread as its range.
        const low = figure.pairs >= 3 ? figure.low : Math.min(figure.ratio, classFigure.low);
        const high = figure.pairs >= 3 ? figure.high : Math.max(figure.ratio, classFigure.high);
        return { ...figure, low, high, key };
      }
      return { ...all, key: 'all' };
    },
  };
}
