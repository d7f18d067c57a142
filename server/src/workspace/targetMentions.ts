/**
 * Where workspace files name a Dockerfile stage as a build target: docker-bake.hcl
 * (`target = "x"`), compose files (`target: x`), Makefiles, scripts and CI workflows
 * (`--target x`, `--target=x`, `target: x`). Reading only, nothing is executed.
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
    /^docker-bake(\.[\w-]+)?\.(hcl|json)$/.test(base) ||
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

/** Lower-cased stage name → mentions in this file. */
export function findTargetMentions(file: string, text: string): Map<string, TargetMention[]> {
  const mentions = new Map<string, TargetMention[]>();
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    for (const pattern of PATTERNS) {
      pattern.lastIndex = 0;
      for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
        const name = match[1].toLowerCase();
        const list = mentions.get(name) ?? [];
        if (!list.some((mention) => mention.line === index)) list.push({ file, line: index });
        mentions.set(name, list);
      }
    }
  });
  return mentions;
}

export function mergeTargetMentions(into: Map<string, TargetMention[]>, from: Map<string, TargetMention[]>): void {
  for (const [name, list] of from) into.set(name, [...(into.get(name) ?? []), ...list]);
}
