/** The estimate as a readable text table for the terminal (`stagecraft estimate`). */
import { formatBytes } from './sizeFigure';
import type { SizeEstimate } from './sizeEstimate';
import { stageLabel } from '../model/stageModel';
import { stageSummary } from './sizeSummary';

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

export function formatSizeTable(estimate: SizeEstimate): string {
  const lines: string[] = [];
  lines.push(`${estimate.file} — platform ${estimate.platform}, target ${estimate.target || '(none)'}`);
  lines.push('');
  const header = `${pad('line', 6)}${pad('part', 10)}${pad('on disk', 10, true)}${pad('to pull', 10, true)}  ${pad('range (on disk)', 22)}${pad('source', 15)}detail`;
  for (const stage of estimate.stages) {
    const role = stage.role === 'final' ? 'final image' : stage.role === 'shipped' ? 'in the final image' : stage.role === 'built' ? 'built, not shipped' : 'not built by default';
    lines.push(`stage ${stageLabel(stage)} FROM ${stage.base} (${role}, ${stage.platform})`);
    lines.push(`  ${header}`);
    for (const part of stage.parts) {
      const range = `${formatBytes(part.bytes.low)} – ${formatBytes(part.bytes.high)}`;
      lines.push(`  ${pad(String(part.line + 1), 6)}${pad(part.kind.toUpperCase(), 10)}${pad(formatBytes(part.bytes.uncompressed), 10, true)}${pad(formatBytes(part.bytes.compressed), 10, true)}  ${pad(range, 22)}${pad(part.source, 15)}${part.detail}`);
    }
    lines.push(`  ${pad('', 6)}${pad('total', 10)}${pad(formatBytes(stage.bytes.uncompressed), 10, true)}${pad(formatBytes(stage.bytes.compressed), 10, true)}  ${formatBytes(stage.bytes.low)} – ${formatBytes(stage.bytes.high)}`);
    lines.push('');
  }
  const final = estimate.stages[estimate.targetIndex];
  if (final) lines.push(`${stageSummary(estimate, final)}; range ${formatBytes(final.bytes.low)} – ${formatBytes(final.bytes.high)}`);
  for (const alternative of estimate.alternatives) lines.push(`  on ${alternative.base} ≈ ${formatBytes(alternative.bytes.uncompressed)} (${alternative.why})`);
  for (const note of estimate.notes) lines.push(`note: ${note}`);
  lines.push('on disk = what `docker images` shows; to pull = compressed registry transfer. Lines are 1-based here, 0-based in --format json.');
  return lines.join('\n');
}
