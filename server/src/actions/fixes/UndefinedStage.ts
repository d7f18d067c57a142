/**
 * UndefinedStage → the stage name it was probably meant to be: one action per close
 * candidate, closest first and preferred. Only stages defined above the reference are
 * offered (a stage below would turn the typo into a ForwardStageReference error); a value
 * far from every stage (an image pull) gets no fix.
 */
import { closestStageNames } from '../../rules/nameDistance';
import { replaceSpan } from '../edits';
import { quickFix, quote, referenceAt, type QuickFixProvider } from './fixContext';

export const fixUndefinedStage: QuickFixProvider = (context) => {
  const reference = referenceAt(context, (candidate) => candidate.resolution === 'unknown-name');
  if (!reference) return [];
  const { model } = context.analysis;
  const named = model.stages.filter((stage) => stage.name);
  const fromData = (context.diagnostic.data as { candidates?: unknown } | undefined)?.candidates;
  const candidates = Array.isArray(fromData) ? fromData.filter((name): name is string => typeof name === 'string') : closestStageNames(reference.value, named.map((stage) => stage.name as string));
  const usable = candidates.filter((name) => {
    const stage = model.stages.find((candidate) => candidate.normalizedName === name.toLowerCase());
    return stage !== undefined && stage.index < reference.inStage;
  });
  return usable.map((name, order) => quickFix(context, `Change to ${quote(name)}`, [replaceSpan(reference.span, name)], order === 0));
};
