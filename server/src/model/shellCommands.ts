/**
 * The shell text of a RUN (or CMD/ENTRYPOINT) read as simple commands: `a && b; c | d` → a, b,
 * c, d, each with its words (quotes and escapes removed), leading `NAME=value` assignments,
 * `>`/`>>` targets, whether it reads from a pipe, and its text as written. Enough shell for the
 * size engine (`dd of=x`, `head -c 1M > f`) and for stack detection (`CGO_ENABLED=0 go build`,
 * `cd web && npm run build`, exec-form `["cargo", "build"]`). Not a shell parser, a good reading:
 * nothing here is ever executed.
 */
import { parseFlags } from './flags';
import { parseExecForm, type Instruction } from './scanner';

export interface SimpleCommand {
  /** Leading `NAME=value` assignments, those after `env` and `exec` included (`CGO_ENABLED=0 go build`). */
  assignments: Record<string, string>;
  /** The command words after the assignments, `env` and `exec`, quotes removed, redirections left out; `argv[0]` is the program. */
  argv: string[];
  /** Files written with `>` or `>>`. */
  redirectsTo: string[];
  /** True when the command reads from a pipe (`x | head -c 10`). */
  piped: boolean;
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
  return parseExecForm(commandText(instruction)) !== undefined;
}

/** The simple commands of a RUN, CMD or ENTRYPOINT, shell or exec form. */
export function simpleCommands(instruction: Instruction): SimpleCommand[] {
  const text = commandText(instruction).trim();
  const exec = parseExecForm(text);
  if (exec) {
    // `["sh", "-c", "go build ..."]` is a shell line in disguise.
    if (exec.length >= 3 && /(^|\/)(ba)?sh$/.test(exec[0]) && exec[1] === '-c') return splitShell(exec[2]);
    return [{ assignments: {}, argv: exec, redirectsTo: [], piped: false, text: exec.join(' ') }];
  }
  return splitShell(text);
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
/** Unquoted words that end the command before them and start one (`if x; then go build; fi`). */
const SEPARATOR_WORDS = new Set(['then', 'do']);
/** Unquoted grouping words, dropped (`{ make; }`). */
const GROUPING_WORDS = new Set(['{', '}']);

/**
 * Splits shell text at `&&`, `||`, `;`, `|`, `&`, newlines and `then`/`do`. Quotes (`'…'`, `"…"`),
 * backslash escapes, line continuations and `$(…)`/`${…}`/`` `…` `` are read once, here;
 * `# comments` are skipped.
 */
export function splitShell(text: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: string[] = [];
  let redirects: string[] = [];
  let piped = false;
  let commandStart = 0;
  let word = '';
  let hasWord = false;
  let quoted = false;
  let wordStart = 0;
  let pendingRedirect = false;
  let pendingDelimiter = false;

  const pushCommand = (end: number, nextPiped: boolean) => {
    if (words.length > 0 || redirects.length > 0) commands.push(commandOf(words, redirects, piped, text.slice(commandStart, end).trim()));
    words = [];
    redirects = [];
    piped = nextPiped;
  };
  const endWord = (end: number) => {
    if (!hasWord) return;
    const value = word;
    const literal = !quoted;
    word = '';
    hasWord = false;
    quoted = false;
    if (pendingRedirect) {
      redirects.push(value);
      pendingRedirect = false;
    } else if (pendingDelimiter) pendingDelimiter = false;
    else if (literal && SEPARATOR_WORDS.has(value)) {
      pushCommand(wordStart, false);
      commandStart = end;
    } else if (!(literal && GROUPING_WORDS.has(value))) words.push(value);
  };
  const startWord = (at: number) => {
    if (!hasWord) wordStart = at;
    hasWord = true;
  };
  /** A lone digit before `>` or `<` (`2>`, `3<<EOF`) is a file descriptor, not a word. */
  const endWordBeforeRedirect = (at: number) => {
    if (hasWord && !quoted && /^\d$/.test(word)) {
      word = '';
      hasWord = false;
    } else endWord(at);
  };
  /** Ends the command at `at`; the next one starts at `next` (after the operator). */
  const endCommand = (at: number, next: number, nextPiped: boolean) => {
    endWord(at);
    pushCommand(at, nextPiped);
    commandStart = next;
  };

  const closers = new Closers(text);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const close = closers.quote(i);
      if (close >= 0) {
        startWord(i);
        quoted = true;
        word += ch === "'" ? text.slice(i + 1, close) : unescapeDoubleQuoted(text.slice(i + 1, close));
        i = close;
        continue;
      }
      // An unmatched quote is read as a character.
      startWord(i);
      word += ch;
    } else if (ch === '\\' && i + 1 < text.length) {
      // `\;`, `\ `, `\$` escape; a backslash before a letter or digit stays (`C:\out` on Windows images).
      if (text[i + 1] !== '\n') {
        startWord(i);
        word += /[A-Za-z0-9]/.test(text[i + 1]) ? ch + text[i + 1] : text[i + 1];
      }
      i++;
    } else if (ch === '`' || (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{'))) {
      // `$(cmd)`, `${VAR}`, `` `cmd` ``: kept as written, part of the word.
      const end = closers.substitution(i);
      startWord(i);
      if (end < 0) word += ch;
      else {
        word += text.slice(i, end);
        i = end - 1;
      }
    } else if (ch === '#' && !hasWord) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (ch === '&' && text[i + 1] === '&') {
      endCommand(i, i + 2, false);
      i++;
    } else if (ch === '|' && text[i + 1] === '|') {
      endCommand(i, i + 2, false);
      i++;
    } else if (ch === '|') {
      endCommand(i, i + 1, true);
    } else if (ch === '&' && text[i + 1] === '>') {
      // `&> file`, `&>> file`: stdout and stderr to a file.
      endWord(i);
      i++;
      if (text[i + 1] === '>') i++;
      pendingRedirect = true;
    } else if (ch === ';' || ch === '\n' || ch === '&') {
      endCommand(i, i + 1, false);
    } else if (ch === '>') {
      // `2>/dev/null`, `>file`, `>> file`: the next word is a target; `2>&1` has none.
      endWordBeforeRedirect(i);
      if (text[i + 1] === '>') i++;
      if (text[i + 1] === '&') {
        i++;
        while (i + 1 < text.length && /\d/.test(text[i + 1])) i++;
        continue;
      }
      pendingRedirect = true;
    } else if (ch === '<') {
      // `< file` and `<<< word` keep the word (it is what the command reads); a heredoc's `<<EOF` drops it.
      endWordBeforeRedirect(i);
      if (text[i + 1] === '<' && text[i + 2] === '<') i += 2;
      else if (text[i + 1] === '<') {
        i++;
        if (text[i + 1] === '-') i++;
        pendingDelimiter = true;
      }
    } else if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '(' || ch === ')') {
      endWord(i);
    } else {
      startWord(i);
      word += ch;
    }
  }
  endCommand(text.length, text.length, false);
  return commands;
}

