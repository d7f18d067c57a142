/**
 * BuildKit's path patterns without regular expressions: Go's `path.Match` for COPY/ADD sources
 * and moby/patternmatcher for `.dockerignore` lines. A pattern compiles to a list of tokens and
 * is matched by simulating all token positions at once (Thompson-style), so one match costs at
 * most pattern length × name length steps, whatever the pattern: no backtracking, no stall.
 * An invalid pattern is reported (ErrBadPattern), never thrown.
 */

type Token =
  | { kind: 'literal'; char: number }
  /** `?`: one character but `/`. */
  | { kind: 'one' }
  /** `[...]`: one character in (or, negated, not in) the ranges; it may be `/`, as in Go. */
  | { kind: 'class'; ranges: number[]; negated: boolean }
  /** `*`: a run of characters without `/`. */
  | { kind: 'star' }
  /** patternmatcher's `**` at the end (regexp `.*`): any run but a newline. */
  | { kind: 'anything' }
  /** patternmatcher's `**` elsewhere (regexp `(.*` then `/)?`): nothing, or any run ending in `/`. */
  | { kind: 'directories' }
  /** The run inside `directories` (the state after it has consumed a character): it must end in `/`. */
  | { kind: 'directoriesRun' }
  /** A literal `^` outside a class is a regexp anchor in patternmatcher: it never matches there. */
  | { kind: 'never' };

export interface Glob {
  readonly pattern: string;
  readonly tokens: readonly Token[];
  /** No wildcard at all: plain string comparison. */
  readonly literal?: string;
}

export type GlobResult = { ok: true; glob: Glob } | { ok: false; error: string };

const SLASH = 0x2f;
const NEWLINE = 0x0a;

/** BuildKit's containsWildcards: `*`, `?` or `[` not escaped by a backslash (a path without one is taken literally). */
export function hasWildcard(path: string): boolean {
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '\\') i++;
    else if (ch === '*' || ch === '?' || ch === '[') return true;
  }
  return false;
}

/** The code points of a string (surrogate pairs joined), as Go ranges over runes. */
function codePoints(text: string): number[] {
  const points: number[] = [];
  for (const ch of text) points.push(ch.codePointAt(0)!);
  return points;
}

/**
 * Reads a `[...]` class starting after the `[` at `points[start]` with Go's `path.Match` rules
 * (`^` negates; `\` escapes; `-` or `]` cannot start a range; must be non-empty and closed).
 * Also rejects a reversed range (`[z-a]`), which matches nothing in Go and fails regexp compilation in patternmatcher.
 */
function readClass(points: number[], start: number): { token: Token; next: number } | { error: string } {
  let i = start;
  let negated = false;
  if (points[i] === 0x5e /* ^ */) {
    negated = true;
    i++;
  }
  const ranges: number[] = [];
  const escaped = (): number | undefined => {
    let ch = points[i];
    if (ch === undefined || ch === 0x2d /* - */ || ch === 0x5d /* ] */) return undefined;
    if (ch === 0x5c /* \ */) {
      i++;
      ch = points[i];
      if (ch === undefined) return undefined;
    }
    i++;
    return ch;
  };
  for (;;) {
    if (i >= points.length) return { error: 'unterminated character class' };
    if (points[i] === 0x5d && ranges.length > 0) return { token: { kind: 'class', ranges, negated }, next: i + 1 };
    const lo = escaped();
    if (lo === undefined) return { error: 'bad character range' };
    let hi = lo;
    if (points[i] === 0x2d) {
      i++;
      const upper = escaped();
      if (upper === undefined) return { error: 'bad character range' };
      hi = upper;
    }
    if (i >= points.length) return { error: 'unterminated character class' };
    if (lo > hi) return { error: `reversed character range ${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}` };
    ranges.push(lo, hi);
  }
}

function finish(pattern: string, tokens: Token[]): Glob {
  return tokens.every((token) => token.kind === 'literal') ? { pattern, tokens, literal: String.fromCodePoint(...tokens.map((token) => (token as { char: number }).char)) } : { pattern, tokens };
}

