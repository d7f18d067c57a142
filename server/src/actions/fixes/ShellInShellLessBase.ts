/** ShellInShellLessBase on a CMD / ENTRYPOINT / HEALTHCHECK → its exec form, when it is a plain command. RUN gets no fix. */
import { quickFix, type QuickFixProvider } from './fixContext';
import { execFormEdit } from './execForm';

export const fixShellInShellLessBase: QuickFixProvider = (context) => {
  const { model } = context.analysis;
  const instruction = model.scanned.instructions.find((candidate) => candidate.span.start <= context.span.start && context.span.end <= candidate.span.end);
  if (!instruction || !['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(instruction.keyword)) return [];
  if (instruction.keyword === 'ENTRYPOINT') {
    const stage = model.stages.find((candidate) => candidate.instructions.includes(instruction));
    if (stage?.instructions.some((other) => other.keyword === 'CMD')) return [];
  }
  const edit = execFormEdit(instruction);
  if (!edit) return [];
  return [quickFix(context, `Use the exec form: ${instruction.keyword === 'HEALTHCHECK' ? 'HEALTHCHECK CMD' : instruction.keyword} ${edit.newText}`, [edit], true)];
};
