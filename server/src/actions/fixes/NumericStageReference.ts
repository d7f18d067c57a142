/**
 * NumericStageReference → refer to the stage by name; an unnamed stage is named first
 * (`AS <name>`, from its base image, unique in the file).
 */
import { referenceAt, quickFix, quote, type QuickFixProvider } from './fixContext';
import { referToStageByName } from './nameStage';

export const fixNumericStageReference: QuickFixProvider = (context) => {
  const reference = referenceAt(context, (candidate) => candidate.resolution === 'index');
  if (!reference || reference.target === undefined) return [];
  const stage = context.analysis.model.stages[reference.target];
  const change = referToStageByName(context.analysis.model, stage, reference.span);
  if (!change) return [];
  const title = change.added ? `Name stage ${stage.index} ${quote(change.name)} and refer to it by name` : `Refer to stage ${stage.index} by its name ${quote(change.name)}`;
  return [quickFix(context, title, change.edits, true)];
};
