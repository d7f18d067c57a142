/**
 * Read access to the build context (the Dockerfile's folder): Cargo.toml, package.json, go.mod...
 * tell the split the artifact's name and whether a cache-friendly order is possible.
 * Files are only read, never run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ContextFiles {
  exists(relativePath: string): boolean;
  /** The file's text, or undefined when missing or unreadable (or over the size limit, 1 MB by default). */
  read(relativePath: string): string | undefined;
  /** Names in a folder (sub-folders end with `/`), at most 200; undefined when it cannot be listed. */
  list?(relativeDir: string): string[] | undefined;
}

export const NO_CONTEXT: ContextFiles = { exists: () => false, read: () => undefined };

const MAX_BYTES = 1024 * 1024;

/** Files below `dir` only: a path leading out of it (`../x`, `/etc/x`) reads as missing. */
export function directoryContext(dir: string, maxBytes = MAX_BYTES): ContextFiles {
  const resolve = (relative: string): string | undefined => {
    const full = path.resolve(dir, relative);
    // Stay inside the context.
    return full === dir || full.startsWith(dir + path.sep) ? full : undefined;
  };
  return {
    exists(relative) {
      const full = resolve(relative);
      return full !== undefined && fs.existsSync(full);
    },
    read(relative) {
      const full = resolve(relative);
      if (!full) return undefined;
      try {
        const stat = fs.statSync(full);
        if (!stat.isFile() || stat.size > maxBytes) return undefined;
        return fs.readFileSync(full, 'utf8');
      } catch {
        return undefined;
      }
    },
    list(relative) {
      const full = resolve(relative);
      if (!full) return undefined;
      try {
        return fs.readdirSync(full, { withFileTypes: true }).slice(0, 200).map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name));
      } catch {
        return undefined;
      }
    },
  };
}

/** The folder of a `file:` document, as the build context; nothing for other schemes. */
export function contextOfDocument(uri: string): ContextFiles {
  if (!uri.startsWith('file:')) return NO_CONTEXT;
  try {
    return directoryContext(path.dirname(fileURLToPath(uri)));
  } catch {
    return NO_CONTEXT;
  }
}
