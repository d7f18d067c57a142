/**
 * The builds that command lines declare in Makefiles, scripts and CI files: `docker build`,
 * `docker buildx build`, `docker image build`, `docker builder build`, `podman build`,
 * `buildah bud|build`. Read as the shell would split them (quotes, `\` continuations), never
 * executed, linear in the text. What a line does not say literally is left out, not guessed: a
 * path holding a variable (`$`), a URL or git context, stdin (`-`), an option this reader does not
 * know (it could take the next word), more than one positional argument, or a command whose
 * working folder is not known (after a `cd`, under a CI `working-directory`).
 *
 * Where the command runs: Makefiles, justfiles, Taskfiles and scripts in their own folder (a
 * script is assumed to be run from its folder; one that changes folder is skipped); CI
 * workflows at the repository root. `package.json` scripts, Jenkinsfiles (commands inside Groovy
 * strings) and dev containers are not read for builds.
 */
import type { BuildDefinition } from './buildFiles';

/** A file whose command lines are read for builds: where they run (workspace-relative) and how. */
export interface CommandFile {
  folder: string;
  kind: 'make' | 'script' | 'ci';
}

/** Where the commands of this file run; undefined for files not read for builds. */
export function commandFileOf(file: string): CommandFile | undefined {
  const normalized = file.replace(/\\/g, '/');
  const base = normalized.slice(normalized.lastIndexOf('/') + 1).toLowerCase();
  const folder = normalized.includes('/') ? normalized.slice(0, normalized.lastIndexOf('/')) : '';
  if (/^(gnu)?makefile$/.test(base) || base.endsWith('.mk') || base === 'justfile' || base === 'taskfile.yml' || base === 'taskfile.yaml') return { folder, kind: 'make' };
  if (base.endsWith('.sh') || /(^|\/)hack\/[\w.-]+$/.test(normalized)) return { folder, kind: 'script' };
  if (base === '.gitlab-ci.yml' || (/\.ya?ml$/.test(base) && /(^|\/)(\.github\/workflows|\.gitlab-ci|\.circleci|\.buildkite)\//.test(normalized))) return { folder: '', kind: 'ci' };
  return undefined;
}

/** Logical lines longer than this are not read (real build commands are a few hundred characters). */
const MAX_LOGICAL_LINE = 16 * 1024;

/** Options that take a value (the next word unless written `--name=value`), for docker, buildx, podman and buildah. */
const VALUE_OPTIONS = new Set([
  'tag', 'file', 'build-arg', 'target', 'platform', 'label', 'cache-from', 'cache-to', 'network', 'secret', 'ssh', 'output',
  'progress', 'build-context', 'add-host', 'iidfile', 'metadata-file', 'cgroup-parent', 'shm-size', 'ulimit', 'memory',
  'memory-swap', 'cpu-period', 'cpu-quota', 'cpu-shares', 'cpuset-cpus', 'cpuset-mems', 'isolation', 'security-opt', 'allow',
  'attest', 'sbom', 'provenance', 'annotation', 'builder', 'call', 'format', 'authfile', 'creds', 'arch', 'os', 'variant',
  'runtime', 'userns', 'volume', 'env', 'from', 'jobs', 'manifest', 'sign-by', 'timestamp', 'cap-add', 'cap-drop', 'device',
  'dns', 'dns-option', 'dns-search', 'ignorefile', 'logfile', 'retry', 'retry-delay', 'unsetenv', 'unsetlabel', 'cert-dir',
  'signature-policy', 'cache-ttl', 'layer-label', 'decryption-key', 'build-arg-file', 'os-version', 'os-feature', 'hooks-dir',
]);
/** Options that take no value. */
const FLAG_OPTIONS = new Set([
  'no-cache', 'pull', 'push', 'load', 'quiet', 'rm', 'force-rm', 'squash', 'compress', 'disable-content-trust', 'check', 'debug',
  'layers', 'squash-all', 'no-hosts', 'omit-history', 'identity-label', 'all-platforms', 'disable-compression', 'stdin', 'tls-verify',
]);
const SHORT_VALUE = new Set(['t', 'f', 'o', 'm', 'v', 'e']);
const SHORT_FLAG = new Set(['q']);

/** The builds the command lines of `file` declare (none for files not read for builds). */
export function readBuildCommands(file: string, text: string): BuildDefinition[] {
  const commandFile = commandFileOf(file);
  if (!commandFile) return [];
  const { folder } = commandFile;
  // A CI job may run in another folder: not known here, so none of its builds are read.
  if (commandFile.kind === 'ci' && text.includes('working-directory')) return [];
  const isScript = commandFile.kind === 'script';
  const builds: BuildDefinition[] = [];
  let changedFolder = false;
  for (const { line, text: logical } of logicalLines(text)) {
    if (logical.length > MAX_LOGICAL_LINE) continue;
    for (const words of commandsOf(logical)) {
      const start = commandStart(words);
      if (start < 0) continue;
      if (words[start] === 'cd' || words[start] === 'pushd' || words[start] === 'popd') {
        changedFolder = true;
        continue;
      }
      if (changedFolder) continue;
      const build = buildOf(words, start);
      if (!build) continue;
      const definition = definitionOf(file, line, folder, build);
      if (definition) builds.push(definition);
    }
    // In a Makefile recipe each line runs in its own shell: a `cd` lasts one line.
    if (!isScript) changedFolder = false;
  }
  return builds;
}

/** Lines with `\` continuations joined, with the 0-based line each starts on. Comment lines are dropped. */
function logicalLines(text: string): { line: number; text: string }[] {
  const lines = text.split('\n');
  const result: { line: number; text: string }[] = [];
  let parts: string[] = [];
  let first = 0;
  for (let index = 0; index < lines.length; index++) {
    let line = lines[index];
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (parts.length === 0) first = index;
    if (line.endsWith('\\')) {
      parts.push(line.slice(0, -1));
      continue;
    }
    parts.push(line);
    const joined = parts.join(' ');
    parts = [];
    const trimmed = joined.trimStart();
    if (trimmed.startsWith('#') || !['build', 'bud', 'cd', 'pushd'].some((word) => joined.includes(word))) continue;
    result.push({ line: first, text: joined });
  }
  return result;
}

/**
 * The simple commands of a line, each as its words (quotes removed), split at `;`, `&&`, `||`,
 * `|`, `&` and parentheses outside quotes. A `#` starting a word ends the line. Unbalanced quotes
 * end the line's last command (it is dropped: not what the shell would run).
 */
export function commandsOf(line: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === quote) quote = undefined;
      else if (quote === '"' && char === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) word += line[++i];
      else word += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '$' && (line[i + 1] === '(' || line[i + 1] === '{')) {
      // `$(…)`, `${…}`: one expansion, part of the word (its `;` or `)` end nothing); unbalanced, the rest of the line.
      const end = closingOf(line, i + 1);
      word += line.slice(i, end + 1);
      inWord = true;
      i = end;
    } else if (char === '`') {
      const close = line.indexOf('`', i + 1);
      const end = close < 0 ? line.length - 1 : close;
      word += line.slice(i, end + 1);
      inWord = true;
      i = end;
    } else if (char === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (char === ' ' || char === '\t') {
      endWord();
    } else if (char === ';' || char === '&' || char === '|' || char === '(' || char === ')') {
      endCommand();
    } else if (char === '#' && !inWord) {
      break;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) {
    words = [];
    word = '';
    inWord = false;
  }
  endCommand();
  return commands;
}

/** The index of the bracket closing the one at `open` (nesting counted, one pass), or the line's last index. */
function closingOf(line: string, open: number): number {
  const opening = line[open];
  const closing = opening === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    if (line[i] === opening) depth++;
    else if (line[i] === closing && --depth === 0) return i;
  }
  return line.length - 1;
}

