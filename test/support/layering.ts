/**
 * The layering of server/src and client/src, declared as data, and a checker that reads every
 * import (static, dynamic, `export ... from`, `require`) with TypeScript's own pre-processor.
 * docs/architecture.md draws the same table; test/unit/layering.test.ts runs the check.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/**
 * Which layer may import which (its own layer always). A layer is a folder directly below
 * server/src; `server` is the files at server/src itself (server.ts, cli.ts: the outer layer),
 * `client` is client/src, `data` is server/data (generated JSON), `manifest` the root package.json.
 */
export const LAYERS: Readonly<Record<string, readonly string[]>> = {
  // The pure bottom: the Dockerfile scanner, stage model and graph.
  model: [],
  // The registry client and the image-reference grammar; knows nothing of Dockerfiles.
  registry: [],
  // Reads of the workspace: build-context files, `--target` mentions in scripts.
  workspace: [],
  // What an image and a stack are: base image facts, stack detection, tool commands, runtime plans.
  knowledge: ['model', 'registry', 'workspace'],
  // The size engine: catalog, estimator, reports.
  size: ['model', 'registry', 'workspace', 'knowledge', 'data'],
  // The diagnostics, as findings on spans.
  rules: ['model', 'workspace', 'knowledge', 'size'],
  // One analysed document: model, graph, positions.
  analysis: ['model'],
  // Code actions and fixes.
  actions: ['model', 'registry', 'workspace', 'knowledge', 'size', 'rules', 'analysis'],
  // One file per editor feature.
  features: ['model', 'registry', 'workspace', 'knowledge', 'size', 'rules', 'analysis'],
  // The facade: composes features and actions, text in, results out.
  service: ['model', 'registry', 'workspace', 'knowledge', 'size', 'rules', 'analysis', 'actions', 'features'],
  // The command line goes through the facade, like the server (and reads its version from package.json).
  cli: ['service', 'registry', 'workspace', 'rules', 'manifest'],
  // The language server's outer layer: the only one that speaks the protocol.
  server: ['service', 'registry', 'workspace', 'rules', 'features', 'cli'],
  // The VS Code extension; shares the byte formatting of the size engine.
  client: ['size'],
  data: [],
  // The repository's package.json.
  manifest: [],
};

/** Packages only some layers may import (everything else from npm is free). */
export const PACKAGE_LAYERS: Readonly<Record<string, readonly string[]>> = {
  'vscode-languageserver': ['server'],
  vscode: ['client'],
  'vscode-languageclient': ['client'],
  'vscode-languageserver-types': ['analysis', 'actions', 'features', 'service', 'cli', 'server'],
  'vscode-languageserver-textdocument': ['analysis', 'actions', 'features', 'service', 'cli', 'server'],
};

export interface ImportEdge {
  /** Importing file, relative to the repository root with `/`. */
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** Where a relative specifier leads, repository-relative (`x/index` for a folder); worked out from the specifier when absent. */
  target?: string;
}

export interface Violation extends ImportEdge {
  fromLayer: string;
  toLayer: string;
}

/** The layer of a repository-relative path, or undefined outside the layered trees. */
export function layerOf(file: string): string | undefined {
  const parts = file.split('/');
  if (file === 'package.json') return 'manifest';
  if (parts[0] === 'client' && parts[1] === 'src') return 'client';
  if (parts[0] !== 'server') return undefined;
  if (parts[1] === 'data') return 'data';
  if (parts[1] !== 'src') return undefined;
  return parts.length === 3 ? 'server' : parts[2];
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The imports that break the declared layering (and imports from or into an undeclared layer). */
export function checkImports(edges: readonly ImportEdge[], layers = LAYERS, packages = PACKAGE_LAYERS): Violation[] {
  const violations: Violation[] = [];
  for (const edge of edges) {
    const fromLayer = layerOf(edge.from);
    if (fromLayer === undefined) continue;
    if (edge.specifier.startsWith('.')) {
      const target = edge.target ?? path.posix.normalize(path.posix.join(path.posix.dirname(edge.from), edge.specifier));
      const toLayer = layerOf(target) ?? `outside (${target})`;
      if (toLayer === fromLayer && layers[fromLayer]) continue;
      if (!layers[fromLayer]?.includes(toLayer)) violations.push({ ...edge, fromLayer, toLayer });
    } else if (!edge.specifier.startsWith('node:')) {
      const allowed = packages[packageName(edge.specifier)];
      if (allowed && !allowed.includes(fromLayer)) violations.push({ ...edge, fromLayer, toLayer: `package ${packageName(edge.specifier)}` });
    }
  }
  return violations;
}

/** A relative specifier as Node resolves it: the file itself, else the folder's index. */
function resolveRelative(root: string, importer: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  let full = path.resolve(path.dirname(importer), specifier);
  const isFile = ['', '.ts', '.json'].some((ending) => fs.statSync(full + ending, { throwIfNoEntry: false })?.isFile());
  if (!isFile && fs.statSync(path.join(full, 'index.ts'), { throwIfNoEntry: false })?.isFile()) full = path.join(full, 'index');
  return path.relative(root, full).split(path.sep).join('/');
}

/** Every import of every .ts file below `root`/server/src and `root`/client/src. */
export function readImports(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.ts')) {
        const from = path.relative(root, full).split(path.sep).join('/');
        const info = ts.preProcessFile(fs.readFileSync(full, 'utf8'), true, true);
        for (const imported of info.importedFiles) edges.push({ from, specifier: imported.fileName, target: resolveRelative(root, full, imported.fileName) });
      }
    }
  };
  walk(path.join(root, 'server', 'src'));
  walk(path.join(root, 'client', 'src'));
  return edges;
}

/** The folders below server/src that no layer declares. */
export function undeclaredLayers(root: string, layers = LAYERS): string[] {
  return fs
    .readdirSync(path.join(root, 'server', 'src'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !layers[entry.name])
    .map((entry) => entry.name);
}

export function formatViolation(violation: Violation): string {
  return `${violation.from}: '${violation.specifier}' (${violation.fromLayer} may not import ${violation.toLayer})`;
}
