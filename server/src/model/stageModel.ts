/**
 * The stage model: stages, stage references and global ARGs of a Dockerfile, resolved
 * with BuildKit's rules (moby/buildkit frontend/dockerfile/dockerfile2llb):
 * - stage names match case-insensitively;
 * - `COPY --from=X` / `RUN --mount=...,from=X` look X up among all stage names, then as a
 *   stage index, and otherwise pull X as an image;
 * - `FROM X` uses a stage only when X was defined above; otherwise X is an image.
 * No LSP or VS Code types in here.
 */
import { parseFlags, parseMountFields, type Flag } from './flags';
import { scanDockerfile, type Instruction, type ScannedDockerfile, type Span } from './scanner';

export interface GlobalArg {
  name: string;
  defaultValue?: string;
  span: Span;
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
  /** Index of the stage this one builds on (`FROM <stage defined above>`). */
  parentStage?: number;
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

export interface StageModel {
  scanned: ScannedDockerfile;
  globalArgs: GlobalArg[];
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

/** The stage `--target <name>` selects: matched by name, case-insensitively, as BuildKit does (no index). */
export function stageNamed(model: StageModel, name: string): Stage | undefined {
  const lower = name.toLowerCase();
  return model.stages.find((stage) => stage.normalizedName === lower);
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

export function buildStageModel(text: string): StageModel {
  const scanned = scanDockerfile(text);
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
  const namesAbove = new Map<string, number>();
  const references: StageReference[] = [];
  for (const stage of stages) {
    const parent = resolveFromBase(stage, namesAbove, firstIndexByName);
    if (parent) references.push(parent);
    for (const instruction of stage.instructions) {
      // Only COPY has --from (BuildKit refuses `ADD --from` as an unknown flag); ONBUILD triggers are not judged.
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
  return { scanned, globalArgs, stages, references, preamble };
}

/** Appends the ARGs of a global ARG instruction; each default is expanded with the ARGs before it, as BuildKit does. */
function readArgs(instruction: Instruction, globalArgs: GlobalArg[]): void {
  for (const word of instruction.words) {
    const equals = word.value.indexOf('=');
    globalArgs.push({
      name: equals < 0 ? word.value : word.value.slice(0, equals),
      defaultValue: equals < 0 ? undefined : expandVariables(word.value.slice(equals + 1), globalArgs),
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
    expandedBase: baseWord ? expandVariables(baseWord.value, globalArgs) : '',
    platform: platform?.value,
    platformSpan: platform?.valueSpan,
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
 * `${NAME+alt}` with global ARG defaults. A declared ARG without default is set and empty
 * (BuildKit maps it to ""); an undeclared one is unset.
 */
export function expandVariables(value: string, globalArgs: GlobalArg[]): string {
  if (!value.includes('$')) return value;
  const lookup = (name: string): string | undefined => {
    for (let i = globalArgs.length - 1; i >= 0; i--) if (globalArgs[i].name === name) return globalArgs[i].defaultValue ?? '';
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
 * `FROM x` builds on the last stage named x above; when none is, x is pulled as an image, and a
 * stage named x at or below this one is reported (target >= inStage).
 */
function resolveFromBase(stage: Stage, namesAbove: Map<string, number>, firstIndexByName: Map<string, number>): StageReference | undefined {
  if (!stage.baseSpan || !stage.base) return undefined;
  const wanted = stage.expandedBase.toLowerCase();
  const target = namesAbove.get(wanted) ?? firstIndexByName.get(wanted);
  if (target === undefined) return undefined;
  if (target < stage.index) stage.parentStage = target;
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
    // BuildKit expands variables in mount options, so `from=$X` is not refused there.
    if (classified.resolution === 'variable') continue;
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
