/** Paths as the builder sees them: WORKDIR resolution and `cd dir && ...` prefixes. */
import * as path from 'node:path';
import type { Instruction } from './scanner';
import { simpleCommands, type SimpleCommand } from './shellCommands';

/** The absolute working directory in effect before instruction `index` of a stage (`start`, '/' by default: the base image's). */
export function workdirBefore(instructions: readonly Instruction[], index: number, start = '/'): string {
  let dir = start;
  for (let i = 0; i < index && i < instructions.length; i++) {
    const instruction = instructions[i];
    if (instruction.keyword !== 'WORKDIR' || instruction.words.length === 0) continue;
    dir = resolveIn(dir, instruction.words.map((word) => word.value).join(' '));
  }
  return dir;
}

/** The simple commands of RUN instruction `index`, each with the directory it runs in: the WORKDIR, then `cd dir` steps. */
export function runCommandsWithDir(instructions: readonly Instruction[], index: number, start = '/'): { command: SimpleCommand; dir: string }[] {
  const found: { command: SimpleCommand; dir: string }[] = [];
  let dir = workdirBefore(instructions, index, start);
  for (const command of simpleCommands(instructions[index])) {
    if (command.argv[0] === 'cd' && command.argv[1]) dir = resolveIn(dir, command.argv[1]);
    else found.push({ command, dir });
  }
  return found;
}

export function resolveIn(dir: string, target: string): string {
  return path.posix.resolve(dir, target);
}
