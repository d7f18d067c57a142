/**
 * Where workspace files name a Dockerfile stage as a build target: bake files (`target = "x"`),
 * compose files (`target: x`), Makefiles, scripts, package.json scripts, dev containers and CI
 * workflows (`--target x`, `--target=x`, `target: x`); and the named build contexts they define
 * (bake `contexts = { name = … }`, compose `additional_contexts`, `--build-context name=…`), kept
 * under `context:<name>` (no stage name holds a colon). Reading only, nothing is executed.
 */

/** Where a named stage is used as a build target outside the Dockerfile (bake, compose, Makefile, CI). */
export interface TargetMention {
  file: string;
  line: number;
}

/** Files worth reading for target mentions, by base name or path. */
export function isTargetMentionFile(path: string): boolean {
  const normalized = path.replace(/\\/g, '/');
  const base = normalized.slice(normalized.lastIndexOf('/') + 1).toLowerCase();
  return (
    /^docker-bake(\.[\w-]+)?\.(hcl|json)$/.test(base) || base.endsWith('.hcl') ||
    base === 'package.json' || base === 'devcontainer.json' || /(^|\/)hack\/[\w.-]+$/.test(normalized) ||
    /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(base) ||
    /^(gnu)?makefile$/.test(base) || base.endsWith('.mk') ||
    base === 'justfile' || base === 'taskfile.yml' || base === 'taskfile.yaml' ||
    base.endsWith('.sh') ||
    (/\.ya?ml$/.test(base) && /(^|\/)(\.github\/workflows|\.gitlab-ci|\.circleci|\.buildkite)/.test(normalized)) ||
    base === '.gitlab-ci.yml' || base === 'jenkinsfile'
  );
}

const PATTERNS = [
  /--target[= ]+["']?([A-Za-z][A-Za-z0-9_.-]*)/g,
  /\btarget\s*[:=]\s*["']?([A-Za-z][A-Za-z0-9_.-]*)/g,
];

/** The key of a named build context in a mentions map. */
export const CONTEXT_KEY_PREFIX = 'context:';

const BUILD_CONTEXT_FLAG = /--build-context[= ]+["']?([A-Za-z][A-Za-z0-9_.-]*)=/g;
/** `contexts = {` (bake) or `additional_contexts:` (compose) opens a block of context names. */
const CONTEXT_BLOCK = /^\s*(contexts\s*=\s*\{|additional_contexts\s*:)\s*(.*)$/;
/** A context inside the block: `name = "…"`, `name: …`, `- name=…`. */
const CONTEXT_ENTRY = /^\s*(?:-\s*)?["']?([A-Za-z][A-Za-z0-9_.-]*)["']?\s*[:=]/;

/** Lower-cased stage name (or `context:<name>`) → mentions in this file. */
export function findTargetMentions(file: string, text: string): Map<string, TargetMention[]> {
  const mentions = new Map<string, TargetMention[]>();
  const add = (name: string, index: number) => {
    const list = mentions.get(name) ?? [];
    if (!list.some((mention) => mention.line === index)) list.push({ file, line: index });
    mentions.set(name, list);
  };
  const lines = text.split(/\r?\n/);
  let contextIndent: number | undefined;
  lines.forEach((line, index) => {
    for (const pattern of [...PATTERNS, BUILD_CONTEXT_FLAG]) {
      pattern.lastIndex = 0;
      for (let match = pattern.exec(line); match; match = pattern.exec(line)) add(`${pattern === BUILD_CONTEXT_FLAG ? CONTEXT_KEY_PREFIX : ''}${match[1].toLowerCase()}`, index);
    }
    const indent = line.length - line.trimStart().length;
    if (contextIndent !== undefined) {
      // The block ends at a closing brace or a line indented no deeper than its opener (YAML).
      if (/^\s*}/.test(line) || (line.trim() !== '' && indent <= contextIndent && !line.trimStart().startsWith('-'))) contextIndent = undefined;
      else {
        const entry = CONTEXT_ENTRY.exec(line);
        if (entry) add(`${CONTEXT_KEY_PREFIX}${entry[1].toLowerCase()}`, index);
        if (line.includes('}')) contextIndent = undefined;
      }
    }
    const block = CONTEXT_BLOCK.exec(line);
    if (block) {
      // `contexts = { a = "x", b = "y" }` on one line.
      const rest = block[2];
      for (const inline of rest.split(',')) {
        const entry = CONTEXT_ENTRY.exec(inline.replace(/^[{\s]+/, ''));
        if (entry) add(`${CONTEXT_KEY_PREFIX}${entry[1].toLowerCase()}`, index);
      }
      if (!rest.includes('}')) contextIndent = indent;
    }
  });
  return mentions;
}

/** The named build contexts among the mentions, lower-cased. */
export function namedContexts(mentions: ReadonlyMap<string, readonly TargetMention[]> | undefined): Set<string> {
  const names = new Set<string>();
  for (const key of mentions?.keys() ?? []) if (key.startsWith(CONTEXT_KEY_PREFIX)) names.add(key.slice(CONTEXT_KEY_PREFIX.length));
  return names;
}

export function mergeTargetMentions(into: Map<string, TargetMention[]>, from: Map<string, TargetMention[]>): void {
  for (const [name, list] of from) into.set(name, [...(into.get(name) ?? []), ...list]);
}
