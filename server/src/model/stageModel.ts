/**
 * The stage model: stages, stage references and global ARGs of a Dockerfile, resolved
 * with BuildKit's rules (moby/buildkit frontend/dockerfile/dockerfile2llb):
 * - stage names match case-insensitively;
 * - `COPY --from=X` / `RUN --mount=...,from=X` look X up among all stage names, then as a
 *   stage index, and otherwise pull X as an image;
 * - `FROM X` uses a stage only when X, as written after ARG expansion, is the (lower-cased)
 *   name of a stage defined above (`addState` looks the name up case-sensitively); otherwise X
 *   is an image (`scratch`: the empty image, never pulled);
 * - a later `AS name` replaces an earlier one: `--from=name` binds the last stage of that name,
 *   `FROM name` the latest one above;
 * - the platform ARGs (TARGETPLATFORM, TARGETARCH, BUILDPLATFORM, ...) are defined in the global
 *   scope without any ARG, so `FROM base-${TARGETARCH}` selects a stage per platform.
 * No LSP or VS Code types in here.
 */
import { parseFlags, parseMountFields, type Flag } from './flags';
import { scanDockerfile, type Instruction, type ScannedDockerfile, type Span } from './scanner';

export interface GlobalArg {
  name: string;
  /** The default with the ARGs above substituted (for the first platform); undefined without `=`. */
  defaultValue?: string;
  /** The default as written. */
  rawDefault?: string;
  span: Span;
  /** One of BuildKit's automatic platform ARGs. */
  automatic?: boolean;
}

export interface Stage {
  index: number;
  /** Name as written after AS. */
  name?: string;
  /** Lower-cased name: what BuildKit matches on. */
  normalizedName?: string;
  nameSpan?: Span;
  /** The `AS` keyword, when present. */
  asSpan?: Span;
  /** Base as written (may hold variables); empty for `FROM` with no argument. */
  base: string;
  baseSpan?: Span;
  /** Base with global ARG defaults substituted. */
  expandedBase: string;
  /** Index of the stage this one builds on (`FROM <stage defined above>`) for the first platform. */
  parentStage?: number;
  /** Every stage this one builds on for some platform of the model (`FROM base-${TARGETARCH}`). */
  parentStages: number[];
  /** Set when `FROM X` differs from a stage name above only in case: BuildKit pulls the image X instead. */
  caseMismatchStage?: number;
  platform?: string;
  platformSpan?: Span;
  from: Instruction;
  /** From the FROM keyword to the end of the stage's last instruction. */
  span: Span;
  /** The stage's instructions, FROM first. ONBUILD triggers are kept as ONBUILD instructions. */
  instructions: Instruction[];
}

export type ReferenceKind = 'copy' | 'mount' | 'from';

/** How BuildKit treats a reference's value. */
export type Resolution =
  /** A stage, defined above (valid) or not (see `target`). */
  | 'stage'
  /** A numeric index inside the stage count. */
  | 'index'
  /** A numeric index past the last stage. */
  | 'index-out-of-range'
  /** An explicit image reference (has `:`, `/` or `@`), or scratch. */
  | 'image'
  /** A bare name that is no stage: BuildKit pulls docker.io/library/<name>. */
  | 'unknown-name'
  /** Holds `$`: refused by BuildKit for COPY --from. */
  | 'variable';

export interface StageReference {
  kind: ReferenceKind;
  /** The value as written, quotes removed. */
  value: string;
  span: Span;
  /** Index of the stage the reference stands in. */
  inStage: number;
  instruction: Instruction;
  resolution: Resolution;
  /** The stage referred to, for 'stage' and 'index' (may be the current or a later one: that is an error). */
  target?: number;
  /** For mounts: the mount type (bind by default). */
  mountType?: string;
}

/** An `ONBUILD COPY --from=X`: it binds in the stages built FROM the declaring stage, not in it. */
export interface OnbuildReference {
  value: string;
  span: Span;
  declaredIn: number;
  instruction: Instruction;
  /** The stage X names, as a `--from` of a child stage in this file would bind it. */
  target?: number;
}

