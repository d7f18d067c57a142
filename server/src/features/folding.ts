/** Folding per stage, and per heredoc body. */
import type { FoldingRange } from 'vscode-languageserver-types';
import type { DockerfileAnalysis } from '../analysis/documentAnalysis';

export function stageFoldingRanges(analysis: DockerfileAnalysis): FoldingRange[] {
  const { document, model } = analysis;
  const ranges: FoldingRange[] = [];
  for (const stage of model.stages) {
    const startLine = document.positionAt(stage.span.start).line;
    const endLine = document.positionAt(stage.span.end).line;
    if (endLine > startLine) ranges.push({ startLine, endLine, kind: 'region' });
    for (const instruction of stage.instructions) {
      for (const heredoc of instruction.heredocs) {
        const bodyEnd = document.positionAt(heredoc.bodySpan.end).line;
        const markerLine = document.positionAt(heredoc.markerSpan.start).line;
        if (bodyEnd > markerLine) ranges.push({ startLine: markerLine, endLine: bodyEnd + (heredoc.terminated ? 1 : 0) });
      }
    }
  }
  return ranges;
}

/** Ours first; theirs where they start on a line none of ours starts on (editors keep one range per start line). */
export function mergeFoldingRanges(ours: FoldingRange[], theirs: FoldingRange[]): FoldingRange[] {
  const taken = new Set(ours.map((range) => range.startLine));
  return [...ours, ...theirs.filter((range) => !taken.has(range.startLine))];
}
