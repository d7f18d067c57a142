/**
 * A tolerant reader of HCL as buildx bake writes it (docker-bake.hcl): blocks with labels,
 * attributes, string literals (with `${…}` interpolations kept as text), lists and objects.
 * Expressions it does not evaluate (functions, variables, conditionals) read as `undefined`.
 * One linear pass over the text, no recursion deeper than MAX_DEPTH, never throws.
 */

export type HclValue = string | HclValue[] | { [key: string]: HclValue } | undefined;

export interface HclAttribute {
  name: string;
  value: HclValue;
  /** 0-based line of the attribute's name. */
  line: number;
}

export interface HclBlock {
  type: string;
  labels: string[];
  line: number;
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'newline' | 'other';

interface Token {
  kind: TokenKind;
  text: string;
  line: number;
}

/** Deeper nesting than this is skipped, not parsed: bounded stack on hostile text. */
const MAX_DEPTH = 64;

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9') || c === '-';
}

/** The tokens of `text`: comments dropped, newlines kept (they end attributes). */
export function tokenizeHcl(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', line });
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let j = i; j < stop; j++) if (text[j] === '\n') line++;
      i = stop;
      continue;
    }
    if (c === '"') {
      const start = line;
      let value = '';
      i++;
      // `${…}` may hold quotes of its own: count the interpolation's braces.
      let depth = 0;
      while (i < n) {
        const d = text[i];
        if (d === '\n' && depth === 0) break; // an unterminated string ends at the line
        if (d === '\\' && i + 1 < n) {
          const next = text[i + 1];
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
          continue;
        }
        if (d === '$' && text[i + 1] === '{') {
          depth++;
          value += '${';
          i += 2;
          continue;
        }
        if (d === '}' && depth > 0) depth--;
        else if (d === '"' && depth === 0) break;
        if (d === '\n') line++;
        value += d;
        i++;
      }
      if (text[i] === '"') i++;
      tokens.push({ kind: 'string', text: value, line: start });
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      // Heredoc: <<EOT or <<-EOT … EOT on a line of its own.
      let j = i + 2;
      if (text[j] === '-') j++;
      const markerStart = j;
      while (j < n && isIdentPart(text[j])) j++;
      const marker = text.slice(markerStart, j);
      const bodyStart = text.indexOf('\n', j);
      if (marker && bodyStart >= 0) {
        const start = line;
        let at = bodyStart + 1;
        let body = '';
        line++;
        while (at < n) {
          const lineEnd = text.indexOf('\n', at);
          const stop = lineEnd < 0 ? n : lineEnd;
          const content = text.slice(at, stop);
          at = stop + 1;
          if (content.trim() === marker) break;
          body += `${content}\n`;
          line++;
        }
        tokens.push({ kind: 'string', text: body, line: start });
        i = Math.min(at, n);
        // The heredoc's closing line ended with a newline: the attribute ends there.
        tokens.push({ kind: 'newline', text: '\n', line });
        line++;
        continue;
      }
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text[j])) j++;
      tokens.push({ kind: 'ident', text: text.slice(i, j), line });
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < n && /[0-9.eE]/.test(text[j])) j++;
      tokens.push({ kind: 'number', text: text.slice(i, j), line });
      i = j;
      continue;
    }
    if ('{}[]()=,:'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
      continue;
    }
    tokens.push({ kind: 'other', text: c, line });
    i++;
  }
  return tokens;
}

const CLOSER: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

class Parser {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private skipNewlines(): void {
    while (this.peek()?.kind === 'newline') this.at++;
  }

