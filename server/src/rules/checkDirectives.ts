/**
 * BuildKit's `# check=` directives, as frontend/dockerfile/linter (ParseLintOptions,
 * WithMergedConfigFromComments) reads them:
 * - at the top of the file, `# check=skip=<rules>|all;error=true;experimental=<rules>|all`
 *   configures every build check; a value BuildKit cannot parse fails the build;
 * - the same line among the comments right above an instruction adds skips and experimental
 *   rules for the checks raised on that instruction (its `error=` is ignored there, and an
 *   unparsable one is ignored);
 * - skip never turns an experimental rule off: experimental rules run only when enabled.
 * The value ends at the first space (`# check=skip=all this is ignored`).
 */
import type { Instruction, ScannedDockerfile } from '../model/scanner';
import { findRule } from './ruleCatalog';
import type { Finding } from './stageRules';

export interface CheckConfig {
  skipAll: boolean;
  skip: Set<string>;
  experimentalAll: boolean;
  experimental: Set<string>;
  returnAsError: boolean;
}

const emptyConfig = (): CheckConfig => ({ skipAll: false, skip: new Set(), experimentalAll: false, experimental: new Set(), returnAsError: false });

/** Go's strconv.ParseBool. */
function parseBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** linter.ParseLintOptions: the config, or BuildKit's error text. */
export function parseCheckOptions(text: string): CheckConfig | { error: string } {
  const config = emptyConfig();
  const trimmed = text.trim();
  if (trimmed === '') return config;
  // strings.SplitN(checkStr, ";", 3): a fourth option stays glued to the third.
  const first = trimmed.indexOf(';');
  const second = first < 0 ? -1 : trimmed.indexOf(';', first + 1);
  const parts = first < 0 ? [trimmed] : second < 0 ? [trimmed.slice(0, first), trimmed.slice(first + 1)] : [trimmed.slice(0, first), trimmed.slice(first + 1, second), trimmed.slice(second + 1)];
  for (const part of parts) {
    const equals = part.indexOf('=');
    if (equals < 0) return { error: `invalid check option "${part}"` };
    const key = part.slice(0, equals).trim();
    const value = part.slice(equals + 1).trim();
    const list = () => value.split(',').map((rule) => rule.trim());
    switch (key) {
      case 'skip':
        if (value === 'all') config.skipAll = true;
        else for (const rule of list()) config.skip.add(rule);
        break;
      case 'experimental':
        if (value === 'all') config.experimentalAll = true;
        else for (const rule of list()) config.experimental.add(rule);
        break;
      case 'error': {
        const parsed = parseBool(value);
        if (parsed === undefined) return { error: `failed to parse check option "${part}": strconv.ParseBool: parsing "${value}": invalid syntax` };
        config.returnAsError = parsed;
        break;
      }
      default:
        return { error: `invalid check option "${key}"` };
    }
  }
  return config;
}

const DIRECTIVE_LINE = /^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;

/** The value of a `check=` comment (text after `#`, trimmed), cut at its first space; undefined for other comments. */
function checkValue(comment: string): string | undefined {
  const match = DIRECTIVE_LINE.exec(comment.trimStart());
  if (!match || match[1].toLowerCase() !== 'check') return undefined;
  return match[2].split(' ')[0];
}

/**
 * The comments BuildKit attaches to each instruction (parser.Node.PrevComment): the comment
 * lines since the previous instruction, text after `#` trimmed; an empty `#` line starts over.
 * Parser directives are not among them.
 */
export function precedingComments(scanned: ScannedDockerfile): Map<Instruction, string[]> {
  const result = new Map<Instruction, string[]>();
  const { comments, instructions, text } = scanned;
  let c = 0;
  for (const instruction of instructions) {
    let list: string[] = [];
    while (c < comments.length && comments[c].start < instruction.span.start) {
      const comment = text.slice(comments[c].start + 1, comments[c].end).trim();
      list = comment === '' ? [] : [...list, comment];
      c++;
    }
    if (list.length > 0) result.set(instruction, list);
  }
  return result;
}

