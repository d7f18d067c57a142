/**
 * `.dockerignore` with BuildKit's semantics (moby/patternmatcher and its ignorefile reader):
 * Go `filepath.Match` wildcards plus `**`, `!` exceptions, the last matching line wins, and a
 * pattern matching a directory excludes everything below it. Patterns are matched without
 * regular expressions (see model/glob); an invalid line is skipped on its own and reported.
 */
import { cleanSlashPath, compileIgnorePattern, matchIgnorePattern, type IgnorePattern } from '../model/glob';

export { hasWildcard } from '../model/glob';

/** More lines than any real ignore file has; the rest is dropped (and reported). */
export const MAX_IGNORE_PATTERNS = 5_000;

export class DockerIgnore {
  private readonly rules: IgnorePattern[] = [];
  /** Lines skipped, with why (an invalid pattern fails `docker build`; we only skip it). */
  readonly problems: string[] = [];

  constructor(text: string) {
    const lines = text.replace(/^\uFEFF/, '').split('\n');
    for (let lineNo = 0; lineNo < lines.length; lineNo++) {
      let line = lines[lineNo].endsWith('\r') ? lines[lineNo].slice(0, -1) : lines[lineNo];
      if (line.startsWith('#')) continue;
      line = line.trim();
      if (!line) continue;
      const exception = line.startsWith('!');
      if (exception) line = line.slice(1).trim();
      if (!line) {
        this.problems.push(`line ${lineNo + 1}: "!" alone is an illegal exclusion pattern`);
        continue;
      }
      const pattern = ignorePath(line);
      if (this.rules.length >= MAX_IGNORE_PATTERNS) {
        this.problems.push(`more than ${MAX_IGNORE_PATTERNS} patterns: the rest is not applied`);
        break;
      }
      const compiled = compileIgnorePattern(pattern, exception);
      if (compiled.ok) this.rules.push(compiled.pattern);
      else this.problems.push(`line ${lineNo + 1}: ${compiled.error}`);
    }
  }

  get hasExceptions(): boolean {
    return this.rules.some((rule) => rule.exclusion);
  }

  /** True when the context-relative path (`src/a.ts`) is left out of the build context (patternmatcher's MatchesOrParentMatches). */
  ignores(relativePath: string): boolean {
    const target = cleanPath(relativePath);
    let ignored = false;
    for (const rule of this.rules) {
      // As patternmatcher: an inclusion cannot change an ignored path, an exception only an ignored one.
      if (rule.exclusion !== ignored) continue;
      let match = matchIgnorePattern(rule, target);
      for (let slash = target.indexOf('/'); !match && slash > 0; slash = target.indexOf('/', slash + 1)) match = matchIgnorePattern(rule, target.slice(0, slash));
      if (match) ignored = !rule.exclusion;
    }
    return ignored;
  }

  /** True when nothing below an ignored directory can be brought back by an exception. */
  canSkipDirectory(relativeDir: string): boolean {
    if (!this.ignores(relativeDir)) return false;
    const dir = cleanPath(relativeDir);
    return !this.rules.some((rule) => rule.exclusion && (/^[*?[\\]/.test(rule.pattern) || rule.pattern.startsWith(`${dir}/`) || rule.pattern.includes('**')));
  }
}

/** An ignore-file line as the ignorefile reader cleans it: `filepath.Clean`, then no leading `/`. */
function ignorePath(line: string): string {
  const cleaned = cleanSlashPath(line);
  return cleaned.length > 1 && cleaned.startsWith('/') ? cleaned.slice(1) : cleaned;
}

/** A context-relative slash path, cleaned, without a leading `/` or `./` (`` for the context root). */
export function cleanPath(path: string): string {
  const cleaned = cleanSlashPath(path);
  if (cleaned === '.' || cleaned === '/') return '';
  return cleaned.startsWith('/') ? cleaned.slice(1) : cleaned;
}
