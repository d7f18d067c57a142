/**
 * The build context as BuildKit would send it: the files below the context directory, minus what
 * `.dockerignore` (or `<Dockerfile>.dockerignore` next to the Dockerfile) leaves out. The walk is
 * bounded in files, depth and time, and says when it stopped early. Nothing is read but sizes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerIgnore } from './dockerignore';
import { directoryContext } from '../workspace/contextFiles';

export interface ContextFile {
  /** Context-relative slash path. */
  path: string;
  size: number;
}

export interface BuildContext {
  root: string;
  files: ContextFile[];
  directories: string[];
  /** The ignore file used, if any. */
  ignoreFile?: string;
  /** The walk stopped at a limit: sizes are a lower bound. */
  truncated: boolean;
  /** The limits it was read with; later measurements below it (artifact directories) keep to them too. */
  limits: WalkLimits;
}

export interface WalkLimits {
  maxEntries: number;
  maxDepth: number;
  maxMillis: number;
}

export const DEFAULT_LIMITS: WalkLimits = { maxEntries: 50_000, maxDepth: 40, maxMillis: 1500 };
/** The language server walks on its only thread: a tighter budget, so an edit never waits long behind it. */
export const SERVER_LIMITS: WalkLimits = { maxEntries: 20_000, maxDepth: 40, maxMillis: 250 };

/** The ignore file BuildKit uses: `<Dockerfile>.dockerignore` beside the Dockerfile wins over `<context>/.dockerignore`. */
export function findIgnoreFile(contextDir: string, dockerfilePath?: string): string | undefined {
  const candidates = dockerfilePath ? [`${dockerfilePath}.dockerignore`] : [];
  candidates.push(path.join(contextDir, '.dockerignore'));
  return candidates.find((candidate) => {
    try {
      return fs.statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}

interface WalkVisitor {
  /** True for a directory the walk need not enter (an ignored one). */
  skipDirectory?(relative: string): boolean;
  /** A directory the walk enters. */
  onDirectory?(relative: string): void;
  onFile(entry: fs.Dirent, fullPath: string, relative: string): void;
}

/** Depth-first walk below `root` within `limits`; true when it stopped at one (results are a lower bound). */
function walkBounded(root: string, limits: WalkLimits, visitor: WalkVisitor): boolean {
  const started = Date.now();
  let entries = 0;
  let truncated = false;
  const stack: { dir: string; relative: string; depth: number }[] = [{ dir: root, relative: '', depth: 0 }];
  while (stack.length > 0) {
    const { dir, relative, depth } = stack.pop()!;
    let listing: fs.Dirent[];
    try {
      listing = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of listing) {
      if (++entries > limits.maxEntries || Date.now() - started > limits.maxMillis) return true;
      const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
      const childPath = path.join(dir, entry.name);
      if (!entry.isDirectory()) {
        visitor.onFile(entry, childPath, childRelative);
        continue;
      }
      if (visitor.skipDirectory?.(childRelative)) continue;
      if (depth + 1 > limits.maxDepth) {
        truncated = true;
        continue;
      }
      visitor.onDirectory?.(childRelative);
      stack.push({ dir: childPath, relative: childRelative, depth: depth + 1 });
    }
  }
  return truncated;
}

export function readBuildContext(contextDir: string, dockerfilePath?: string, limits: WalkLimits = DEFAULT_LIMITS): BuildContext {
  const ignoreFile = findIgnoreFile(contextDir, dockerfilePath);
  let ignore = new DockerIgnore('');
  if (ignoreFile) {
    try {
      ignore = new DockerIgnore(fs.readFileSync(ignoreFile, 'utf8'));
    } catch {
      // An unreadable ignore file is as good as none.
    }
  }
  const context: BuildContext = { root: contextDir, files: [], directories: [], ignoreFile, truncated: false, limits };
  context.truncated = walkBounded(contextDir, limits, {
    skipDirectory: (relative) => ignore.canSkipDirectory(relative),
    onDirectory: (relative) => {
      if (!ignore.ignores(relative)) context.directories.push(relative);
    },
    onFile: (entry, fullPath, relative) => {
      if (ignore.ignores(relative)) return;
      try {
        // Symlinks are sent as links: their size is the target path's length.
        const size = entry.isSymbolicLink() ? fs.readlinkSync(fullPath).length : fs.statSync(fullPath).size;
        context.files.push({ path: relative, size });
      } catch {
        // Vanished while walking.
      }
    },
  });
  return context;
}

/** Bytes and file count below a directory on disk, ignoring .dockerignore (e.g. a local node_modules). */
export function measureDirectory(dir: string, limits: WalkLimits = DEFAULT_LIMITS): { bytes: number; files: number; truncated: boolean } | undefined {
  try {
    if (!fs.statSync(dir).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  let bytes = 0;
  let files = 0;
  const truncated = walkBounded(dir, limits, {
    onFile: (entry, fullPath) => {
      try {
        bytes += entry.isSymbolicLink() ? 0 : fs.statSync(fullPath).size;
        files++;
      } catch {
        // Vanished while walking.
      }
    },
  });
  return { bytes, files, truncated };
}

/** A small text file of the context (go.mod, package.json, requirements.txt), or undefined. */
export function readContextText(context: BuildContext | undefined, relativePath: string, maxBytes = 512 * 1024): string | undefined {
  return context ? directoryContext(context.root, maxBytes).read(relativePath) : undefined;
}

/** The context-relative paths of files named `name` (shallowest first). */
export function findContextFiles(context: BuildContext | undefined, name: string): string[] {
  if (!context) return [];
  return context.files
    .filter((file) => file.path === name || file.path.endsWith(`/${name}`))
    .map((file) => file.path)
    .sort((a, b) => a.split('/').length - b.split('/').length);
}
