/**
 * `.dockerignore` patterns with BuildKit's semantics (moby/patternmatcher): Go `filepath.Match`
 * wildcards plus `**`, `!` exceptions, the last matching line wins, and a pattern matching a
 * directory excludes everything below it.
 */

interface IgnoreRule {
  pattern: string;
  exception: boolean;
  regex: RegExp;
}

export class DockerIgnore {
  private readonly rules: IgnoreRule[];

  constructor(text: string) {
    this.rules = [];
    for (const rawLine of text.split(/\r?\n/)) {
      let line = rawLine.trim();
      if (!line || line.startsWith('#')) continue;
      const exception = line.startsWith('!');
      if (exception) line = line.slice(1).trim();
      const pattern = cleanPath(line);
      if (!pattern || pattern === '.') continue;
      this.rules.push({ pattern, exception, regex: patternToRegex(pattern) });
    }
  }

  get hasExceptions(): boolean {
    return this.rules.some((rule) => rule.exception);
  }

  /** True when the context-relative path (`src/a.ts`) is left out of the build context. */
  ignores(relativePath: string): boolean {
    const target = cleanPath(relativePath);
    const candidates = [target];
    for (let slash = target.lastIndexOf('/'); slash > 0; slash = target.lastIndexOf('/', slash - 1)) candidates.push(target.slice(0, slash));
    let ignored = false;
    for (const rule of this.rules) {
      if (candidates.some((candidate) => rule.regex.test(candidate))) ignored = !rule.exception;
    }
    return ignored;
  }

  /** True when nothing below an ignored directory can be brought back by an exception. */
  canSkipDirectory(relativeDir: string): boolean {
    if (!this.ignores(relativeDir)) return false;
    const dir = cleanPath(relativeDir);
    return !this.rules.some((rule) => rule.exception && (/^[*?[]/.test(rule.pattern) || rule.pattern.startsWith(`${dir}/`) || rule.pattern.includes('**')));
  }
}

/** Go's filepath.Clean for slash paths, without a leading `/` or `./`. */
export function cleanPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/\\(?=[^*?[\\])/g, '/').split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** A dockerignore or COPY pattern as an anchored regular expression over slash paths. */
export function patternToRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          source += '(?:.*/)?';
        } else {
          source += '.*';
        }
      } else {
        source += '[^/]*';
      }
    } else if (ch === '?') {
      source += '[^/]';
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        source += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^') || body.startsWith('!')) body = `^${body.slice(1)}`;
      source += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (ch === '\\' && i + 1 < pattern.length) {
      source += escapeRegex(pattern[++i]);
    } else {
      source += escapeRegex(ch);
    }
  }
  return new RegExp(`^${source}$`);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function hasWildcard(path: string): boolean {
  return /[*?[]/.test(path);
}
