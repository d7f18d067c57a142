/**
 * DuplicateStageName → rename the second stage (`build` → `build-2`). Its definition is the
 * only edit: BuildKit resolves every reference to the first stage of that name, so the
 * references keep meaning what they meant.
 */
import { replaceSpan, uniqueStageName } from '../edits';
import { quickFix, quote, stageNamedAt, type QuickFixProvider } from './fixContext';

export const fixDuplicateStageName: QuickFixProvider = (context) => {
  const stage = stageNamedAt(context);
  if (!stage?.normalizedName || !stage.nameSpan) return [];
  const newName = uniqueStageName(context.analysis.model, stage.normalizedName);
  return [quickFix(context, `Rename this stage to ${quote(newName)} (references keep meaning the first ${quote(stage.normalizedName)})`, [replaceSpan(stage.nameSpan, newName)], true)];
};
