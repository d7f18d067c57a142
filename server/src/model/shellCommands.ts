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

  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const close = closingQuote(text, i);
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
      const end = substitutionEnd(text, i);
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

/** Index of the quote closing the one at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  if (text[open] === "'") return text.indexOf("'", open + 1);
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Inside double quotes a backslash escapes only `$`, `` ` ``, `"`, `\` and a newline (a continuation). */
function unescapeDoubleQuoted(body: string): string {
  return body.replace(/\\([$`"\\\n])/g, (_, escaped: string) => (escaped === '\n' ? '' : escaped));
}

/** End (exclusive) of the `$(…)`, `${…}` or `` `…` `` starting at `start`, or -1 when it is not closed. */
function substitutionEnd(text: string, start: number): number {
  if (text[start] === '`') {
    for (let i = start + 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '`') return i + 1;
    }
    return -1;
  }
  const open = text[start + 1];
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === "'" || ch === '"') {
      const end = closingQuote(text, i);
      if (end >= 0) i = end;
    } else if (ch === open) depth++;
    else if (ch === close && --depth === 0) return i + 1;
  }
  return -1;
}
