/**
 * Walks a folder (bounded) for files that name build targets, and indexes the mentions and the
 * builds that bake and compose files declare (platforms, build args) by the Dockerfile they use.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { buildFileKind, dockerfileOf, readBuildFile, type BuildDefinition } from './buildFiles';
import { findTargetMentions, isTargetMentionFile, mergeTargetMentions, type TargetMention } from './targetMentions';

/** A bake or compose build, with the absolute path of the Dockerfile it uses (when local). */
export interface WorkspaceBuild {
  definition: BuildDefinition;
  dockerfile?: string;
}

export interface WorkspaceIndex {
  mentions: Map<string, TargetMention[]>;
  builds: WorkspaceBuild[];
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'vendor', 'target', 'dist', 'build', 'out', '.venv', '__pycache__']);
const MAX_FILES_VISITED = 5000;
const MAX_DEPTH = 5;
const MAX_FILE_BYTES = 512 * 1024;

export async function scanTargetMentions(root: string): Promise<Map<string, TargetMention[]>> {
  return (await scanWorkspace(root)).mentions;
}

export async function scanWorkspace(root: string): Promise<WorkspaceIndex> {
  const mentions = new Map<string, TargetMention[]>();
  const builds: WorkspaceBuild[] = [];
  let visited = 0;
  const walk = async (directory: string, depth: number): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (visited++ > MAX_FILES_VISITED) return;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        const keep = !SKIPPED_DIRECTORIES.has(entry.name) && (!entry.name.startsWith('.') || ['.github', '.gitlab', '.circleci', '.buildkite'].includes(entry.name));
        if (keep && depth < MAX_DEPTH) await walk(full, depth + 1);
        continue;
      }
      const relative = path.relative(root, full);
      if (!entry.isFile() || !isTargetMentionFile(relative)) continue;
      try {
        const stat = await fs.stat(full);
        if (stat.size > MAX_FILE_BYTES) continue;
        const file = relative.split(path.sep).join('/');
        const text = await fs.readFile(full, 'utf8');
        mergeTargetMentions(mentions, findTargetMentions(file, text));
        if (buildFileKind(file)) {
          for (const definition of readBuildFile(file, text)) {
            const dockerfile = dockerfileOf(definition);
            builds.push({ definition, dockerfile: dockerfile === undefined ? undefined : path.resolve(root, dockerfile) });
          }
        }
      } catch {
        // unreadable file: no mentions from it
      }
    }
  };
  await walk(root, 0);
  return { mentions, builds };
}

/** What the workspace's builds of one Dockerfile say: the platforms they build, and a BUILDKIT_DOCKERFILE_CHECK arg. */
export interface DockerfileBuildOptions {
  platforms: string[];
  /** Set when every build of this Dockerfile that sets the arg sets the same value. */
  dockerfileCheck?: { value: string; source: string };
}

/** The builds of the Dockerfile at `dockerfile` (absolute path), summed up. */
export function buildOptionsFor(builds: readonly WorkspaceBuild[], dockerfile: string): DockerfileBuildOptions {
  const platforms: string[] = [];
  const checks = new Map<string, string>();
  const wanted = path.resolve(dockerfile);
  for (const build of builds) {
    if (build.dockerfile !== wanted) continue;
    for (const platform of build.definition.platforms) if (!platforms.includes(platform)) platforms.push(platform);
    const check = build.definition.args.BUILDKIT_DOCKERFILE_CHECK;
    if (check !== undefined && !checks.has(check)) checks.set(check, `${build.definition.file}:${build.definition.line + 1}`);
  }
  const [only] = checks.size === 1 ? [...checks] : [];
  return { platforms, dockerfileCheck: only ? { value: only[0], source: only[1] } : undefined };
}
