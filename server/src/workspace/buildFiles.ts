/**
 * The builds that bake files (docker-bake.hcl, docker-bake.json, any *.hcl) and compose files
 * declare: which Dockerfile, which target stage, which platforms, which named build contexts
 * and build args. Read with real parsers (YAML for compose, JSON.parse for bake JSON, a tolerant
 * HCL reader for bake HCL), never executed. What a file does not say literally (variables,
 * functions) is left out, not guessed.
 */
import { LineCounter, parseDocument, isMap, isNode, isScalar } from 'yaml';
import { readHcl, type HclBlock, type HclValue } from './hclReader';

export interface BuildDefinition {
  /** The file that declares the build (workspace-relative, `/`-separated). */
  file: string;
  /** 0-based line of the declaration (the bake target block, the compose service). */
  line: number;
  /** Bake target or compose service name. */
  name: string;
  /**
   * Set for command lines (buildCommands.ts): the workspace-relative folder they run in; the
   * context and the Dockerfile (`-f`) are relative to it, as the docker CLI reads them. Absent for
   * bake and compose: the context is relative to the declaring file's folder, the Dockerfile to the context.
   */
  workingFolder?: string;
  /** The build context and the Dockerfile, as written (resolved by `contextOf` and `dockerfileOf`). */
  context?: string;
  dockerfile?: string;
  /** The stage built (`target`), and the line that names it. */
  target?: string;
  targetLine?: number;
  platforms: string[];
  /** Named build contexts (bake `contexts`, compose `additional_contexts`). */
  contexts: string[];
  /** Build args with a literal value. */
  args: Record<string, string>;
}

export type BuildFileKind = 'bake-hcl' | 'bake-json' | 'compose';

/** Which reader a file needs, by its name; undefined for other files. */
export function buildFileKind(path: string): BuildFileKind | undefined {
  const base = path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1).toLowerCase();
  if (base.endsWith('.hcl')) return 'bake-hcl';
  if (/^docker-bake(\.[\w-]+)?\.json$/.test(base)) return 'bake-json';
  if (/^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(base)) return 'compose';
  return undefined;
}

/** Bake and compose files larger than this are not read (real ones are a few KB; the YAML parser costs ~5 µs a byte). */
export const MAX_BUILD_FILE_BYTES = 256 * 1024;

/** The builds a bake or compose file declares (none for other files, unreadable or oversized text). */
export function readBuildFile(file: string, text: string): BuildDefinition[] {
  if (text.length > MAX_BUILD_FILE_BYTES) return [];
  try {
    switch (buildFileKind(file)) {
      case 'bake-hcl':
        return readBakeHcl(file, text);
      case 'bake-json':
        return readBakeJson(file, text);
      case 'compose':
        return readCompose(file, text);
      default:
        return [];
    }
  } catch {
    // A reader that meets text it cannot handle (a stack overflow on absurd nesting) finds nothing.
    return [];
  }
}

/** Bake attributes of one target before `inherits` is applied. */
interface BakeTarget {
  line: number;
  inherits: string[];
  context?: string;
  dockerfile?: string;
  target?: string;
  targetLine?: number;
  platforms?: string[];
  contexts?: Record<string, string>;
  args?: Record<string, string>;
  /** `target = "${item.target}"` under a `matrix`: the stage each matrix entry builds. */
  matrixTargets?: string[];
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const asStrings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

function asRecord(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record: Record<string, string> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (key === '__proto__') continue;
    // Bake writes unset args as null; only literal strings (and numbers) are kept.
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') record[key] = String(item);
  }
  return record;
}

/** A literal with no interpolation left in it. */
const literal = (value: string | undefined): string | undefined => (value !== undefined && !value.includes('${') ? value : undefined);

export function readBakeHcl(file: string, text: string): BuildDefinition[] {
  const { blocks } = readHcl(text);
  const variables = new Map<string, string>();
  for (const block of blocks) {
    if (block.type !== 'variable' || block.labels.length !== 1) continue;
    const value = asString(block.attributes.find((attribute) => attribute.name === 'default')?.value);
    if (value !== undefined && !value.includes('${')) variables.set(block.labels[0], value);
  }
  const expand = (value: string | undefined) => literal(value === undefined ? undefined : substitute(value, variables));
  const targets = new Map<string, BakeTarget>();
  for (const block of blocks) {
    if (block.type !== 'target' || block.labels.length !== 1) continue;
    targets.set(block.labels[0], bakeTargetOfHcl(block, expand));
  }
  return resolveBake(file, targets);
}