export interface StageModel {
  scanned: ScannedDockerfile;
  globalArgs: GlobalArg[];
  /** Target platforms the model resolved `FROM` lines for (the first one is the default). */
  platforms: string[];
  /** The first of `platforms`: those the user builds (asked for, or the default), without the `FROM --platform` constants added. */
  builtPlatformCount: number;
  onbuildReferences: OnbuildReference[];
  stages: Stage[];
  references: StageReference[];
  /** Instructions before the first FROM other than ARG (BuildKit rejects them). */
  preamble: Instruction[];
}

const EXPLICIT_IMAGE = /[:/@]/;

/** A stage as running text names it after the word "stage": `'builder'`, or its index when unnamed (`stage 0`). */
export function stageLabel(stage: { name?: string; index: number }): string {
  return stage.name ? `'${stage.name}'` : `${stage.index}`;
}

/** A stage as a heading or a lens names it: `builder`, or `stage 0` when unnamed. */
export function stageTitle(stage: { name?: string; index: number }): string {
  return stage.name ?? `stage ${stage.index}`;
}

/**
 * The stage `--target <name>` selects: matched by name, case-insensitively, as BuildKit does (no
 * index); of stages sharing the name, the last one (a later `AS name` replaces the earlier).
 */
export function stageNamed(model: StageModel, name: string): Stage | undefined {
  const lower = name.toLowerCase();
  for (let i = model.stages.length - 1; i >= 0; i--) if (model.stages[i].normalizedName === lower) return model.stages[i];
  return undefined;
}

/**
 * The index of the stage a build targets, leniently, for the editor and the estimate: the named
 * stage, else a stage index, else the last stage (also when `target` is empty); -1 without stages.
 * The CLI refuses an unknown `--target` before it gets here, as BuildKit does.
 */
export function resolveTargetIndex(model: StageModel, target: string | undefined): number {
  const last = model.stages.length - 1;
  if (!target) return last;
  const named = stageNamed(model, target);
  if (named) return named.index;
  return /^[0-9]+$/.test(target) && Number(target) <= last ? Number(target) : last;
}


/** The platforms a stage is judged for when the user names none: what `docker buildx` users build most. */
export const DEFAULT_PLATFORMS: readonly string[] = ['linux/amd64', 'linux/arm64'];

export interface StageModelOptions {
  /**
   * The target platforms the user builds (the `stagecraft.platforms` setting, the CLI's
   * `--platform`, bake and compose `platforms`); default DEFAULT_PLATFORMS. Constants in
   * `FROM --platform` are added to them.
   */
  platforms?: readonly string[];
}

/** BuildKit's automatic global ARGs for a (build, target) platform pair (dockerfile2llb defaultArgs). */
export function platformArgs(target: string, build: string = target): GlobalArg[] {
  const span = { start: 0, end: 0 };
  const parts = (platform: string) => {
    const [os = '', arch = '', variant = ''] = platform.split('/');
    return { os, arch, variant };
  };
  const t = parts(target);
  const b = parts(build);
  const pairs: [string, string][] = [
    ['BUILDPLATFORM', build], ['BUILDOS', b.os], ['BUILDOSVERSION', ''], ['BUILDARCH', b.arch], ['BUILDVARIANT', b.variant],
    ['TARGETPLATFORM', target], ['TARGETOS', t.os], ['TARGETOSVERSION', ''], ['TARGETARCH', t.arch], ['TARGETVARIANT', t.variant],
  ];
  return pairs.map(([name, value]) => ({ name, defaultValue: value, span, automatic: true }));
}

/** The names BuildKit defines in the global scope by itself (TARGETSTAGE too). */
export const AUTOMATIC_ARGS: ReadonlySet<string> = new Set([...platformArgs('linux/amd64').map((arg) => arg.name), 'TARGETSTAGE']);

/** Platforms a model resolves `FROM` lines for, at most: each one is a pass over the stages. */
export const MAX_MODEL_PLATFORMS = 8;

const CONSTANT_PLATFORM = /^[a-z0-9_.-]+\/[a-z0-9_.-]+(\/[a-z0-9_.-]+)?$/i;

