/**
 * Splits Dockerfile text into instructions the way BuildKit's parser does:
 * parser directives at the top, line continuations (with the `# escape=` character),
 * comment and empty lines inside a continuation dropped, heredoc bodies attached to
 * their instruction (they are not instructions), CRLF line ends.
 *
 * Pure and total: any string gives a result, nothing throws. All positions are
 * document offsets in UTF-16 code units, so they map 1:1 onto LSP positions.
 */

export interface Span {
  /** Document offset of the first character. */
  start: number;
  /** Document offset after the last character. */
  end: number;
}

/**
 * An instruction's text with its continuations joined. `text[i]` came from document
 * offset `offsetAt(i)`; the joined text is what BuildKit sees.
 */
export class LogicalLine {
  readonly text: string;
  /** Pieces of the joined text: piece k starts at text index `textStarts[k]`, document offset `docStarts[k]`. */
  private readonly textStarts: number[];
  private readonly docStarts: number[];

  constructor(pieces: { text: string; docStart: number }[]) {
    this.textStarts = [];
    this.docStarts = [];
    let joined = '';
    for (const piece of pieces) {
      this.textStarts.push(joined.length);
      this.docStarts.push(piece.docStart);
      joined += piece.text;
    }
    this.text = joined;
  }

  offsetAt(index: number): number {
    // Binary search for the last piece starting at or before `index`: a scan per look-up was
    // quadratic on an instruction of 20,000 continuation lines.
    const piece = lastAtOrBefore(this.textStarts, index);
    return this.docStarts[piece] + (index - this.textStarts[piece]);
  }

  /** Document span of text[start, end); a span crossing a continuation runs from line to line. */
  span(start: number, end: number): Span {
    if (end <= start) {
      const at = this.offsetAt(start);
      return { start: at, end: at };
    }
    return { start: this.offsetAt(start), end: this.offsetAt(end - 1) + 1 };
  }
}

export interface Word {
  /** As written, quotes included, continuations removed. */
  raw: string;
  /** Quotes removed (escapes inside double quotes resolved). */
  value: string;
  /** Index of the word in its logical line. */
  start: number;
  end: number;
}

export interface Heredoc {
  delimiter: string;
  /** `<<-`: leading tabs are stripped from the body and the terminator. */
  stripTabs: boolean;
  /** The `<<EOF` marker on the instruction line. */
  markerSpan: Span;
  /** The body lines, without the terminator line. */
  bodySpan: Span;
  body: string;
  terminated: boolean;
}

export interface Instruction {
  /** Upper-cased keyword, e.g. `FROM`; the empty string never occurs. */
  keyword: string;
  keywordSpan: Span;
  /** The whole instruction, continuations and heredoc bodies included. */
  span: Span;
  /** First and last document line the instruction touches (0-based). */
  startLine: number;
  endLine: number;
  line: LogicalLine;
  /** Words after the keyword. */
  words: Word[];
  heredocs: Heredoc[];
}

export interface ParserDirective {
  name: string;
  value: string;
  span: Span;
}

export interface ScannedDockerfile {
  text: string;
  escapeChar: '\\' | '`';
  directives: ParserDirective[];
  instructions: Instruction[];
  comments: Span[];
  /** Offsets of the start of each line. */
  lineStarts: number[];
}

const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);

/** A heredoc word (BuildKit: `^(\d*)<<(-?)([^<]*)$`): `<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF`. */
const HEREDOC_WORD = /^(\d*)<<(-?)([^<]*)$/;
const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);
const BYTE_ORDER_MARK = 0xfeff;

interface PhysicalLine {
  start: number;
  /** Content without the line break (a trailing \r dropped). */
  text: string;
}