/** Words that may come before the program in a command: YAML keys and list dashes, make's prefixes, sudo, env assignments. */
function commandStart(words: string[]): number {
  for (let i = 0; i < words.length; i++) {
    const word = words[i].replace(/^[@+-]+/, '');
    if (word === '' || word === 'sudo' || word === 'time' || word === 'exec' || word === 'run:' || word === 'script:' || word === 'cmd:' || word === 'command:' || word === 'cmds:' || word === '|' || word === '>') continue;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) continue;
    words[i] = word;
    return i;
  }
  return -1;
}

interface BuildCommand {
  program: string;
  file?: string;
  context: string;
  target?: string;
  platforms: string[];
  contexts: string[];
  args: Record<string, string>;
}

function programOf(words: string[], start: number): { program: string; next: number } | undefined {
  const name = words[start].slice(words[start].lastIndexOf('/') + 1);
  const sub = words[start + 1];
  if (name === 'docker') {
    if (sub === 'build') return { program: 'docker build', next: start + 2 };
    if ((sub === 'buildx' || sub === 'image' || sub === 'builder') && words[start + 2] === 'build') return { program: `docker ${sub} build`, next: start + 3 };
  }
  if (name === 'podman' && sub === 'build') return { program: 'podman build', next: start + 2 };
  if (name === 'buildah' && (sub === 'bud' || sub === 'build')) return { program: `buildah ${sub}`, next: start + 2 };
  return undefined;
}