/** `${NAME}` replaced by a variable's literal default (one pass, linear). */
function substitute(value: string, variables: Map<string, string>): string {
  if (!value.includes('${')) return value;
  let result = '';
  let i = 0;
  while (i < value.length) {
    const open = value.indexOf('${', i);
    if (open < 0) break;
    const close = value.indexOf('}', open + 2);
    if (close < 0) break;
    const name = value.slice(open + 2, close).trim();
    const known = /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) ? variables.get(name) : undefined;
    result += value.slice(i, open) + (known ?? value.slice(open, close + 1));
    i = close + 1;
  }
  return result + value.slice(i);
}

function bakeTargetOfHcl(block: HclBlock, expand: (value: string | undefined) => string | undefined): BakeTarget {
  const get = (name: string) => block.attributes.find((attribute) => attribute.name === name);
  const map = (value: HclValue): Record<string, string> | undefined => {
    const record = asRecord(value);
    if (!record) return undefined;
    const expanded: Record<string, string> = {};
    for (const [key, item] of Object.entries(record)) {
      const value = expand(item);
      if (value !== undefined) expanded[key] = value;
    }
    return expanded;
  };
  const target = get('target');
  const platforms = get('platforms');
  return {
    line: block.line,
    matrixTargets: matrixValues(asString(target?.value), get('matrix')?.value),
    inherits: asStrings(get('inherits')?.value),
    context: expand(asString(get('context')?.value)),
    dockerfile: expand(asString(get('dockerfile')?.value)),
    target: expand(asString(target?.value)),
    targetLine: target?.line,
    platforms: platforms ? literalList(platforms.value, expand) : undefined,
    contexts: map(get('contexts')?.value),
    args: map(get('args')?.value),
  };
}

/** A list of literal strings; undefined when any item is an expression we do not evaluate (`[for p in …]`). */
function literalList(value: HclValue, expand: (value: string | undefined) => string | undefined): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items = value.map((item) => expand(asString(item)));
  return items.every((item): item is string => item !== undefined) ? items : undefined;
}

/** Bake matrix entries read at most (a matrix is a cross product; we read each list once). */
const MAX_MATRIX_VALUES = 100;

/**
 * The values of an attribute written with a matrix variable (`"${tgt}"`, `"${item.target}"`):
 * each list entry of `matrix` substituted in. Undefined without a matrix or a literal result.
 */
function matrixValues(raw: string | undefined, matrix: HclValue): string[] | undefined {
  if (!raw || !raw.includes('${') || !matrix || typeof matrix !== 'object' || Array.isArray(matrix)) return undefined;
  const values = new Set<string>();
  for (const [key, list] of Object.entries(matrix)) {
    if (!Array.isArray(list)) continue;
    for (const item of list.slice(0, MAX_MATRIX_VALUES)) {
      const fields = new Map<string, string>();
      if (typeof item === 'string') fields.set(key, item);
      else if (item && typeof item === 'object' && !Array.isArray(item)) {
        for (const [field, value] of Object.entries(item)) if (typeof value === 'string') fields.set(`${key}.${field}`, value);
      }
      const value = substitute(raw, fields);
      if (!value.includes('${') && value !== '') values.add(value);
    }
  }
  return values.size > 0 ? [...values] : undefined;
}

export function readBakeJson(file: string, text: string): BuildDefinition[] {
  const json = JSON.parse(text) as { target?: unknown };
  const targets = new Map<string, BakeTarget>();
  if (!json || typeof json !== 'object' || !json.target || typeof json.target !== 'object') return [];
  const lineOf = lineFinder(text);
  const targetsLine = lineOf('"target"');
  for (const [name, value] of Object.entries(json.target as Record<string, unknown>)) {
    if (!value || typeof value !== 'object') continue;
    const body = value as Record<string, unknown>;
    const line = lineOf(JSON.stringify(name), targetsLine);
    targets.set(name, {
      line,
      inherits: asStrings(body.inherits),
      context: literal(asString(body.context)),
      dockerfile: literal(asString(body.dockerfile)),
      target: literal(asString(body.target)),
      targetLine: typeof body.target === 'string' ? lineOf(`"target"`, line) : undefined,
      platforms: Array.isArray(body.platforms) ? asStrings(body.platforms).filter((item) => literal(item) !== undefined) : undefined,
      contexts: asRecord(body.contexts),
      args: asRecord(body.args),
    });
  }
  return resolveBake(file, targets);
}

