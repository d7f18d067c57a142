/**
 * FromLaterStage. `FROM x` naming a later stage → move that stage above, so FROM really uses
 * it (when safe). `FROM x AS x` naming its own stage → rename the stage, so FROM plainly
 * means the image x it already pulls.
 */
import { renameStage, uniqueStageName } from '../edits';
import { stageLabel } from '../../model/stageModel';
import { quickFix, quote, referenceAt, type QuickFixProvider } from './fixContext';
import { moveStageAbove } from './moveStage';

export const fixFromLaterStage: QuickFixProvider = (context) => {
  const reference = referenceAt(context, (candidate) => candidate.kind === 'from' && candidate.target !== undefined && candidate.target >= candidate.inStage);
  if (!reference || reference.target === undefined) return [];
  const { model, graph } = context.analysis;
  const named = model.stages[reference.target];
  if (reference.target === reference.inStage) {
    const newName = uniqueStageName(model, `${named.normalizedName}-stage`);
    return [quickFix(context, `Rename stage ${stageLabel(named)} to ${quote(newName)} (FROM ${reference.value} stays the image)`, renameStage(model, named, newName), true)];
  }
  const edits = moveStageAbove(model, graph, reference.target, reference.inStage);
  if (!edits) return [];
  return [quickFix(context, `Move stage ${stageLabel(named)} above, so FROM ${reference.value} builds on it`, edits, true)];
};