function modelPlatforms(instructions: Instruction[], requested: readonly string[] | undefined): { platforms: string[]; built: number } {
  const platforms: string[] = [];
  const add = (value: string) => {
    const lower = value.toLowerCase();
    if (platforms.length < MAX_MODEL_PLATFORMS && CONSTANT_PLATFORM.test(lower) && !platforms.includes(lower)) platforms.push(lower);
  };
  for (const platform of requested && requested.length > 0 ? requested : DEFAULT_PLATFORMS) add(platform);
  if (platforms.length === 0) platforms.push(DEFAULT_PLATFORMS[0]);
  const built = platforms.length;
  for (const instruction of instructions) {
    if (platforms.length >= MAX_MODEL_PLATFORMS) break;
    if (instruction.keyword !== 'FROM') continue;
    const value = parseFlags(instruction).flags.find((flag) => flag.name === 'platform')?.value;
    if (value) add(value);
  }
  return { platforms, built };
}

export function buildStageModel(text: string, options: StageModelOptions = {}): StageModel {
  const scanned = scanDockerfile(text);
  const { platforms, built: builtPlatformCount } = modelPlatforms(scanned.instructions, options.platforms);
  const globalArgs: GlobalArg[] = [];
  const preamble: Instruction[] = [];
  const stages: Stage[] = [];
  for (const instruction of scanned.instructions) {
    if (instruction.keyword === 'FROM') {
      stages.push(readFrom(instruction, stages.length, globalArgs));
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') readArgs(instruction, globalArgs);
      else preamble.push(instruction);
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  for (const stage of stages) {
    const last = stage.instructions[stage.instructions.length - 1];
    stage.span = { start: stage.from.span.start, end: last.span.end };
  }
  // BuildKit keeps one stage per (lower-cased) name, the last one defined: `--from` finds it
  // among all stages, `FROM` among the stages above.
  const firstIndexByName = new Map<string, number>();
  const lastIndexByName = new Map<string, number>();
  for (const stage of stages) {
    if (!stage.normalizedName) continue;
    if (!firstIndexByName.has(stage.normalizedName)) firstIndexByName.set(stage.normalizedName, stage.index);
    lastIndexByName.set(stage.normalizedName, stage.index);
  }
  // The global ARGs as BuildKit sees them for each platform: the automatic ones first, then the
  // file's (a declared ARG without default keeps the automatic value).
  const variants = platforms.map((platform) => withUserArgs(platformArgs(platform), globalArgs));
  const namesAbove = new Map<string, number>();
  const references: StageReference[] = [];
  const onbuildReferences: OnbuildReference[] = [];
  for (const stage of stages) {
    stage.expandedBase = stage.base ? expandVariables(stage.base, variants[0]) : '';
    const parent = resolveFromBase(stage, namesAbove, firstIndexByName);
    if (parent) references.push(parent);
    for (let v = 1; v < variants.length && stage.base.includes('$'); v++) {
      const other = namesAbove.get(expandVariables(stage.base, variants[v]));
      if (other !== undefined && !stage.parentStages.includes(other)) stage.parentStages.push(other);
    }
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'ONBUILD') {
        const trigger = onbuildCopyFrom(instruction, stage.index, lastIndexByName);
        if (trigger) onbuildReferences.push(trigger);
        continue;
      }
      // Only COPY has --from (BuildKit refuses `ADD --from` as an unknown flag).
      if (instruction.keyword === 'COPY') {
        const from = parseFlags(instruction).flags.find((flag) => flag.name === 'from');
        // An empty --from copies from the build context, as if there were none.
        if (from?.value) references.push(fromFlagReference(from, instruction, stage.index, stages.length, lastIndexByName));
      } else if (instruction.keyword === 'RUN') {
        references.push(...mountReferences(instruction, stage.index, stages.length, lastIndexByName));
      }
    }
    if (stage.normalizedName) namesAbove.set(stage.normalizedName, stage.index);
  }
  return { scanned, globalArgs, platforms, builtPlatformCount, onbuildReferences, stages, references, preamble };
}

/** The global ARGs as BuildKit sees them when it builds for `platform` (the automatic ones, then the file's). */
export function globalArgsFor(model: StageModel, platform: string): GlobalArg[] {
  return withUserArgs(platformArgs(platform), model.globalArgs);
}

