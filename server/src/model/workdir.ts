/** Paths as the builder sees them: WORKDIR resolution and `cd dir && ...` prefixes. */
import * as path from 'node:path';
import type { Instruction } from './scanner';

/** The absolute working directory in effect before instruction `index` of a stage ('/' by default). */
export function workdirBefore(instructions: readonly Instruction[], index: number): string {
  let dir = '/';
  for (let i = 0; i < index && i < instructions.length; i++) {
    const instruction = instructions[i];
    if (instruction.keyword !== 'WORKDIR' || instruction.words.length === 0) continue;
    dir = resolveIn(dir, instruction.words.map((word) => word.value).join(' '));
  }
  return dir;
}

export function resolveIn(dir: string, target: string): string {
  return path.posix.resolve(dir, target);
}
