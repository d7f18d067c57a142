/**
 * Shell form → exec form (`CMD /app serve` → `CMD ["/app", "serve"]`), for bases without a
 * shell. Only a plain command converts: anything the shell would interpret (variables, pipes,
 * `&&`, redirections, globs, heredocs) would change meaning, so it is left alone.
 */
import { parseFlags } from '../../model/flags';
import type { Instruction } from '../../model/scanner';
import type { Stage } from '../../model/stageModel';
import type { SpanEdit } from '../edits';

const SHELL_SYNTAX = /[|&;<>()$`*?~{}[\]\\#]/;

/** Index in the flag-less words where the command starts: after `CMD` for HEALTHCHECK. */
function commandStart(instruction: Instruction): number | undefined {
  if (instruction.keyword !== 'HEALTHCHECK') return 0;
  const index = parseFlags(instruction).rest.findIndex((word) => word.value.toUpperCase() === 'CMD');
  return index < 0 ? undefined : index + 1;
}

export function execFormEdit(instruction: Instruction): SpanEdit | undefined {
  const words = shellFormWords(instruction);
  if (!words || instruction.heredocs.length > 0) return undefined;
  // Quoted words keep their spaces; a metacharacter anywhere (even quoted) is not worth the risk.
  if (words.some((word) => SHELL_SYNTAX.test(word.raw))) return undefined;
  const span = instruction.line.span(words[0].start, words[words.length - 1].end);
  return { start: span.start, end: span.end, newText: `[${words.map((word) => JSON.stringify(word.value)).join(', ')}]` };
}

/** The command words of a CMD / ENTRYPOINT / HEALTHCHECK in shell form; undefined for exec form or `HEALTHCHECK NONE`. */
function shellFormWords(instruction: Instruction) {
  const start = commandStart(instruction);
  if (start === undefined) return undefined;
  const words = parseFlags(instruction).rest.slice(start);
  return words.length === 0 || words[0].raw.startsWith('[') ? undefined : words;
}

/**
 * Exec-form edits for every shell-form CMD, ENTRYPOINT and HEALTHCHECK of a stage; undefined
 * when one of them cannot be converted. A shell-form ENTRYPOINT next to a CMD is refused: in
 * exec form it would start taking the CMD as arguments.
 */
export function execFormEdits(stage: Stage): SpanEdit[] | undefined {
  const edits: SpanEdit[] = [];
  const hasCmd = stage.instructions.some((instruction) => instruction.keyword === 'CMD');
  for (const instruction of stage.instructions) {
    if (!['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(instruction.keyword) || !shellFormWords(instruction)) continue;
    if (instruction.keyword === 'ENTRYPOINT' && hasCmd) return undefined;
    const edit = execFormEdit(instruction);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits;
}
