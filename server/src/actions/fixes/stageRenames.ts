/** ReservedStageName and InvalidStageName → rename the stage (and its references) to a valid, unique name. */
import { renameStage, sanitizeStageName, uniqueStageName } from '../edits';
import { quickFix, quote, stageNamedAt, type QuickFixProvider } from './fixContext';

export const fixReservedStageName: QuickFixProvider = (context) => {
  const stage = stageNamedAt(context);
  if (!stage?.normalizedName) return [];
  const newName = uniqueStageName(context.analysis.model, `${stage.normalizedName}-stage`);
  return [quickFix(context, `Rename stage to ${quote(newName)}`, renameStage(context.analysis.model, stage, newName), true)];
};

export const fixInvalidStageName: QuickFixProvider = (context) => {
  const stage = stageNamedAt(context);
  if (!stage?.normalizedName) return [];
  const valid = sanitizeStageName(stage.normalizedName) ?? sanitizeStageName(`stage-${stage.normalizedName}`) ?? `stage-${stage.index}`;
  const newName = uniqueStageName(context.analysis.model, valid);
  return [quickFix(context, `Rename stage to ${quote(newName)}`, renameStage(context.analysis.model, stage, newName), true)];
};