/** Go's `path.Match` pattern (COPY/ADD sources). */
export function compilePathPattern(pattern: string): GlobResult {
  const points = codePoints(pattern);
  const tokens: Token[] = [];
  for (let i = 0; i < points.length; ) {
    const ch = points[i];
    if (ch === 0x2a /* * */) {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
      i++;
    } else if (ch === 0x3f /* ? */) {
      tokens.push({ kind: 'one' });
      i++;
    } else if (ch === 0x5b /* [ */) {
      const read = readClass(points, i + 1);
      if ('error' in read) return { ok: false, error: `${read.error} in ${JSON.stringify(pattern)}` };
      tokens.push(read.token);
      i = read.next;
    } else if (ch === 0x5c /* \ */) {
      if (i + 1 >= points.length) return { ok: false, error: `trailing backslash in ${JSON.stringify(pattern)}` };
      tokens.push({ kind: 'literal', char: points[i + 1] });
      i += 2;
    } else {
      tokens.push({ kind: 'literal', char: ch });
      i++;
    }
  }
  return { ok: true, glob: finish(pattern, tokens) };
}

/** True when `name` matches all of `glob`. Cost: at most tokens × characters steps. */
export function matchGlob(glob: Glob, name: string): boolean {
  if (glob.literal !== undefined) return glob.literal === name;
  const tokens = glob.tokens;
  // Cheap rejections first: the literal characters at either end must be there.
  let head = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind !== 'literal') break;
    const ch = name.codePointAt(head);
    if (ch !== token.char) return false;
    head += ch > 0xffff ? 2 : 1;
  }
  for (let i = tokens.length - 1, tail = name.length; i >= 0; i--) {
    const token = tokens[i];
    if (token.kind !== 'literal') break;
    const width = token.char > 0xffff ? 2 : 1;
    tail -= width;
    if (tail < 0 || name.codePointAt(tail) !== token.char) return false;
  }
  const count = tokens.length;
  let active = new Uint8Array(count + 1);
  let next = new Uint8Array(count + 1);
  active[0] = 1;
  close(tokens, active);
  for (let offset = 0; offset < name.length; ) {
    const ch = name.codePointAt(offset)!;
    offset += ch > 0xffff ? 2 : 1;
    next.fill(0);
    let any = false;
    for (let i = 0; i < count; i++) {
      if (!active[i]) continue;
      const token = tokens[i];
      switch (token.kind) {
        case 'literal':
          if (ch === token.char) next[i + 1] = 1;
          break;
        case 'one':
          if (ch !== SLASH) next[i + 1] = 1;
          break;
        case 'class':
          if (inClass(token.ranges, ch) !== token.negated) next[i + 1] = 1;
          break;
        case 'star':
          if (ch !== SLASH) next[i] = 1;
          break;
        case 'anything':
          if (ch !== NEWLINE) next[i] = 1;
          break;
        case 'directories':
        case 'directoriesRun':
          // Token i+1 is the run; i+2 follows the optional group.
          if (ch !== NEWLINE) next[token.kind === 'directories' ? i + 1 : i] = 1;
          if (ch === SLASH) next[token.kind === 'directories' ? i + 2 : i + 1] = 1;
          break;
        case 'never':
          break;
      }
    }
    for (let i = 0; i <= count; i++) if (next[i]) any = true;
    if (!any) return false;
    close(tokens, next);
    [active, next] = [next, active];
  }
  return active[count] === 1;
}

/** Follows the empty moves (a star or `**` matching nothing); they only go forward, so one pass suffices. */
function close(tokens: readonly Token[], states: Uint8Array): void {
  for (let i = 0; i < tokens.length; i++) {
    if (!states[i]) continue;
    const kind = tokens[i].kind;
    if (kind === 'star' || kind === 'anything') states[i + 1] = 1;
    else if (kind === 'directories') states[i + 2] = 1;
  }
}

function inClass(ranges: number[], ch: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (ranges[i] <= ch && ch <= ranges[i + 1]) return true;
  return false;
}

/** Go's `path.Match(pattern, name)`: a compiled pattern per call, so prefer compilePathPattern + matchGlob in loops. */
export function pathMatch(pattern: string, name: string): { matched: boolean; error?: string } {
  const compiled = compilePathPattern(pattern);
  return compiled.ok ? { matched: matchGlob(compiled.glob, name) } : { matched: false, error: compiled.error };
}