/** The automatic ARGs overridden by the file's global ARGs that have a value, each expanded as BuildKit does. */
function withUserArgs(automatic: GlobalArg[], declared: GlobalArg[]): GlobalArg[] {
  const args = [...automatic];
  for (const arg of declared) {
    if (arg.rawDefault === undefined) continue;
    args.push({ ...arg, defaultValue: expandVariables(arg.rawDefault, args) });
  }
  return args;
}

/** `ONBUILD COPY --from=X ...`: X as a child stage in this file would bind it. */
function onbuildCopyFrom(instruction: Instruction, declaredIn: number, indexByName: Map<string, number>): OnbuildReference | undefined {
  const words = instruction.words;
  if (words.length < 2 || words[0].value.toUpperCase() !== 'COPY') return undefined;
  for (const word of words.slice(1)) {
    if (!word.raw.startsWith('--')) break;
    const match = /^--from=(.*)$/i.exec(word.value);
    if (!match || !match[1]) continue;
    const at = word.raw.indexOf('=') + 1;
    return {
      value: match[1],
      span: instruction.line.span(word.start + at, word.end),
      declaredIn,
      instruction,
      target: indexByName.get(match[1].toLowerCase()),
    };
  }
  return undefined;
}

/** Appends the ARGs of a global ARG instruction; each default is expanded with the ARGs before it, as BuildKit does. */
function readArgs(instruction: Instruction, globalArgs: GlobalArg[]): void {
  for (const word of instruction.words) {
    const equals = word.value.indexOf('=');
    const rawDefault = equals < 0 ? undefined : word.value.slice(equals + 1);
    globalArgs.push({
      name: equals < 0 ? word.value : word.value.slice(0, equals),
      defaultValue: rawDefault === undefined ? undefined : expandVariables(rawDefault, withUserArgs(platformArgs(DEFAULT_PLATFORMS[0]), globalArgs)),
      rawDefault,
      span: instruction.line.span(word.start, word.end),
    });
  }
}

function readFrom(instruction: Instruction, index: number, globalArgs: GlobalArg[]): Stage {
  const { flags, rest } = parseFlags(instruction);
  const platform = flags.find((flag) => flag.name === 'platform');
  const line = instruction.line;
  const baseWord = rest[0];
  const stage: Stage = {
    index,
    base: baseWord ? baseWord.value : '',
    baseSpan: baseWord ? line.span(baseWord.start, baseWord.end) : undefined,
    // Expanded with the platform ARGs once the model's platforms are known.
    expandedBase: baseWord ? baseWord.value : '',
    platform: platform?.value,
    platformSpan: platform?.valueSpan,
    parentStages: [],
    from: instruction,
    span: instruction.span,
    instructions: [instruction],
  };
  if (rest.length >= 3 && rest[1].value.toLowerCase() === 'as') {
    // BuildKit takes the name as written: quotes are not removed (and make it invalid).
    const nameWord = rest[2];
    stage.name = nameWord.raw;
    stage.normalizedName = nameWord.raw.toLowerCase();
    stage.nameSpan = line.span(nameWord.start, nameWord.end);
    stage.asSpan = line.span(rest[1].start, rest[1].end);
  }
  return stage;
}

/**
 * Substitutes `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}` and
 * `${NAME+alt}` with global ARG defaults. A global ARG without default is unset, as in
 * BuildKit's buildMetaArgs (only ARGs with a value enter the environment).
 */
export function expandVariables(value: string, globalArgs: GlobalArg[]): string {
  if (!value.includes('$')) return value;
  const lookup = (name: string): string | undefined => {
    for (let i = globalArgs.length - 1; i >= 0; i--) if (globalArgs[i].name === name && globalArgs[i].defaultValue !== undefined) return globalArgs[i].defaultValue;
    return undefined;
  };
  return value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced, op, operand, bare) => {
    const name = braced ?? bare;
    const current = lookup(name);
    switch (op) {
      case ':-': return current ? current : operand;
      case '-': return current !== undefined ? current : operand;
      case ':+': return current ? operand : '';
      case '+': return current !== undefined ? operand : '';
      default: return current ?? '';
    }
  });
}

