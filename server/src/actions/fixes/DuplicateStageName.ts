/**
 * DuplicateStageName → rename the later stage (`build` → `build-2`) and the references that bind
 * to it. BuildKit lets a later `AS name` replace the earlier one: every `--from=name` binds the
 * last stage of that name and a `FROM name` the latest one above, so those references move with
 * the rename and every reference keeps the stage it had.
 */
import { renameStage, uniqueStageName } from '../edits';
import { quickFix, quote, stageNamedAt, type QuickFixProvider } from './fixContext';

export const fixDuplicateStageName: QuickFixProvider = (context) => {
  const stage = stageNamedAt(context);
  if (!stage?.normalizedName || !stage.nameSpan) return [];
  const { model } = context.analysis;
  const newName = uniqueStageName(model, stage.normalizedName);
  const edits = renameStage(model, stage, newName);
  const moved = edits.length - 1;
  const title = moved > 0
    ? `Rename this stage to ${quote(newName)} (and the ${moved === 1 ? 'reference that binds' : `${moved} references that bind`} to it)`
    : `Rename this stage to ${quote(newName)} (no reference binds to it)`;
  return [quickFix(context, title, edits, true)];
};
