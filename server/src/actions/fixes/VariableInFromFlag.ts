/**
 * VariableInFromFlag → BuildKit's own workaround: a stage `FROM <the value> AS <name>` before
 * the first stage (FROM expands global ARGs) and `--from=<name>`. Every variable must be a
 * global ARG; one declared only in the current stage is also declared globally, with the same
 * default. A variable declared nowhere gets no fix (there is nothing to expand).
 */
import type { Instruction } from '../../model/scanner';
import type { StageModel } from '../../model/stageModel';
import { blankLineBefore, insertLines, renumberIndexReferences, replaceSpan, stageBlock, uniqueStageName } from '../edits';
import { quickFix, quote, referenceAt, type QuickFixProvider } from './fixContext';

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))/g;

function variablesIn(value: string): string[] {
  return [...value.matchAll(VARIABLE)].map((match) => match[1] ?? match[2]);
}

/** The stage-level `ARG NAME[=default]` word declaring `name` before `before`, as written. */
function stageArgDeclaration(instructions: Instruction[], before: Instruction, name: string): string | undefined {
  let found: string | undefined;
  for (const instruction of instructions) {
    if (instruction === before) break;
    if (instruction.keyword !== 'ARG') continue;
    for (const word of instruction.words) {
      if (word.value === name || word.value.startsWith(`${name}=`)) found = word.raw;
    }
  }
  return found;
}

function nameFor(model: StageModel, variables: string[]): string {
  return uniqueStageName(model, variables[variables.length - 1].toLowerCase().replace(/_/g, '-'));
}

export const fixVariableInFromFlag: QuickFixProvider = (context) => {
  const reference = referenceAt(context, (candidate) => candidate.resolution === 'variable');
  if (!reference || reference.value.trim() === '') return [];
  const { model } = context.analysis;
  const variables = variablesIn(reference.value);
  if (variables.length === 0) return [];
  const current = model.stages[reference.inStage];
  const newGlobalArgs: string[] = [];
  for (const variable of variables) {
    if (model.globalArgs.some((arg) => arg.name === variable)) continue;
    const declaration = stageArgDeclaration(current.instructions, reference.instruction, variable);
    if (!declaration) return [];
    if (!newGlobalArgs.includes(declaration)) newGlobalArgs.push(declaration);
  }
  const name = nameFor(model, variables);
  const first = model.stages[0];
  const lines = [...newGlobalArgs.map((word) => `ARG ${word}`), `FROM ${reference.value} AS ${name}`];
  if (blankLineBefore(model, first) || model.stages.length > 1) lines.push('');
  const edits = [
    insertLines(model.scanned.text, stageBlock(model, first).start, lines),
    replaceSpan(reference.span, name),
    // The new stage comes first: every numeric --from moves up by one.
    ...renumberIndexReferences(model, (old) => old + 1),
  ];
  const declared = newGlobalArgs.length > 0 ? ` (declaring ARG ${variables.filter((v) => !model.globalArgs.some((arg) => arg.name === v)).join(', ')} globally)` : '';
  return [quickFix(context, `Add stage ${quote(name)} FROM ${reference.value} and copy from it${declared}`, edits, true)];
};