/** linter.WithMergedConfigFromComments: the first parsable `check=` comment adds its skips and experimental rules. */
function mergedWithComments(config: CheckConfig, comments: readonly string[] | undefined): CheckConfig {
  if (!comments) return config;
  for (const comment of comments) {
    const value = checkValue(comment);
    if (value === undefined) continue;
    const parsed = parseCheckOptions(value);
    if ('error' in parsed) return config;
    return {
      skipAll: config.skipAll || parsed.skipAll,
      skip: new Set([...config.skip, ...parsed.skip]),
      experimentalAll: config.experimentalAll || parsed.experimentalAll,
      experimental: new Set([...config.experimental, ...parsed.experimental]),
      returnAsError: config.returnAsError,
    };
  }
  return config;
}

/** Whether a build check runs under `config` (linter.Run). */
function runs(config: CheckConfig, code: string, experimental: boolean): boolean {
  if (experimental) return config.experimentalAll || config.experimental.has(code);
  return !config.skipAll && !config.skip.has(code);
}

/** `BUILDKIT_DOCKERFILE_CHECK` passed as a build arg (bake or compose `args`): it replaces the `# check=` directive. */
export interface DockerfileCheckArg {
  value: string;
  /** Where it is set, e.g. `docker-bake.hcl:12`. */
  source: string;
}

/**
 * Applies the file's `# check=` directives to the findings: BuildKit's build checks that a
 * directive skips (or that are experimental and not enabled) are dropped; with `error=true` the
 * ones left fail the build, so they become errors. A directive BuildKit cannot parse is reported.
 * A `BUILDKIT_DOCKERFILE_CHECK` build arg takes the directive's place, as in BuildKit (dockerui
 * reads it into the linter config, and then the file's directive is not read at all).
 */
export function applyCheckDirectives(scanned: ScannedDockerfile, findings: Finding[], checkArg?: DockerfileCheckArg): Finding[] {
  const directive = scanned.directives.find((candidate) => candidate.name === 'check');
  let global = emptyConfig();
  const result: Finding[] = [];
  if (checkArg) {
    const parsed = parseCheckOptions(checkArg.value);
    if ('error' in parsed) {
      result.push({ code: 'InvalidCheckDirective', span: { start: 0, end: 0 }, message: `failed to parse build-arg:BUILDKIT_DOCKERFILE_CHECK (set in ${checkArg.source}): ${parsed.error}`, related: [] });
    } else {
      global = parsed;
    }
  } else if (directive) {
    const parsed = parseCheckOptions(directive.value.split(' ')[0]);
    if ('error' in parsed) {
      result.push({ code: 'InvalidCheckDirective', span: directive.span, message: `failed to parse check options: ${parsed.error}`, related: [] });
    } else {
      global = parsed;
    }
  }
  let comments: Map<Instruction, string[]> | undefined;
  const kept: Finding[] = [];
  for (const finding of findings) {
    const buildCheck = findRule(finding.code)?.buildCheck;
    if (!buildCheck) {
      result.push(finding);
      continue;
    }
    let config = global;
    if (finding.directiveAnchor) {
      comments ??= precedingComments(scanned);
      config = mergedWithComments(global, comments.get(finding.directiveAnchor));
    }
    if (!runs(config, finding.code, buildCheck.experimental === true)) continue;
    kept.push(finding);
    result.push(finding);
  }
  if (global.returnAsError && kept.length > 0) {
    const rules = [...new Set(kept.map((finding) => finding.code))].join(', ');
    for (const finding of kept) {
      finding.severity = 'error';
      finding.message = `${finding.message} (${checkArg ? `BUILDKIT_DOCKERFILE_CHECK=${checkArg.value.split(';').find((part) => part.trim().startsWith('error')) ?? 'error=true'} in ${checkArg.source}` : 'check=error=true'}: the build fails with "lint violation found for rules: ${rules}")`;
    }
  }
  return result;
}