/**
 * `FROM x` builds on the last stage named x above (x as written: names are stored lower-cased,
 * so `FROM Builder` is no stage); when none is, x is pulled as an image, and a stage named x at
 * or below this one is reported (target >= inStage). `FROM scratch` is the empty image unless a
 * stage above is named scratch.
 */
function resolveFromBase(stage: Stage, namesAbove: Map<string, number>, firstIndexByName: Map<string, number>): StageReference | undefined {
  if (!stage.baseSpan || !stage.base) return undefined;
  const wanted = stage.expandedBase;
  let target = namesAbove.get(wanted);
  if (target === undefined) {
    const caseInsensitive = namesAbove.get(wanted.toLowerCase());
    if (caseInsensitive !== undefined) {
      stage.caseMismatchStage = caseInsensitive;
      return undefined;
    }
    if (wanted === 'scratch') return undefined;
    target = firstIndexByName.get(wanted);
  }
  if (target === undefined) return undefined;
  if (target < stage.index) {
    stage.parentStage = target;
    stage.parentStages.push(target);
  }
  return {
    kind: 'from',
    value: stage.base,
    span: stage.baseSpan,
    inStage: stage.index,
    instruction: stage.from,
    resolution: 'stage',
    target,
  };
}

/** What Go's strconv.Atoi accepts: BuildKit tries a --from value as a stage index first. */
const STAGE_INDEX = /^[+-]?[0-9]+$/;

/**
 * How BuildKit resolves a --from (or mount from=) value. `COPY --from` tries a number as a stage
 * index first; mounts look names up only, so there `from=0` is an image called `0`.
 */
function classify(value: string, stageCount: number, indexByName: Map<string, number>, acceptsIndex = true): { resolution: Resolution; target?: number } {
  // Only COPY --from tries a number as a stage index; `from=0` on a mount is a name.
  if (value.includes('$')) return { resolution: 'variable' };
  if (acceptsIndex && STAGE_INDEX.test(value)) {
    const index = Number(value);
    return index >= 0 && index < stageCount ? { resolution: 'index', target: index } : { resolution: 'index-out-of-range' };
  }
  const byName = indexByName.get(value.toLowerCase());
  if (byName !== undefined) return { resolution: 'stage', target: byName };
  if (EXPLICIT_IMAGE.test(value) || value.toLowerCase() === 'scratch') return { resolution: 'image' };
  return { resolution: 'unknown-name' };
}

function fromFlagReference(flag: Flag, instruction: Instruction, inStage: number, stageCount: number, indexByName: Map<string, number>): StageReference {
  const value = flag.value ?? '';
  const raw = flag.word.raw.slice(flag.valueStart - flag.word.start);
  const quoted = raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0]);
  const span = quoted ? instruction.line.span(flag.valueStart + 1, flag.word.end - 1) : flag.valueSpan;
  return { kind: 'copy', value, span, inStage, instruction, ...classify(value, stageCount, indexByName) };
}

function mountReferences(instruction: Instruction, inStage: number, stageCount: number, indexByName: Map<string, number>): StageReference[] {
  const references: StageReference[] = [];
  for (const flag of parseFlags(instruction).flags) {
    if (flag.name !== 'mount' || flag.value === undefined) continue;
    const raw = flag.word.raw.slice(flag.valueStart - flag.word.start);
    const fields = parseMountFields(raw, flag.valueStart);
    const mountType = (fields.find((field) => field.key === 'type')?.value ?? 'bind').toLowerCase();
    if (mountType !== 'bind' && mountType !== 'cache') continue;
    const from = fields.find((field) => field.key === 'from');
    if (!from || !from.value) continue;
    const classified = classify(from.value, stageCount, indexByName, false);
    // BuildKit refuses a `$` in from= when it parses the file ('from' doesn't support variable
    // expansion), unless it is the last character.
    if (classified.resolution === 'variable' && from.value.indexOf('$') === from.value.length - 1) classified.resolution = 'unknown-name';
    references.push({
      kind: 'mount',
      value: from.value,
      span: instruction.line.span(from.valueStart, from.valueEnd),
      inStage,
      instruction,
      mountType,
      ...classified,
    });
  }
  return references;
}
