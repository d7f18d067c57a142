/**
 * Moves a stage (its whole text, the comments above it included) to just above an earlier
 * stage. Refused when the moved stage needs, directly or transitively, the earlier stage or
 * anything after it (that would only move the error), and when it is the last stage (that
 * would change what `docker build` builds). Numeric `--from` indexes follow the move.
 */
import type { StageGraph } from '../../model/stageGraph';
import { reachableStages } from '../../model/stageGraph';
import type { StageModel } from '../../model/stageModel';
import { blankLineBefore, insertLines, removeStage, renumberIndexReferences, stageBlock, stageBlockText, type SpanEdit } from '../edits';

export function canMoveAbove(model: StageModel, graph: StageGraph, moving: number, above: number): boolean {
  if (moving <= above || moving === model.stages.length - 1) return false;
  for (const needed of reachableStages(graph, moving)) {
    if (needed !== moving && needed >= above) return false;
  }
  return true;
}

export function moveStageAbove(model: StageModel, graph: StageGraph, moving: number, above: number): SpanEdit[] | undefined {
  if (!canMoveAbove(model, graph, moving, above)) return undefined;
  const stage = model.stages[moving];
  const target = model.stages[above];
  const text = model.scanned.text;
  const insertAt = stageBlock(model, target).start;
  const lines = stageBlockText(model, stage).replace(/\r?\n$/, '').split(/\r?\n/);
  // Keep the file's rhythm: when stages are separated by a blank line, so is the moved one.
  if (blankLineBefore(model, target)) lines.push('');
  const newIndex = (old: number) => (old === moving ? above : old >= above && old < moving ? old + 1 : old);
  return [insertLines(text, insertAt, lines), removeStage(model, stage), ...renumberIndexReferences(model, newIndex)];
}
