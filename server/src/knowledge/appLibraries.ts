/**
 * The system libraries an interpreted app's dependencies load at runtime that the full language
 * image had and its slim variant lacks (FULL_IMAGE_LIBRARIES), read from the app's manifests in
 * the build context: Gemfile.lock (Gemfile when there is no lock), requirements*.txt,
 * pyproject.toml, Pipfile.
 */
import * as path from 'node:path';
import type { ContextFiles } from '../workspace/contextFiles';
import { FULL_IMAGE_LIBRARIES } from './packageRoles';

export interface AppLibrary {
  /** The gem or Python package that loads it. */
  dependency: string;
  /** The Debian package that brings the library. */
  pkg: string;
}

/** `    pg (1.5.9)` / `    pg (1.6.2-x86_64-linux)` in a Gemfile.lock: name → the versions listed. */
function lockedGems(lock: string): Map<string, string[]> {
  const gems = new Map<string, string[]>();
  for (const line of lock.split('\n')) {
    if (!line.startsWith('    ') || line.startsWith('     ')) continue;
    const open = line.indexOf(' (', 4);
    if (open < 0 || !line.endsWith(')')) continue;
    const name = line.slice(4, open);
    gems.set(name, [...(gems.get(name) ?? []), line.slice(open + 2, -1)]);
  }
  return gems;
}

/** A gem with a Linux platform build (`1.6.2-x86_64-linux`) brings its own library. */
function precompiledForLinux(versions: readonly string[]): boolean {
  return versions.some((version) => /-(x86_64|aarch64|arm)-linux/.test(version));
}

function rubyLibraries(context: ContextFiles, dir: string): AppLibrary[] {
  const table = FULL_IMAGE_LIBRARIES.ruby;
  const lock = context.read(path.posix.join(dir, 'Gemfile.lock'));
  const found: AppLibrary[] = [];
  if (lock !== undefined) {
    const gems = lockedGems(lock);
    for (const [gem, pkg] of Object.entries(table)) {
      const versions = gems.get(gem);
      if (versions && !precompiledForLinux(versions)) found.push({ dependency: gem, pkg });
    }
    return found;
  }
  const gemfile = context.read(path.posix.join(dir, 'Gemfile')) ?? '';
  for (const line of gemfile.split('\n')) {
    const name = /^\s*gem\s+["']([\w.-]+)["']/.exec(line)?.[1];
    if (name && table[name] && !found.some((library) => library.dependency === name)) found.push({ dependency: name, pkg: table[name] });
  }
  return found;
}

function pythonLibraries(context: ContextFiles, dir: string): AppLibrary[] {
  const table = FULL_IMAGE_LIBRARIES.python;
  const manifests = (context.list?.(dir) ?? []).filter((name) => /^requirements.*\.txt$/.test(name) || name === 'pyproject.toml' || name === 'Pipfile');
  const found: AppLibrary[] = [];
  for (const manifest of manifests) {
    for (const line of (context.read(path.posix.join(dir, manifest)) ?? '').split('\n')) {
      const name = /^\s*["']?([A-Za-z0-9_.-]+)/.exec(line)?.[1]?.toLowerCase().replace(/_/g, '-');
      if (name && table[name] && !found.some((library) => library.dependency === name)) found.push({ dependency: name, pkg: table[name] });
    }
  }
  return found;
}

export function fullImageLibraries(stack: string, context: ContextFiles, dir: string): AppLibrary[] {
  if (stack === 'ruby') return rubyLibraries(context, dir);
  if (stack === 'python') return pythonLibraries(context, dir);
  return [];
}
