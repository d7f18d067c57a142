/** ForwardStageReference → move the referenced stage above the current one, when that is safe (see moveStage). */
import { stageLabel } from '../../model/stageModel';
import { quickFix, referenceAt, type QuickFixProvider } from './fixContext';
import { moveStageAbove } from './moveStage';

export const fixForwardStageReference: QuickFixProvider = (context) => {
  const reference = referenceAt(context, (candidate) => candidate.target !== undefined && candidate.target > candidate.inStage);
  if (!reference || reference.target === undefined) return [];
  const { model, graph } = context.analysis;
  const edits = moveStageAbove(model, graph, reference.target, reference.inStage);
  if (!edits) return [];
  const moved = model.stages[reference.target];
  const current = model.stages[reference.inStage];
  return [quickFix(context, `Move stage ${stageLabel(moved)} above stage ${stageLabel(current)}`, edits, true)];
};
