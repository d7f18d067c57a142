/**
 * Which packages a Node server's code imports, followed from the file the container runs back to
 * its source (`node build/server/server.js` ← `src/server.js`) through relative imports. A build
 * that compiles without bundling (tsc, nest build, babel, parcel --target node) leaves those
 * imports to node_modules at runtime: a devDependency among them must survive the prune.
 */
import * as path from 'node:path';
import type { ContextFiles } from '../workspace/contextFiles';

/** Files followed at the most (each one read through the context, bounded). */
const MAX_FILES = 150;
const EXTENSIONS = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
const INDEX_FILES = EXTENSIONS.slice(1).map((extension) => `/index${extension}`);
/** Folders a build writes its output to; the source of `build/server/server.js` is looked for without them. */
const SOURCE_ROOTS = ['src', '', 'app', 'server', 'lib'];

/** `… from 'p'`, `import 'p'`, `import('p')`, `require('p')` (a fixed pattern, linear: no nested repetition). */
const IMPORT = /\b(?:from\s+|import\s*\(?\s*|require\s*\(\s*)["']([^"'\n]{1,200})["']/g;

/** A type-only import (`import type { X } from 'p'`) loads nothing at runtime. */
function typeOnly(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 300), at);
  const start = Math.max(before.lastIndexOf('import'), before.lastIndexOf('export'));
  return start >= 0 && /^(import|export)\s+type\s/.test(before.slice(start));
}

function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function strip(file: string): string {
  return file.replace(/\.(m|c)?(j|t)sx?$/, '');
}

/** The source file behind a built one, in the context: `build/server/server.js` → `src/server.js`. */
export function sourceOfBuilt(context: ContextFiles, appDir: string, runFile: string): string | undefined {
  const segments = path.posix.normalize(runFile).replace(/^\.\//, '').split('/');
  for (let skip = 0; skip < segments.length; skip++) {
    const tail = strip(segments.slice(skip).join('/'));
    for (const root of SOURCE_ROOTS) {
      for (const extension of EXTENSIONS.slice(1)) {
        const candidate = path.posix.join(appDir, root, `${tail}${extension}`);
        if (candidate !== path.posix.join(appDir, runFile) || skip === 0) {
          if (context.exists(candidate) && context.read(candidate) !== undefined) return candidate;
        }
      }
    }
  }
  return undefined;
}

/** Packages imported by `entry` and the files it imports, followed through relative imports (bounded). */
export function importedPackages(context: ContextFiles, entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0 && seen.size <= MAX_FILES) {
    const file = queue.shift() as string;
    const text = context.read(file);
    if (text === undefined) continue;
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1];
      if (typeOnly(text, match.index ?? 0)) continue;
      const name = packageOf(specifier);
      if (name) {
        packages.add(name);
        continue;
      }
      if (!specifier.startsWith('.')) continue;
      const base = path.posix.join(path.posix.dirname(file), specifier);
      const found = [...EXTENSIONS, ...INDEX_FILES].map((suffix) => `${base}${suffix}`).find((candidate) => !seen.has(candidate) && /\.(m|c)?(j|t)sx?$/.test(candidate) && context.read(candidate) !== undefined);
      if (found) {
        seen.add(found);
        queue.push(found);
      }
    }
  }
  return packages;
}

/** devDependencies (and not dependencies) of package.json that the server code behind `runFile` imports. */
export function devDependenciesImported(context: ContextFiles, appDir: string, runFile: string): { source: string; packages: string[] } | undefined {
  let manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  try {
    manifest = JSON.parse(context.read(path.posix.join(appDir, 'package.json')) ?? '{}') as typeof manifest;
  } catch {
    return undefined;
  }
  const dev = Object.keys(manifest.devDependencies ?? {}).filter((name) => !(name in (manifest.dependencies ?? {})));
  if (dev.length === 0) return undefined;
  const source = sourceOfBuilt(context, appDir, runFile);
  if (!source) return undefined;
  const imported = importedPackages(context, source);
  const packages = dev.filter((name) => imported.has(name));
  return packages.length > 0 ? { source, packages } : undefined;
}