// --- .dockerignore (moby/patternmatcher) --------------------------------------------------

export type IgnoreMatchKind = 'exact' | 'prefix' | 'suffix' | 'pattern';

export interface IgnorePattern {
  /** The cleaned pattern, without its `!`. */
  pattern: string;
  exclusion: boolean;
  kind: IgnoreMatchKind;
  glob?: Glob;
}

const REGEXP_ESCAPED = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

/**
 * One pattern as patternmatcher compiles it: syntax checked with `path.Match`, then `*` →
 * `[^/]*`, `?` → `[^/]`, `**` → an optional run ending in a slash (`.*` at the end), classes as regexp classes; plain
 * patterns compare as strings, `x/**` as a prefix, `**` then `/x` as a suffix.
 */
export function compileIgnorePattern(cleaned: string, exclusion: boolean): { ok: true; pattern: IgnorePattern } | { ok: false; error: string } {
  const checked = compilePathPattern(cleaned);
  if (!checked.ok) return checked;
  const points = codePoints(cleaned);
  const tokens: Token[] = [];
  let kind: IgnoreMatchKind = 'exact';
  for (let i = 0, step = 0; i < points.length; step++) {
    const ch = points[i];
    const text = String.fromCodePoint(ch);
    if (ch === 0x2a && points[i + 1] === 0x2a) {
      i += 2;
      if (points[i] === SLASH) i++;
      if (i >= points.length) {
        if (kind === 'exact') kind = 'prefix';
        else {
          tokens.push({ kind: 'anything' });
          kind = 'pattern';
        }
      } else {
        tokens.push({ kind: 'directories' }, { kind: 'directoriesRun' });
        kind = 'pattern';
      }
      if (step === 0) kind = 'suffix';
    } else if (ch === 0x2a) {
      tokens.push({ kind: 'star' });
      kind = 'pattern';
      i++;
    } else if (ch === 0x3f) {
      tokens.push({ kind: 'one' });
      kind = 'pattern';
      i++;
    } else if (REGEXP_ESCAPED.has(text)) {
      tokens.push({ kind: 'literal', char: ch });
      i++;
    } else if (ch === 0x5c) {
      if (i + 1 < points.length) {
        tokens.push({ kind: 'literal', char: points[i + 1] });
        kind = 'pattern';
        i += 2;
      } else {
        tokens.push({ kind: 'literal', char: ch });
        i++;
      }
    } else if (ch === 0x5b) {
      // path.Match accepted the pattern, so the class is well formed.
      const read = readClass(points, i + 1);
      if ('error' in read) return { ok: false, error: read.error };
      tokens.push(read.token);
      kind = 'pattern';
      i = read.next;
    } else if (ch === 0x5d) {
      tokens.push({ kind: 'literal', char: ch });
      kind = 'pattern';
      i++;
    } else if (ch === 0x5e) {
      // An anchor in the middle of patternmatcher's regexp.
      // (At the start it is the anchor the regexp already has: no token.)
      if (i !== 0) tokens.push({ kind: 'never' });
      i++;
    } else {
      tokens.push({ kind: 'literal', char: ch });
      i++;
    }
  }
  const pattern: IgnorePattern = { pattern: cleaned, exclusion, kind };
  if (kind === 'pattern') pattern.glob = { pattern: cleaned, tokens };
  return { ok: true, pattern };
}

/** patternmatcher's `Pattern.match` on a clean slash path. */
export function matchIgnorePattern(pattern: IgnorePattern, path: string): boolean {
  switch (pattern.kind) {
    case 'exact':
      return path === pattern.pattern;
    case 'prefix':
      return path.startsWith(pattern.pattern.slice(0, -2));
    case 'suffix': {
      const suffix = pattern.pattern.slice(2);
      return path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
    }
    case 'pattern':
      return matchGlob(pattern.glob!, path);
  }
}

/** Go's `path.Clean` for slash paths. */
export function cleanSlashPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
    } else parts.push(part);
  }
  const joined = parts.join('/');
  if (rooted) return `/${joined}`;
  return joined || '.';
}
