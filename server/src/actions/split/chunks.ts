/**
 * A stage cut into chunks: each instruction with the comments and blank lines above it, copied
 * verbatim (continuations, heredocs and formatting untouched), so moving an instruction moves
 * its comments with it.
 */
import type { Instruction } from '../../model/scanner';
import type { Stage, StageModel } from '../../model/stageModel';
import { nextLineStart } from '../edits';

export interface Chunk {
  instruction: Instruction;
  /** Index in `stage.instructions`. */
  index: number;
  /** Comments/blank lines above, the instruction, its line break. */
  text: string;
  /** Offset of the instruction within `text`. */
  instructionOffset: number;
}

export interface StageChunks {
  /** Document span the chunks cover (from the FROM's leading comments to the last line break). */
  start: number;
  end: number;
  chunks: Chunk[];
}

export function stageChunks(model: StageModel, stage: Stage): StageChunks {
  const text = model.scanned.text;
  const all = model.scanned.instructions;
  const first = all.indexOf(stage.from);
  const directives = model.scanned.directives;
  let cursor = first > 0 ? nextLineStart(text, all[first - 1].span.end) : directives.length > 0 ? nextLineStart(text, directives[directives.length - 1].span.end) : 0;
  const start = cursor;
  const chunks = stage.instructions.map((instruction, index) => {
    const end = nextLineStart(text, instruction.span.end);
    const chunk = { instruction, index, text: text.slice(cursor, end), instructionOffset: instruction.span.start - cursor };
    cursor = end;
    return chunk;
  });
  return { start, end: cursor, chunks };
}

/** The chunk's text ending with a line break. */
export function withLineBreak(text: string, eol: string): string {
  return text.endsWith('\n') ? text : text + eol;
}
