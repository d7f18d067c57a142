/**
 * StageIndexOutOfRange → refer by name to one of the stages above the reference (the only
 * ones it can copy from); an unnamed one is named first. Which stage was meant is a guess,
 * so a fix is preferred only when exactly one stage qualifies.
 */
import { stageLabel } from '../../model/stageModel';
import { quickFix, quote, referenceAt, type QuickFixProvider } from './fixContext';
import { referToStageByName } from './nameStage';

export const fixStageIndexOutOfRange: QuickFixProvider = (context) => {
  const reference = referenceAt(context, (candidate) => candidate.resolution === 'index-out-of-range');
  if (!reference) return [];
  const { model } = context.analysis;
  const above = model.stages.slice(0, reference.inStage);
  const actions = [];
  for (const stage of above) {
    const change = referToStageByName(model, stage, reference.span);
    if (!change) continue;
    const title = change.added
      ? `Copy from stage ${stage.index} (${stage.base || 'no base'}), named ${quote(change.name)}`
      : `Copy from stage ${stageLabel(stage)} (stage ${stage.index})`;
    actions.push(quickFix(context, title, change.edits, above.length === 1));
  }
  return actions;
};
