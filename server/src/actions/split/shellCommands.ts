/**
 * The simple commands of a RUN (or CMD/ENTRYPOINT): enough shell to recognise `go build -o x`,
 * `CGO_ENABLED=0 go build`, `cd web && npm run build` or an exec-form `["cargo", "build"]`.
 * Read only: nothing here is ever executed.
 */
import { parseFlags } from '../../model/flags';
import type { Instruction } from '../../model/scanner';

export interface SimpleCommand {
  /** Leading `NAME=value` assignments (`CGO_ENABLED=0 go build`). */
  assignments: Record<string, string>;
  /** The command words, quotes removed; `argv[0]` is the program. */
  argv: string[];
  /** The command as written. */
  text: string;
}

/** The command text after the flags (`--mount=...`), heredoc bodies appended. */
export function commandText(instruction: Instruction): string {
  const { rest } = parseFlags(instruction);
  const text = rest.length > 0 ? instruction.line.text.slice(rest[0].start) : '';
  return [text, ...instruction.heredocs.map((heredoc) => heredoc.body)].join('\n');
}

/** True for the JSON (exec) form: `CMD ["./server"]`. */
export function isExecForm(instruction: Instruction): boolean {
  const text = commandText(instruction).trim();
  if (!text.startsWith('[') || !text.endsWith(']')) return false;
  return execFormArgs(text) !== undefined;
}

function execFormArgs(text: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? (parsed as string[]) : undefined;
  } catch {
    return undefined;
  }
}

const SEPARATORS = /&&|\|\||[;|\n]|\bthen\b|\bdo\b/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/** Splits a shell command line into its simple commands (not a full shell parser: a good reading). */
export function simpleCommands(instruction: Instruction): SimpleCommand[] {
  const text = commandText(instruction).trim();
  const exec = text.startsWith('[') ? execFormArgs(text) : undefined;
  if (exec) {
    // `["sh", "-c", "go build ..."]` is a shell line in disguise.
    if (exec.length >= 3 && /(^|\/)(ba)?sh$/.test(exec[0]) && exec[1] === '-c') return splitShell(exec[2]);
    return [{ assignments: {}, argv: exec, text: exec.join(' ') }];
  }
  return splitShell(text);
}

export function splitShell(text: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  for (const piece of text.split(SEPARATORS)) {
    const words = shellWords(piece);
    const assignments: Record<string, string> = {};
    let i = 0;
    for (; i < words.length; i++) {
      const match = ASSIGNMENT.exec(words[i]);
      if (!match) break;
      assignments[match[1]] = match[2];
    }
    // `env A=1 cmd` and `exec cmd` run cmd.
    while (i < words.length && (words[i] === 'env' || words[i] === 'exec')) {
      i++;
      for (; i < words.length; i++) {
        const match = ASSIGNMENT.exec(words[i]);
        if (!match) break;
        assignments[match[1]] = match[2];
      }
    }
    const argv = words.slice(i).filter((word) => word !== '(' && word !== ')' && word !== '{' && word !== '}');
    if (argv.length > 0 || Object.keys(assignments).length > 0) commands.push({ assignments, argv, text: piece.trim() });
  }
  return commands;
}

function shellWords(text: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let current = '';
  let last = -1;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const piece = match[1] ?? match[2] ?? match[3] ?? '';
    // Adjacent quoted and bare pieces form one word: `-ldflags="-s -w"`.
    if (last === match.index) current += piece;
    else {
      if (last >= 0) words.push(current);
      current = piece;
    }
    last = match.index + match[0].length;
  }
  if (last >= 0) words.push(current);
  return words;
}

/** The value following `flag` (`-o out`, `-o=out`, `--output out`), if any. */
export function optionValue(argv: string[], ...flags: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    for (const flag of flags) {
      if (argv[i] === flag && i + 1 < argv.length) return argv[i + 1];
      if (argv[i].startsWith(`${flag}=`)) return argv[i].slice(flag.length + 1);
    }
  }
  return undefined;
}
