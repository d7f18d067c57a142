/**
 * A size with its two measures (compressed = what a pull transfers, uncompressed = what
 * `docker images` shows) and the low–high range of the uncompressed one.
 */

export interface SizeFigure {
  compressed: number;
  uncompressed: number;
  /** Range of `uncompressed`. */
  low: number;
  high: number;
}

export const ZERO: SizeFigure = { compressed: 0, uncompressed: 0, low: 0, high: 0 };

export function exactFigure(uncompressed: number, compressed: number): SizeFigure {
  return { compressed: Math.round(compressed), uncompressed: Math.round(uncompressed), low: Math.round(uncompressed), high: Math.round(uncompressed) };
}

/** The largest byte count the JSON contract carries exactly (2^53 - 1, about 9 PB); larger figures are clamped to it and marked. */
export const MAX_FIGURE_BYTES = Number.MAX_SAFE_INTEGER;

function clampBytes(value: number): number {
  if (Number.isNaN(value)) return MAX_FIGURE_BYTES;
  return Math.min(Math.max(0, Math.round(value)), MAX_FIGURE_BYTES);
}

/** True when a figure is over the limit (or not a number): `dd bs=1G count=1e308`. */
export function overflows(figure: SizeFigure): boolean {
  return [figure.compressed, figure.uncompressed, figure.low, figure.high].some((value) => !(value <= MAX_FIGURE_BYTES));
}

export function clampFigure(figure: SizeFigure): SizeFigure {
  return { compressed: clampBytes(figure.compressed), uncompressed: clampBytes(figure.uncompressed), low: clampBytes(figure.low), high: clampBytes(figure.high) };
}

export function addFigures(...figures: SizeFigure[]): SizeFigure {
  const sum = { ...ZERO };
  for (const figure of figures) {
    sum.compressed += figure.compressed;
    sum.uncompressed += figure.uncompressed;
    sum.low += figure.low;
    sum.high += figure.high;
  }
  return overflows(sum) ? clampFigure(sum) : sum;
}

/** Decimal units, as `docker images` prints them: 14 MB, 812 MB, 1.2 GB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${units[unit]}`;
}