function splitLines(text: string): { lines: PhysicalLine[]; lineStarts: number[] } {
  const lines: PhysicalLine[] = [];
  const lineStarts: number[] = [];
  let start = 0;
  const length = text.length;
  while (start <= length) {
    let newline = text.indexOf('\n', start);
    if (newline < 0) newline = length;
    let contentEnd = newline;
    if (contentEnd > start && text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
    lineStarts.push(start);
    // BuildKit drops a byte-order mark at the start of the first line.
    const contentStart = start === 0 && text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : start;
    lines.push({ start: contentStart, text: text.slice(contentStart, contentEnd) });
    start = newline + 1;
  }
  return { lines, lineStarts };
}

function isBlank(text: string): boolean {
  return text.trim().length === 0;
}

function isComment(text: string): boolean {
  return text.trimStart().startsWith('#');
}

const LINE_TERMINATORS = /[\r\u2028\u2029]/;

function isBlankChar(ch: string | undefined): boolean {
  return ch !== undefined && ch.trim() === '';
}

/**
 * BuildKit's directive pattern `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` (after leading
 * white space), read by hand: that regexp backtracks quadratically on a long first line.
 */
function parseDirective(line: string): { name: string; value: string } | undefined {
  let i = 0;
  while (isBlankChar(line[i])) i++;
  if (line[i] !== '#') return undefined;
  i++;
  while (isBlankChar(line[i])) i++;
  const nameStart = i;
  if (!/[a-zA-Z]/.test(line[i] ?? '')) return undefined;
  while (/[a-zA-Z0-9]/.test(line[i] ?? '')) i++;
  const name = line.slice(nameStart, i);
  while (isBlankChar(line[i])) i++;
  if (line[i] !== '=') return undefined;
  const rest = line.slice(i + 1);
  const trimmed = rest.trim();
  // `.` stops at line terminators; an all-blank value is the regexp's last blank character.
  const value = trimmed || rest.slice(-1);
  if (!value || LINE_TERMINATORS.test(value)) return undefined;
  return { name, value };
}

function readDirectives(lines: PhysicalLine[]): { directives: ParserDirective[]; escapeChar: '\\' | '`'; next: number } {
  const directives: ParserDirective[] = [];
  const seen = new Set<string>();
  let escapeChar: '\\' | '`' = '\\';
  let index = 0;
  for (; index < lines.length; index++) {
    const match = parseDirective(lines[index].text);
    if (!match) break;
    const name = match.name.toLowerCase();
    // An unknown or repeated directive is an ordinary comment and ends the directive block.
    if (!KNOWN_DIRECTIVES.has(name) || seen.has(name)) break;
    seen.add(name);
    const value = match.value;
    directives.push({ name, value, span: { start: lines[index].start, end: lines[index].start + lines[index].text.length } });
    if (name === 'escape' && (value === '`' || value === '\\')) escapeChar = value;
  }
  return { directives, escapeChar, next: index };
}

/**
 * Position of the continuation escape, or -1: the escape char followed only by white space,
 * not itself escaped (BuildKit: `([^\\])\\[ \t]*$|^\\[ \t]*$`, so `echo \\` (an escaped escape) ends the instruction).
 */
function continuationAt(text: string, escapeChar: string): number {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  if (end === 0 || text[end - 1] !== escapeChar) return -1;
  if (end >= 2 && text[end - 2] === escapeChar) return -1;
  return end - 1;
}

/** Splits `text[from..]` into words, keeping quoted runs together. */
export function splitWords(text: string, from: number, escapeChar: string): Word[] {
  const words: Word[] = [];
  let i = from;
  const n = text.length;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    // The value is built from slices, not character by character: per-character concatenation
    // allocated (and kept, as rope nodes) tens of bytes per character, which made big files
    // outgrow V8's young generation and analysis time grow faster than the line count.
    let value = '';
    let runStart = i;
    while (i < n && !isSpace(text.charCodeAt(i))) {
      const ch = text[i];
      if (ch === '"' || ch === "'") {
        value += text.slice(runStart, i);
        const quote = ch;
        i++;
        runStart = i;
        while (i < n && text[i] !== quote) {
          if (quote === '"' && text[i] === escapeChar && i + 1 < n) {
            value += text.slice(runStart, i);
            i++;
            runStart = i;
          }
          i++;
        }
        value += text.slice(runStart, i);
        if (i < n) i++; // closing quote
        runStart = i;
      } else {
        i++;
      }
    }
    const raw = text.slice(start, i);
    words.push({ raw, value: runStart === start ? raw : value + text.slice(runStart, i), start, end: i });
  }
  return words;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10 || code === 12 || code === 11;
}

export function scanDockerfile(text: string): ScannedDockerfile {
  const { lines, lineStarts } = splitLines(text);
  const { directives, escapeChar, next } = readDirectives(lines);
  const instructions: Instruction[] = [];
  const comments: Span[] = [];
  let index = next;
  while (index < lines.length) {
    const first = lines[index];
    if (isBlank(first.text)) {
      index++;
      continue;
    }
    if (isComment(first.text)) {
      const lead = first.text.length - first.text.trimStart().length;
      comments.push({ start: first.start + lead, end: first.start + first.text.length });
      index++;
      continue;
    }
    const startLine = index;
    const pieces: { text: string; docStart: number }[] = [];
    let lastLine = index;
    for (;;) {
      const line = lines[index];
      const escapeAt = continuationAt(line.text, escapeChar);
      lastLine = index;
      index++;
      if (escapeAt < 0) {
        pieces.push({ text: line.text, docStart: line.start });
        break;
      }
      pieces.push({ text: line.text.slice(0, escapeAt), docStart: line.start });
      // BuildKit drops comment lines and empty lines inside a continuation.
      while (index < lines.length && (isBlank(lines[index].text) || isComment(lines[index].text))) index++;
      if (index >= lines.length) break;
    }
    const logical = new LogicalLine(pieces);
    const instruction = buildInstruction(logical, escapeChar, startLine, lastLine, lines[lastLine]);
    index = attachHeredocs(instruction, lines, index);
    instructions.push(instruction);
  }
  return { text, escapeChar, directives, instructions, comments, lineStarts };
}