  /** A body: attributes and blocks until `}` (left unread) or the end. */
  body(depth: number): { attributes: HclAttribute[]; blocks: HclBlock[] } {
    const attributes: HclAttribute[] = [];
    const blocks: HclBlock[] = [];
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (!token || (token.kind === 'punct' && token.text === '}')) break;
      if (token.kind !== 'ident') {
        this.skipLine();
        continue;
      }
      const name = token.text;
      this.at++;
      const next = this.peek();
      if (next?.kind === 'punct' && (next.text === '=' || next.text === ':')) {
        this.at++;
        attributes.push({ name, value: this.expression(depth), line: token.line });
        this.skipLine();
        continue;
      }
      const labels: string[] = [];
      while (this.peek()?.kind === 'string' || this.peek()?.kind === 'ident') labels.push((this.tokens[this.at++]).text);
      if (this.peek()?.kind === 'punct' && this.peek()?.text === '{') {
        this.at++;
        if (depth >= MAX_DEPTH) {
          this.skipBalanced('{');
          continue;
        }
        const inner = this.body(depth + 1);
        if (this.peek()?.text === '}') this.at++;
        blocks.push({ type: name, labels, line: token.line, ...inner });
        continue;
      }
      this.skipLine();
    }
    return { attributes, blocks };
  }

  /** Skips to the end of the line, over balanced brackets; stops before a `}` closing the body. */
  private skipLine(): void {
    for (;;) {
      const token = this.peek();
      if (!token || token.kind === 'newline') return;
      if (token.kind === 'punct' && token.text === '}') return;
      this.at++;
      if (token.kind === 'punct' && CLOSER[token.text]) this.skipBalanced(token.text);
    }
  }

  /** After an opening bracket: skips to its closer (iteratively, any depth). */
  private skipBalanced(open: string): void {
    const stack = [CLOSER[open]];
    while (stack.length > 0) {
      const token = this.tokens[this.at++];
      if (!token) return;
      if (token.kind !== 'punct') continue;
      if (CLOSER[token.text]) stack.push(CLOSER[token.text]);
      else if (token.text === stack[stack.length - 1]) stack.pop();
    }
  }

  /** A literal value: string, list, object; anything else is skipped and reads as undefined. */
  private expression(depth: number): HclValue {
    const token = this.peek();
    if (!token) return undefined;
    if (token.kind === 'string') {
      this.at++;
      // `"a" + x`, `"a" == b ? …`: not a literal.
      const after = this.peek();
      if (after && after.kind !== 'newline' && !(after.kind === 'punct' && ',]}'.includes(after.text))) return undefined;
      return token.text;
    }
    if (token.kind === 'punct' && (token.text === '[' || token.text === '{')) {
      this.at++;
      if (depth >= MAX_DEPTH) {
        this.skipBalanced(token.text);
        return undefined;
      }
      return token.text === '[' ? this.list(depth + 1) : this.object(depth + 1);
    }
    if (token.kind === 'number' || (token.kind === 'ident' && (token.text === 'true' || token.text === 'false'))) {
      this.at++;
      return token.text;
    }
    if (token.kind === 'ident') return this.traversal();
    return undefined;
  }

  /** `item.target` alone: kept as the interpolation `${item.target}` (what a matrix fills in). */
  private traversal(): HclValue {
    const start = this.at;
    let path = this.tokens[this.at++].text;
    while (this.peek()?.text === '.' && this.tokens[this.at + 1]?.kind === 'ident') {
      path += `.${this.tokens[this.at + 1].text}`;
      this.at += 2;
    }
    const after = this.peek();
    if (!after || after.kind === 'newline' || (after.kind === 'punct' && ',]}'.includes(after.text))) return `\${${path}}`;
    this.at = start;
    return undefined;
  }

  private list(depth: number): HclValue[] {
    const items: HclValue[] = [];
    this.items(']', () => items.push(this.expression(depth)));
    return items;
  }

  private object(depth: number): { [key: string]: HclValue } {
    const result: { [key: string]: HclValue } = {};
    this.items('}', () => {
      const key = this.peek() as Token;
      const separator = this.tokens[this.at + 1];
      if ((key.kind === 'ident' || key.kind === 'string') && separator?.kind === 'punct' && (separator.text === '=' || separator.text === ':')) {
        this.at += 2;
        const value = this.expression(depth);
        if (!Object.prototype.hasOwnProperty.call(result, key.text) && key.text !== '__proto__') result[key.text] = value;
      }
    });
    return result;
  }

  /** The entries of a list or object up to `closer` (read past it), separated by commas or newlines. */
  private items(closer: string, readItem: () => void): void {
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (!token) return;
      if (token.kind === 'punct' && token.text === closer) {
        this.at++;
        return;
      }
      if (token.kind === 'punct' && token.text === ',') {
        this.at++;
        continue;
      }
      const before = this.at;
      readItem();
      this.skipItem(closer);
      if (this.at === before) this.at++;
    }
  }

  /** Skips what is left of a list item or object entry: up to `,`, a newline or the closer (left unread). */
  private skipItem(closer: string): void {
    for (;;) {
      const token = this.peek();
      if (!token || token.kind === 'newline') return;
      if (token.kind === 'punct' && (token.text === ',' || token.text === closer)) return;
      this.at++;
      if (token.kind === 'punct' && CLOSER[token.text]) this.skipBalanced(token.text);
    }
  }

  /** Whatever is left (a stray `}` at the top): read past it and go on. */
  rest(depth: number): { attributes: HclAttribute[]; blocks: HclBlock[] } {
    const all = { attributes: [] as HclAttribute[], blocks: [] as HclBlock[] };
    while (this.at < this.tokens.length) {
      const part = this.body(depth);
      all.attributes.push(...part.attributes);
      all.blocks.push(...part.blocks);
      this.at++;
    }
    return all;
  }
}

/** The top-level attributes and blocks of an HCL file. */
export function readHcl(text: string): { attributes: HclAttribute[]; blocks: HclBlock[] } {
  return new Parser(tokenizeHcl(text)).rest(0);
}