/** The 0-based line of the first key `needle` (quoted name then a colon) at or after line `from` (`from` when none). */
function lineFinder(text: string): (needle: string, from?: number) => number {
  const lines = new LineCounter();
  const starts = [0];
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    starts.push(i + 1);
    lines.addNewLine(i + 1);
  }
  const lineAt = (offset: number) => lines.linePos(offset).line - 1;
  // A key: the quoted name followed by a colon (`"img": {`, not `["img"]`); a few tries per name.
  return (needle, from = 0) => {
    let at = text.indexOf(needle, starts[Math.min(from, starts.length - 1)]);
    for (let tries = 0; at >= 0 && tries < 20; tries++) {
      let next = at + needle.length;
      while (text[next] === ' ' || text[next] === '\t' || text[next] === '\r' || text[next] === '\n') next++;
      if (text[next] === ':') return lineAt(at);
      at = text.indexOf(needle, at + 1);
    }
    return from;
  };
}

/** Deepest `inherits` chain followed (bake refuses cycles; we just stop). */
const MAX_INHERITS_DEPTH = 10;

/** Parents read per target (bake files list a few). */
const MAX_PARENTS = 16;

/** Applies `inherits` (parents first, the target's own attributes last) and bake's defaults. */
function resolveBake(file: string, targets: Map<string, BakeTarget>): BuildDefinition[] {
  // Each target resolved once (memoised), cycles cut, chains cut at MAX_INHERITS_DEPTH: linear in the targets.
  const resolved = new Map<string, BakeTarget>();
  const resolving = new Set<string>();
  const resolve = (name: string, depth: number): BakeTarget | undefined => {
    const done = resolved.get(name);
    if (done) return done;
    const own = targets.get(name);
    if (!own || resolving.has(name)) return undefined;
    resolving.add(name);
    let merged: BakeTarget = { line: own.line, inherits: [] };
    if (depth < MAX_INHERITS_DEPTH) {
      for (const parent of own.inherits.slice(0, MAX_PARENTS)) {
        const base = resolve(parent, depth + 1);
        if (base) merged = mergeBake(merged, base);
      }
    }
    merged = mergeBake(merged, own);
    resolving.delete(name);
    resolved.set(name, merged);
    return merged;
  };
  const definitions: BuildDefinition[] = [];
  // Bounded: a file declaring thousands of targets is cut short.
  for (const name of [...targets.keys()].slice(0, 1000)) {
    const target = resolve(name, 0);
    if (!target) continue;
    const own = targets.get(name);
    for (const stage of target.target === undefined ? own?.matrixTargets ?? [] : []) {
      definitions.push({ file, line: target.line, name, context: target.context, dockerfile: target.dockerfile, target: stage, targetLine: target.targetLine, platforms: target.platforms ?? [], contexts: Object.keys(target.contexts ?? {}), args: target.args ?? {} });
    }
    definitions.push({
      file,
      line: target.line,
      name,
      context: target.context,
      dockerfile: target.dockerfile,
      target: target.target,
      targetLine: target.targetLine,
      platforms: target.platforms ?? [],
      contexts: Object.keys(target.contexts ?? {}),
      args: target.args ?? {},
    });
  }
  return definitions;
}

/** Bake's merge: scalars and lists of the later target win, maps are merged key by key. */
function mergeBake(base: BakeTarget, over: BakeTarget): BakeTarget {
  return {
    line: over.line,
    inherits: [],
    context: over.context ?? base.context,
    dockerfile: over.dockerfile ?? base.dockerfile,
    target: over.target ?? base.target,
    targetLine: over.target !== undefined ? over.targetLine : base.targetLine,
    platforms: over.platforms ?? base.platforms,
    contexts: mergeMaps(base.contexts, over.contexts),
    args: mergeMaps(base.args, over.args),
  };
}

/** Entries a merged map keeps at most: inheritance chains cannot grow maps without bound. */
const MAX_MAP_ENTRIES = 128;

function mergeMaps(base: Record<string, string> | undefined, over: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!base || !over) return over ?? base;
  const merged: Record<string, string> = { ...over };
  let size = Object.keys(merged).length;
  for (const key of Object.keys(base)) {
    if (size >= MAX_MAP_ENTRIES) break;
    if (!Object.prototype.hasOwnProperty.call(merged, key)) {
      merged[key] = base[key];
      size++;
    }
  }
  return merged;
}