/** The options and the one positional argument of a build command; undefined when any of it is not understood. */
function buildOf(words: string[], start: number): BuildCommand | undefined {
  const found = programOf(words, start);
  if (!found) return undefined;
  const build: BuildCommand = { program: found.program, context: '', platforms: [], contexts: [], args: {} };
  const positional: string[] = [];
  for (let i = found.next; i < words.length; i++) {
    const word = words[i];
    // A redirection ends what the command is given.
    if (/^\d*[<>]/.test(word)) break;
    let name: string;
    let value: string | undefined;
    if (word.startsWith('--') && word.length > 2) {
      const equals = word.indexOf('=');
      name = equals < 0 ? word.slice(2) : word.slice(2, equals);
      if (equals >= 0) value = word.slice(equals + 1);
      else if (VALUE_OPTIONS.has(name)) value = words[++i];
      else if (FLAG_OPTIONS.has(name)) continue;
      else return undefined;
    } else if (word.startsWith('-') && word.length > 1) {
      const short = word[1];
      if (SHORT_FLAG.has(short) && word.length === 2) continue;
      if (!SHORT_VALUE.has(short)) return undefined;
      name = { t: 'tag', f: 'file', o: 'output', m: 'memory', v: 'volume', e: 'env' }[short] as string;
      value = word.length > 2 ? word.slice(word[2] === '=' ? 3 : 2) : words[++i];
    } else {
      positional.push(word);
      continue;
    }
    if (value === undefined) return undefined;
    if (name === 'file') build.file = value;
    else if (name === 'target') build.target = value;
    else if (name === 'platform') build.platforms.push(...value.split(',').map((platform) => platform.trim()).filter((platform) => platform !== ''));
    else if (name === 'build-context' && value.includes('=')) build.contexts.push(value.slice(0, value.indexOf('=')));
    else if (name === 'build-arg' && value.includes('=') && !value.includes('$')) build.args[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
  }
  if (positional.length !== 1) return undefined;
  build.context = positional[0];
  return build;
}

/** A local, literal, relative path: no variable, URL, git remote, stdin or absolute path. */
function isLocalPath(value: string): boolean {
  return value !== '' && value !== '-' && !value.includes('$') && !value.includes(':') && !value.startsWith('/') && !value.startsWith('~') && !value.startsWith('git@') && !value.includes('*');
}

function definitionOf(file: string, line: number, folder: string, build: BuildCommand): BuildDefinition | undefined {
  if (!isLocalPath(build.context) || (build.file !== undefined && !isLocalPath(build.file))) return undefined;
  return {
    file,
    line,
    name: build.program,
    workingFolder: folder,
    context: build.context,
    dockerfile: build.file,
    target: build.target,
    targetLine: build.target === undefined ? undefined : line,
    platforms: build.platforms,
    contexts: build.contexts,
    args: build.args,
  };
}
