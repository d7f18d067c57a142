/** StageNameCasing → the lower-case name, at the definition and at every reference (BuildKit matches them case-insensitively). */
import { renameStage } from '../edits';
import { quickFix, quote, stageNamedAt, type QuickFixProvider } from './fixContext';

export const fixStageNameCasing: QuickFixProvider = (context) => {
  const stage = stageNamedAt(context);
  if (!stage?.name || !stage.normalizedName || stage.name === stage.normalizedName) return [];
  const edits = renameStage(context.analysis.model, stage, stage.normalizedName);
  const where = edits.length > 1 ? ` (and ${edits.length - 1} reference${edits.length > 2 ? 's' : ''})` : '';
  return [quickFix(context, `Rename stage to ${quote(stage.normalizedName)}${where}`, edits, true)];
};