/** YAML aliases expanded at most this many times (the billion-laughs guard). */
const MAX_YAML_ALIASES = 100;

export function readCompose(file: string, text: string): BuildDefinition[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false });
  // Compose refuses a file that is not valid YAML: so do we.
  if (document.errors.length > 0) return [];
  // Plain data with merge keys (`<<: *defaults`) applied; aliases capped.
  const data = document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as { services?: unknown } | null;
  if (!data || typeof data !== 'object' || !data.services || typeof data.services !== 'object') return [];
  // The syntax tree gives the lines.
  const lineOf = (node: unknown) => (isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line - 1 : undefined);
  const servicesNode = isMap(document.contents) ? document.contents.get('services', true) : undefined;
  const definitions: BuildDefinition[] = [];
  for (const [name, service] of Object.entries(data.services as Record<string, unknown>).slice(0, 1000)) {
    if (!service || typeof service !== 'object') continue;
    const build = (service as { build?: unknown }).build;
    const serviceNode = isMap(servicesNode) ? servicesNode.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === name) : undefined;
    const line = lineOf(serviceNode?.key) ?? 0;
    if (typeof build === 'string') {
      definitions.push({ file, line, name, context: literal(build), platforms: [], contexts: [], args: {} });
      continue;
    }
    if (!build || typeof build !== 'object' || Array.isArray(build)) continue;
    const body = build as Record<string, unknown>;
    const buildNode = isMap(serviceNode?.value) ? serviceNode.value.get('build', true) : undefined;
    const targetNode = isMap(buildNode) ? buildNode.get('target', true) : undefined;
    definitions.push({
      file,
      line,
      name,
      context: literal(asString(body.context)),
      dockerfile: literal(asString(body.dockerfile)),
      target: literal(asString(body.target)),
      targetLine: typeof body.target === 'string' ? lineOf(targetNode) ?? line : undefined,
      platforms: asStrings(body.platforms).filter((item) => literal(item) !== undefined),
      contexts: Object.keys(composeMap(body.additional_contexts)),
      args: Object.fromEntries(Object.entries(composeMap(body.args)).filter(([, value]) => literal(value) !== undefined)),
    });
  }
  return definitions;
}

/** Compose's two spellings of a map: `{ KEY: value }` or `["KEY=value"]`. */
function composeMap(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    const record: Record<string, string> = {};
    for (const item of value) {
      if (typeof item !== 'string') continue;
      const equals = item.indexOf('=');
      const key = equals < 0 ? item : item.slice(0, equals);
      if (key && key !== '__proto__' && equals >= 0) record[key] = item.slice(equals + 1);
    }
    return record;
  }
  return asRecord(value) ?? {};
}

/**
 * The Dockerfile a build uses, workspace-relative: `<dir of the declaring file>/<context>/<dockerfile>`
 * (bake and compose both read the Dockerfile relative to the context; default `Dockerfile`).
 * Undefined when the context is not a local folder (a URL, a git or named context).
 */
export function dockerfileOf(definition: BuildDefinition): string | undefined {
  const context = contextOf(definition);
  if (context === undefined) return undefined;
  if (definition.workingFolder !== undefined && definition.dockerfile !== undefined) return normalizePath(definition.dockerfile.startsWith('/') ? definition.dockerfile : [definition.workingFolder, definition.dockerfile].filter((part) => part !== '').join('/'));
  const dockerfile = definition.dockerfile ?? 'Dockerfile';
  return dockerfile.startsWith('/') ? normalizePath(dockerfile) : normalizePath([context, dockerfile].filter((part) => part !== '').join('/'));
}

/** The build context as a workspace-relative folder (`''` for the root, a leading `..` when it climbs out); undefined when not local (URL, git). */
export function contextOf(definition: BuildDefinition): string | undefined {
  const context = definition.context ?? '.';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@') || context.includes(':')) return undefined;
  const folder = definition.workingFolder ?? (definition.file.includes('/') ? definition.file.slice(0, definition.file.lastIndexOf('/')) : '');
  return normalizePath(context.startsWith('/') ? context : [folder, context].filter((part) => part !== '' && part !== '.').join('/'));
}

/** `a/./b/../c` → `a/c`; a path climbing above the root keeps its `..`. */
function normalizePath(value: string): string {
  const parts: string[] = [];
  for (const part of value.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  return (value.startsWith('/') ? '/' : '') + parts.join('/');
}
