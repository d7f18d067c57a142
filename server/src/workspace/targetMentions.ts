/**
 * Where workspace files name a Dockerfile stage as a build target: bake files (`target = "x"`),
 * compose files (`target: x`), Makefiles, scripts, package.json scripts, dev containers and CI
 * workflows (`--target x`, `--target=x`, `target: x`); and the named build contexts they define
 * (bake `contexts = { name = … }`, compose `additional_contexts`, `--build-context name=…`), kept
 * under `context:<name>` (no stage name holds a colon). Bake and compose files are read with
 * their parsers (buildFiles.ts); the others are command lines, matched line by line. Reading
 * only, nothing is executed.
 */
import { buildFileKind, readBuildFile } from './buildFiles';

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

/**
 * Globs for a file watcher that cover what `isTargetMentionFile` reads (a superset: changes are
 * filtered with it), so that an edited Makefile or compose file is read again.
 */
export const TARGET_MENTION_GLOBS: readonly string[] = [
  '**/*.{hcl,json,sh,mk,yml,yaml}',
  '**/{Makefile,makefile,GNUmakefile,GNUMakefile,justfile,Justfile,Jenkinsfile,jenkinsfile}',
  '**/hack/*',
];

const PATTERNS = [
  /--target[= ]+["']?([A-Za-z][A-Za-z0-9_.-]*)/g,
  /\btarget\s*[:=]\s*["']?([A-Za-z][A-Za-z0-9_.-]*)/g,
];

/** The key of a named build context in a mentions map. */
export const CONTEXT_KEY_PREFIX = 'context:';

const BUILD_CONTEXT_FLAG = /--build-context[= ]+["']?([A-Za-z][A-Za-z0-9_.-]*)=/g;

/** Lower-cased stage name (or `context:<name>`) → mentions in this file. */
export function findTargetMentions(file: string, text: string): Map<string, TargetMention[]> {
  const mentions = new Map<string, TargetMention[]>();
  const add = (name: string, index: number) => {
    const list = mentions.get(name) ?? [];
    if (!list.some((mention) => mention.line === index)) list.push({ file, line: index });
    mentions.set(name, list);
  };
  // Bake and compose files are read by their parsers: the builds they declare.
  if (buildFileKind(file)) {
    for (const build of readBuildFile(file, text)) {
      if (build.target) add(build.target.toLowerCase(), build.targetLine ?? build.line);
      for (const context of build.contexts) add(`${CONTEXT_KEY_PREFIX}${context.toLowerCase()}`, build.line);
    }
    return mentions;
  }
  // Scripts, Makefiles and CI files are command lines: `--target x`, `target: x`, `--build-context name=…`.
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    for (const pattern of [...PATTERNS, BUILD_CONTEXT_FLAG]) {
      pattern.lastIndex = 0;
      for (let match = pattern.exec(line); match; match = pattern.exec(line)) add(`${pattern === BUILD_CONTEXT_FLAG ? CONTEXT_KEY_PREFIX : ''}${match[1].toLowerCase()}`, index);
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
