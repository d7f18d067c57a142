/**
 * Quick fixes of BuildKit's build checks, where the fix is clear:
 * FromAsCasing → AS in the case of FROM; UndefinedArgInFrom with a did-you-mean → that ARG;
 * RedundantTargetPlatform → drop the flag; MultipleInstructionsDisallowed → remove the ignored
 * instruction (the image does not change); FromStageCasing → the stage name as stored.
 */
import { lineStartAt, nextLineStart, replaceSpan } from '../edits';
import { quickFix, quote, type QuickFixProvider } from './fixContext';

const replacementOf = (data: unknown): string | undefined => {
  const value = (data as { replacement?: unknown } | undefined)?.replacement;
  return typeof value === 'string' ? value : undefined;
};

export const fixFromAsCasing: QuickFixProvider = (context) => {
  const replacement = replacementOf(context.diagnostic.data);
  const stage = context.analysis.model.stages.find((candidate) => candidate.asSpan?.start === context.span.start && candidate.asSpan.end === context.span.end);
  if (!replacement || !stage) return [];
  return [quickFix(context, `Write ${quote(replacement)}`, [replaceSpan(context.span, replacement)], true)];
};

export const fixUndefinedArgInFrom: QuickFixProvider = (context) => {
  const replacement = replacementOf(context.diagnostic.data);
  const written = context.analysis.model.scanned.text.slice(context.span.start, context.span.end);
  if (!replacement || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(written)) return [];
  return [quickFix(context, `Change to ${quote(replacement)}`, [replaceSpan(context.span, replacement)], true)];
};

export const fixRedundantTargetPlatform: QuickFixProvider = (context) => {
  const { text } = context.analysis.model.scanned;
  if (!/^--platform=/i.test(text.slice(context.span.start, context.span.end))) return [];
  // The flag and the blanks after it.
  let end = context.span.end;
  while (text[end] === ' ' || text[end] === '\t') end++;
  return [quickFix(context, 'Remove --platform (the target platform is the default)', [replaceSpan({ start: context.span.start, end }, '')], true)];
};

export const fixMultipleInstructionsDisallowed: QuickFixProvider = (context) => {
  const { model } = context.analysis;
  const instruction = model.scanned.instructions.find((candidate) => candidate.span.start === context.span.start && candidate.span.end === context.span.end);
  if (!instruction) return [];
  const text = model.scanned.text;
  const start = lineStartAt(text, instruction.span.start);
  // Only whole lines: an instruction sharing its line with nothing else.
  if (text.slice(start, instruction.span.start).trim() !== '') return [];
  const end = nextLineStart(text, instruction.span.end);
  return [quickFix(context, `Remove this ${instruction.keyword} (line ${instruction.startLine + 1}): only the last one is used`, [replaceSpan({ start, end }, '')], true)];
};

export const fixFromStageCasing: QuickFixProvider = (context) => {
  const { model } = context.analysis;
  const stage = model.stages.find((candidate) => candidate.baseSpan?.start === context.span.start && candidate.baseSpan.end === context.span.end);
  if (stage?.caseMismatchStage === undefined || stage.base.includes('$')) return [];
  const name = model.stages[stage.caseMismatchStage].normalizedName as string;
  return [quickFix(context, `Change to ${quote(name)}`, [replaceSpan(context.span, name)], true)];
};