function buildInstruction(line: LogicalLine, escapeChar: string, startLine: number, endLine: number, last: PhysicalLine): Instruction {
  const text = line.text;
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  const keywordStart = i;
  while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
  const keyword = text.slice(keywordStart, i).toUpperCase();
  const words = splitWords(text, i, escapeChar);
  const span = { start: line.offsetAt(keywordStart), end: last.start + last.text.length };
  return {
    keyword,
    keywordSpan: line.span(keywordStart, i),
    span,
    startLine,
    endLine,
    line,
    words,
    heredocs: [],
  };
}

/**
 * The exec (JSON) form's arguments: `["./server", "--port", "80"]`. Undefined unless the text is
 * a JSON array of strings, as BuildKit decides; anything else is the shell form.
 */
export function parseExecForm(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? (parsed as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** The exec form, where `<<` is no heredoc. */
/** The index of the last value at or before `value` in ascending `sorted` (0 when none is): a binary search. */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (sorted[middle] <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}

function isJsonForm(text: string): boolean {
  return parseExecForm(text) !== undefined;
}

/**
 * The heredoc words of RUN, COPY and ADD (also as an ONBUILD trigger), in order, as BuildKit
 * finds them: whole words (a quoted `"<<EOF"` is none), never in the exec form.
 */
function heredocWords(instruction: Instruction): { word: Word; delimiter: string; stripTabs: boolean }[] {
  let words = instruction.words;
  let keyword = instruction.keyword;
  if (keyword === 'ONBUILD' && words.length > 0) {
    keyword = words[0].value.toUpperCase();
    words = words.slice(1);
  }
  if (!HEREDOC_INSTRUCTIONS.has(keyword) || words.length === 0) return [];
  if (isJsonForm(instruction.line.text.slice(words[0].start))) return [];
  const found: { word: Word; delimiter: string; stripTabs: boolean }[] = [];
  for (const word of words) {
    const match = HEREDOC_WORD.exec(word.raw);
    if (!match || match[3].length === 0) continue;
    const delimiterWords = splitWords(match[3], 0, '\\');
    if (delimiterWords.length !== 1) continue;
    found.push({ word, delimiter: delimiterWords[0].value, stripTabs: match[2] === '-' });
  }
  return found;
}

/** Attaches the heredoc bodies that follow the instruction; returns the index of the next line to scan. */
function attachHeredocs(instruction: Instruction, lines: PhysicalLine[], next: number): number {
  let index = next;
  for (const { word, delimiter, stripTabs } of heredocWords(instruction)) {
    const bodyStartLine = index;
    let terminated = false;
    while (index < lines.length) {
      const candidate = stripTabs ? lines[index].text.replace(/^\t+/, '') : lines[index].text;
      if (candidate === delimiter) {
        terminated = true;
        break;
      }
      index++;
    }
    const bodyEndLine = index; // exclusive
    const lastPhysical = lines[lines.length - 1];
    const bodyStart = bodyStartLine < lines.length ? lines[bodyStartLine].start : lastPhysical.start + lastPhysical.text.length;
    const bodyEnd = bodyEndLine > bodyStartLine ? lines[bodyEndLine - 1].start + lines[bodyEndLine - 1].text.length : bodyStart;
    instruction.heredocs.push({
      delimiter,
      stripTabs,
      markerSpan: instruction.line.span(word.start, word.end),
      bodySpan: { start: bodyStart, end: bodyEnd },
      body: lines.slice(bodyStartLine, bodyEndLine).map((l) => l.text).join('\n'),
      terminated,
    });
    const lastLine = terminated ? index : bodyEndLine - 1;
    if (terminated) index++;
    if (lastLine < lines.length && lastLine > instruction.endLine) {
      instruction.endLine = lastLine;
      instruction.span = { start: instruction.span.start, end: lines[lastLine].start + lines[lastLine].text.length };
    }
  }
  return index;
}
