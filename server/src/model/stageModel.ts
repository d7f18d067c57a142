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

export function buildStageModel(text: string): StageModel {
  const scanned = scanDockerfile(text);
  const globalArgs: GlobalArg[] = [];
  const preamble: Instruction[] = [];
  const stages: Stage[] = [];
  for (const instruction of scanned.instructions) {
    if (instruction.keyword === 'FROM') {
      stages.push(readFrom(instruction, stages.length, globalArgs));
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') globalArgs.push(...readArgs(instruction));
      else preamble.push(instruction);
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  for (const stage of stages) {
    const last = stage.instructions[stage.instructions.length - 1];
    stage.span = { start: stage.from.span.start, end: last.span.end };
  }
  const firstIndexByName = new Map<string, number>();
  for (const stage of stages) {
    if (stage.normalizedName && !firstIndexByName.has(stage.normalizedName)) firstIndexByName.set(stage.normalizedName, stage.index);
  }
  const references: StageReference[] = [];
  for (const stage of stages) {
    const parent = resolveFromBase(stage, firstIndexByName);
    if (parent) references.push(parent);
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
        const from = parseFlags(instruction).flags.find((flag) => flag.name === 'from');
        if (from) references.push(fromFlagReference(from, instruction, stage.index, stages.length, firstIndexByName));
      } else if (instruction.keyword === 'RUN') {
        references.push(...mountReferences(instruction, stage.index, stages.length, firstIndexByName));
      }
    }
  }
  return { scanned, globalArgs, stages, references, preamble };
}

function readArgs(instruction: Instruction): GlobalArg[] {
  return instruction.words.map((word) => {
    const equals = word.value.indexOf('=');
    return {
      name: equals < 0 ? word.value : word.value.slice(0, equals),
      defaultValue: equals < 0 ? undefined : word.value.slice(equals + 1),
      span: instruction.line.span(word.start, word.end),
    };
  });
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
    const nameWord = rest[2];
    stage.name = nameWord.value;
    stage.normalizedName = nameWord.value.toLowerCase();
    stage.nameSpan = line.span(nameWord.start, nameWord.end);
    stage.asSpan = line.span(rest[1].start, rest[1].end);
  }
  return stage;
}

/** Substitutes `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alt}` with global ARG defaults. */
export function expandVariables(value: string, globalArgs: GlobalArg[]): string {
  if (!value.includes('$')) return value;
  const lookup = (name: string): string | undefined => {
    for (let i = globalArgs.length - 1; i >= 0; i--) if (globalArgs[i].name === name) return globalArgs[i].defaultValue;
    return undefined;
  };
  return value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced, op, operand, bare) => {
    const name = braced ?? bare;
    const current = lookup(name);
    if (op === ':-' || op === '-') return current ? current : operand;
    if (op === ':+' || op === '+') return current ? operand : '';
    return current ?? '';
  });
}

function resolveFromBase(stage: Stage, firstIndexByName: Map<string, number>): StageReference | undefined {
  if (!stage.baseSpan || !stage.base) return undefined;
  const wanted = stage.expandedBase.toLowerCase();
  const target = firstIndexByName.get(wanted);
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

function classify(value: string, stageCount: number, firstIndexByName: Map<string, number>): { resolution: Resolution; target?: number } {
  if (value.includes('$')) return { resolution: 'variable' };
  const byName = firstIndexByName.get(value.toLowerCase());
  if (byName !== undefined) return { resolution: 'stage', target: byName };
  if (/^[0-9]+$/.test(value)) {
    const index = Number(value);
    return index < stageCount ? { resolution: 'index', target: index } : { resolution: 'index-out-of-range' };
  }
  if (EXPLICIT_IMAGE.test(value) || value.toLowerCase() === 'scratch') return { resolution: 'image' };
  return { resolution: 'unknown-name' };
}

function fromFlagReference(flag: Flag, instruction: Instruction, inStage: number, stageCount: number, firstIndexByName: Map<string, number>): StageReference {
  const value = flag.value ?? '';
  const raw = flag.word.raw.slice(flag.valueStart - flag.word.start);
  const quoted = raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0]);
  const span = quoted ? instruction.line.span(flag.valueStart + 1, flag.word.end - 1) : flag.valueSpan;
  return { kind: 'copy', value, span, inStage, instruction, ...classify(value, stageCount, firstIndexByName) };
}

function mountReferences(instruction: Instruction, inStage: number, stageCount: number, firstIndexByName: Map<string, number>): StageReference[] {
  const references: StageReference[] = [];
  for (const flag of parseFlags(instruction).flags) {
    if (flag.name !== 'mount' || flag.value === undefined) continue;
    const raw = flag.word.raw.slice(flag.valueStart - flag.word.start);
    const fields = parseMountFields(raw, flag.valueStart);
    const mountType = (fields.find((field) => field.key === 'type')?.value ?? 'bind').toLowerCase();
    if (mountType !== 'bind' && mountType !== 'cache') continue;
    const from = fields.find((field) => field.key === 'from');
    if (!from) continue;
    const classified = classify(from.value, stageCount, firstIndexByName);
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
