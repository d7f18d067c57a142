/**
 * One-line summaries of an estimate, shared by the CodeLens, the CLI table and the report:
 * "Final image ≈ 14 MB (6 MB to pull) · 95% smaller than shipping the builder",
 * "builder ≈ 812 MB · not in the final image", "test · not built by default".
 */
import { formatBytes } from './sizeFigure';
import type { SizeEstimate, StageEstimate } from './sizeEstimate';

import { stageTitle } from '../model/stageModel';

/** How much smaller the final image is than shipping the builder stage, in whole percent (undefined when not smaller). */
export function savingPercent(estimate: SizeEstimate): number | undefined {
  if (!estimate.builder || estimate.builder.bytes.uncompressed <= 0) return undefined;
  const saving = 1 - estimate.final.uncompressed / estimate.builder.bytes.uncompressed;
  return saving > 0.005 ? Math.floor(saving * 100) : undefined;
}

export function stageSummary(estimate: SizeEstimate, stage: StageEstimate): string {
  switch (stage.role) {
    case 'final': {
      const saving = savingPercent(estimate);
      const main = `Final image ≈ ${formatBytes(stage.bytes.uncompressed)} (${formatBytes(stage.bytes.compressed)} to pull)`;
      return saving !== undefined ? `${main} · ${saving}% smaller than shipping the ${estimate.builder!.name}` : main;
    }
    case 'shipped':
      return `${stageTitle(stage)} ≈ ${formatBytes(stage.bytes.uncompressed)} · the final image builds on it`;
    case 'built':
      return `${stageTitle(stage)} ≈ ${formatBytes(stage.bytes.uncompressed)} · not in the final image`;
    case 'not-built':
      return `${stageTitle(stage)} · not built by default`;
  }
}

/** The hover text of a stage's lens: range, platform and where the base figure comes from. */
export function stageTooltip(estimate: SizeEstimate, stage: StageEstimate): string {
  const base = stage.parts[0];
  const lines = [
    `${formatBytes(stage.bytes.low)} – ${formatBytes(stage.bytes.high)} on disk, ${formatBytes(stage.bytes.compressed)} compressed (${stage.platform})`,
    `base: ${base.source} — ${base.detail}`,
    ...estimate.notes,
    'Click for the size report.',
  ];
  return lines.join('\n');
}