function commandOf(words: string[], redirectsTo: string[], piped: boolean, text: string): SimpleCommand {
  const assignments: Record<string, string> = {};
  let i = 0;
  const readAssignments = () => {
    for (; i < words.length; i++) {
      const match = ASSIGNMENT.exec(words[i]);
      if (!match) break;
      assignments[match[1]] = match[2];
    }
  };
  readAssignments();
  // `env A=1 cmd` and `exec cmd` run cmd.
  while (i < words.length && (words[i] === 'env' || words[i] === 'exec')) {
    i++;
    readAssignments();
  }
  return { assignments, argv: words.slice(i), redirectsTo, piped, text };
}

/** Inside double quotes a backslash escapes only `$`, `` ` ``, `"`, `\` and a newline (a continuation). */
function unescapeDoubleQuoted(body: string): string {
  return body.replace(/\\([$`"\\\n])/g, (_, escaped: string) => (escaped === '\n' ? '' : escaped));
}

/**
 * Where quotes and substitutions close, each found once per text: a rescan from every unclosed
 * `"`, `` ` `` or `$(` made an unterminated one repeated through a long line quadratic (or worse).
 */
class Closers {
  /** `next[c][s]`: the first `c` at or after `s` not escaped by a backslash read from `s`, or -1. */
  private readonly next = new Map<string, Int32Array>();
  private readonly lastSingleQuote: number;
  /** Matching close of the opener at a position (`(` or `{`), -1 when unclosed. */
  private readonly groups = new Map<number, number>();

  constructor(private readonly text: string) {
    this.lastSingleQuote = text.lastIndexOf("'");
  }

  private unescaped(ch: string, from: number): number {
    let table = this.next.get(ch);
    if (!table) {
      const text = this.text;
      const n = text.length;
      table = new Int32Array(n + 2).fill(-1);
      for (let s = n - 1; s >= 0; s--) table[s] = text[s] === '\\' ? table[Math.min(s + 2, n)] : text[s] === ch ? s : table[s + 1];
      this.next.set(ch, table);
    }
    return from >= this.text.length ? -1 : table[from];
  }

  /** Index of the quote closing the one at `open`, or -1. */
  quote(open: number): number {
    if (this.text[open] === "'") return open < this.lastSingleQuote ? this.text.indexOf("'", open + 1) : -1;
    return this.unescaped('"', open + 1);
  }

  /** End (exclusive) of the `$(…)`, `${…}` or `` `…` `` starting at `start`, or -1 when it is not closed. */
  substitution(start: number): number {
    if (this.text[start] === '`') {
      const close = this.unescaped('`', start + 1);
      return close < 0 ? -1 : close + 1;
    }
    const close = this.group(start + 1);
    return close < 0 ? -1 : close + 1;
  }

  /** The close of the `(` or `{` at `opener` (any nested opener of the same kind counts); each position is scanned once. */
  private group(opener: number): number {
    const known = this.groups.get(opener);
    if (known !== undefined) return known;
    const text = this.text;
    const open = text[opener];
    const close = open === '(' ? ')' : '}';
    const stack = [opener];
    let i = opener + 1;
    while (stack.length > 0) {
      if (i >= text.length) {
        for (const unclosed of stack) this.groups.set(unclosed, -1);
        break;
      }
      const ch = text[i];
      if (ch === '\\') i += 2;
      else if (ch === "'" || ch === '"') {
        const end = this.quote(i);
        i = end >= 0 ? end + 1 : i + 1;
      } else if (ch === open) {
        const nested = this.groups.get(i);
        if (nested === undefined) {
          stack.push(i);
          i++;
        } else if (nested < 0) {
          for (const unclosed of stack) this.groups.set(unclosed, -1);
          break;
        } else i = nested + 1;
      } else if (ch === close) {
        this.groups.set(stack.pop()!, i);
        i++;
      } else i++;
    }
    return this.groups.get(opener)!;
  }
}
