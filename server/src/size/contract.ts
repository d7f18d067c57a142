/**
 * The JSON contract of `stagecraft estimate --format json` (issue 4): exactly these keys, bytes
 * as integers, `uncompressed` meaning what `docker images` shows, lines 0-based.
 */
import type { SizeEstimate } from './sizeEstimate';
import { MAX_FIGURE_BYTES } from './sizeFigure';

export interface BytesContract {
  compressed: number;
  uncompressed: number;
}

export interface EstimateContract {
  file: string;
  platform: string;
  target: string;
  stages: {
    index: number;
    name: string | null;
    base: string;
    shipped: boolean;
    bytes: BytesContract;
    range: { low: number; high: number };
    parts: { line: number; kind: string; bytes: BytesContract; source: string }[];
  }[];
  final: BytesContract;
}

/** Integers within the exact range (figures past it are clamped and marked by the estimator). */
const int = (value: number) => (Number.isNaN(value) ? MAX_FIGURE_BYTES : Math.min(MAX_FIGURE_BYTES, Math.max(0, Math.round(value))));

export function toContract(estimate: SizeEstimate): EstimateContract {
  return {
    file: estimate.file,
    platform: estimate.platform,
    target: estimate.target,
    stages: estimate.stages.map((stage) => ({
      index: stage.index,
      name: stage.name ?? null,
      base: stage.base,
      shipped: stage.shipped,
      bytes: { compressed: int(stage.bytes.compressed), uncompressed: int(stage.bytes.uncompressed) },
      range: { low: int(stage.bytes.low), high: int(stage.bytes.high) },
      parts: stage.parts.map((part) => ({
        line: part.line,
        kind: part.kind,
        bytes: { compressed: int(part.bytes.compressed), uncompressed: int(part.bytes.uncompressed) },
        source: part.source,
      })),
    })),
    final: { compressed: int(estimate.final.compressed), uncompressed: int(estimate.final.uncompressed) },
  };
}
