/**
 * Walks a folder (bounded) for files that name build targets, and indexes the mentions and the
 * builds that bake and compose files declare (platforms, build args) by the Dockerfile they use.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readBuildCommands } from './buildCommands';
import { buildFileKind, contextOf, dockerfileOf, readBuildFile, type BuildDefinition } from './buildFiles';
import { findTargetMentions, isTargetMentionFile, mergeTargetMentions, type TargetMention } from './targetMentions';

/** A bake, compose or command-line build, with the absolute path of the Dockerfile it uses (when local). */
export interface WorkspaceBuild {
  definition: BuildDefinition;
  dockerfile?: string;
  /** The build context's real path when it is a local folder inside the workspace (symlinks resolved); undefined otherwise. */
  context?: string;
  /** The context relative to the workspace (`''` for its root), when `context` is set. */
  contextInWorkspace?: string;
}

export interface WorkspaceIndex {
  mentions: Map<string, TargetMention[]>;
  builds: WorkspaceBuild[];
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'vendor', 'target', 'dist', 'build', 'out', '.venv', '__pycache__']);
const MAX_FILES_VISITED = 5000;
const MAX_DEPTH = 5;
const CI_FOLDERS = ['.github', '.gitlab', '.circleci', '.buildkite'];
const MAX_FILE_BYTES = 512 * 1024;

/** A folder the scan walks into (not a dependency, build output or hidden folder other than CI's). */
function walkedInto(name: string): boolean {
  return !SKIPPED_DIRECTORIES.has(name) && (!name.startsWith('.') || CI_FOLDERS.includes(name));
}

/** Whether a change to `file` may change what the scan of `root` finds (for a file watcher). */
export function isScannedFile(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
  const parts = relative.split(path.sep);
  if (parts.length > MAX_DEPTH + 1 || !parts.slice(0, -1).every(walkedInto)) return false;
  return isTargetMentionFile(parts.join('/'));
}

export async function scanTargetMentions(root: string): Promise<Map<string, TargetMention[]>> {
  return (await scanWorkspace(root)).mentions;
}

export async function scanWorkspace(root: string): Promise<WorkspaceIndex> {
  const mentions = new Map<string, TargetMention[]>();
  const builds: WorkspaceBuild[] = [];
  let realRoot: string;
  try {
    realRoot = await fs.realpath(root);
  } catch {
    realRoot = path.resolve(root);
  }
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
        const keep = walkedInto(entry.name);
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
        for (const definition of buildFileKind(file) ? readBuildFile(file, text) : readBuildCommands(file, text)) {
          const dockerfile = dockerfileOf(definition);
          builds.push({ definition, dockerfile: dockerfile === undefined ? undefined : path.resolve(root, dockerfile), ...(await contextInside(realRoot, root, definition)) });
        }
      } catch {
        // unreadable file: no mentions from it
      }
    }
  };
  await walk(root, 0);
  return { mentions, builds };
}

/** The context folder of a build when it is local and, symlinks resolved, inside the workspace. */
async function contextInside(realRoot: string, root: string, definition: BuildDefinition): Promise<Pick<WorkspaceBuild, 'context' | 'contextInWorkspace'>> {
  const relative = contextOf(definition);
  if (relative === undefined || relative.startsWith('/') || relative === '..' || relative.startsWith('../')) return {};
  try {
    const real = await fs.realpath(path.resolve(root, relative));
    const inside = path.relative(realRoot, real);
    if (inside.startsWith('..') || path.isAbsolute(inside) || !(await fs.stat(real)).isDirectory()) return {};
    return { context: real, contextInWorkspace: inside.split(path.sep).join('/') };
  } catch {
    return {};
  }
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

/** The build context one Dockerfile is built with, and the declarations that say so. */
export interface DockerfileBuildContext {
  /** Real path of the folder. */
  folder: string;
  /** Relative to the workspace, `''` for its root. */
  inWorkspace: string;
  /** `Makefile:20`, … */
  sources: string[];
}

/**
 * The context folder when every build of the Dockerfile at `dockerfile` (absolute path) uses the
 * same local folder inside the workspace; undefined when none builds it, or one builds it from a
 * URL, from outside the workspace, or from another folder.
 */
export function buildContextFor(builds: readonly WorkspaceBuild[], dockerfile: string): DockerfileBuildContext | undefined {
  const wanted = path.resolve(dockerfile);
  let found: DockerfileBuildContext | undefined;
  for (const build of builds) {
    if (build.dockerfile !== wanted) continue;
    if (build.context === undefined || build.contextInWorkspace === undefined) return undefined;
    const source = `${build.definition.file}:${build.definition.line + 1}`;
    if (!found) found = { folder: build.context, inWorkspace: build.contextInWorkspace, sources: [source] };
    else if (found.folder !== build.context) return undefined;
    else if (!found.sources.includes(source)) found.sources.push(source);
  }
  return found;
}
