/**
 * The size estimate of a Dockerfile: per stage, the base image plus what each COPY, ADD and RUN
 * adds, with where each number comes from and a low–high range; the final image is the target
 * stage (the last one unless a target is given) with the stages it is built FROM.
 */
import { parseFlags, parseMountFields } from '../model/flags';
import { parseExecForm, type Instruction } from '../model/scanner';
import { reachableStages, type StageGraph } from '../model/stageGraph';
import { expandVariables, resolveTargetIndex, stageLabel, stageTitle, type Stage, type StageModel } from '../model/stageModel';
import type { ImageSizeResult } from '../registry/types';
import { buildsStaticBinary } from '../knowledge/binaryLinking';
import { alternativesFor } from './alternatives';
import { estimateBaseImage, fromRegistry, unknownImage, type BaseImageEstimate } from './baseImage';
import type { BuildContext } from './buildContext';
import { shippedCatalog } from './catalogData';
import { copyFromContext, copyFromStage, type CopyArguments } from './copyStep';
import { formatPlatform, parsePlatform } from '../registry/platform';
import { DEFAULT_PLATFORM } from './platform';
import { estimateRun } from './runStep';
import { addFigures, clampFigure, exactFigure, formatBytes, MAX_FIGURE_BYTES, overflows, type SizeFigure } from './sizeFigure';
import type { SizeCatalog } from './sizeCatalog';
import type { PartEstimate, PartSource, SizeEstimate, StageEstimate, StageRole } from './sizeEstimate';
import { resolveIn, StageFiles } from './stageFiles';

export interface EstimateOptions {
  /** Shown in the result (`file`). */
  file: string;
  /** The build context, already read (see `readBuildContext`); without it COPY from the context is a guess. */
  context?: BuildContext;
  /** Platform setting / `--platform` (default linux/amd64); a FROM's own `--platform` wins for its stage. */
  platform?: string;
  /** Target stage name or index (default: the last stage). */
  target?: string;
  catalog?: SizeCatalog;
  /** Registry answers by `lookupKey(image, platform)`. */
  remote?: ReadonlyMap<string, ImageSizeResult>;
  /** Sizes of images measured elsewhere (a local build), by image reference as written. */
  knownImages?: ReadonlyMap<string, { uncompressed: number; compressed: number }>;
  /** Ask for registry look-ups of images the catalog does not know exactly (default true). */
  wantLookups?: boolean;
}

export function lookupKey(image: string, platform: string): string {
  return `${image}|${platform}`;
}

interface StageState {
  files: StageFiles;
  workdir: string;
  env: Map<string, string>;
  commands: string;
  total: SizeFigure;
  rootBase?: BaseImageEstimate;
}

export function estimateDockerfile(model: StageModel, graph: StageGraph, options: EstimateOptions): SizeEstimate {
  const catalog = options.catalog ?? shippedCatalog();
  const requested = parsePlatform(options.platform) ?? parsePlatform(DEFAULT_PLATFORM)!;
  const platform = formatPlatform(requested);
  const targetIndex = resolveTargetIndex(model, options.target);
  const reachable = targetIndex >= 0 ? reachableStages(graph, targetIndex) : new Set<number>();
  const shippedChain = new Set<number>();
  for (let index: number | undefined = targetIndex; index !== undefined && index >= 0 && !shippedChain.has(index); index = model.stages[index].parentStage) shippedChain.add(index);
  const notes: string[] = [];
  const pendingLookups: { image: string; platform: string }[] = [];
  const states: StageState[] = [];
  const stages: StageEstimate[] = [];

  for (const stage of model.stages) {
    const stagePlatform = platformOf(stage, model, platform);
    const parent = stage.parentStage !== undefined ? states[stage.parentStage] : undefined;
    const baseLine = stage.from.startLine;
    let basePart: PartEstimate;
    let state: StageState;
    if (parent) {
      const parentStage = model.stages[stage.parentStage!];
      basePart = { line: baseLine, kind: 'base', bytes: parent.total, source: 'stage', detail: `everything of stage ${stageLabel(parentStage)}` };
      state = { files: StageFiles.inherit(parent.files), workdir: parent.workdir, env: new Map(parent.env), commands: parent.commands, total: parent.total, rootBase: parent.rootBase };
    } else {
      const base = baseImageFor(stage.expandedBase, stagePlatform, catalog, options, notes, pendingLookups);
      basePart = { line: baseLine, kind: 'base', bytes: { compressed: base.compressed, uncompressed: base.uncompressed, low: base.low, high: base.high }, source: baseSource(base), detail: base.note };
      state = { files: new StageFiles(), workdir: '/', env: new Map(), commands: '', total: basePart.bytes, rootBase: base };
    }
    const parts: PartEstimate[] = [basePart];
    for (const instruction of stage.instructions.slice(1)) {
      const part = estimateInstruction(instruction, stage, model, state, states, options);
      if (part && overflows(part.bytes)) {
        // Past 2^53 bytes no figure is exact, and the JSON contract needs integers: clamp and say so.
        part.bytes = clampFigure(part.bytes);
        part.detail = `${part.detail} (clamped to ${formatBytes(MAX_FIGURE_BYTES)}: the command asks for more)`;
        notes.push(`line ${part.line + 1}: a size past ${formatBytes(MAX_FIGURE_BYTES)} was clamped`);
      }
      if (part) parts.push(part);
    }
    state.total = addFigures(...parts.map((part) => part.bytes));
    states.push(state);
    const role: StageRole = stage.index === targetIndex ? 'final' : shippedChain.has(stage.index) ? 'shipped' : reachable.has(stage.index) ? 'built' : 'not-built';
    stages.push({
      index: stage.index,
      name: stage.name,
      base: parent ? model.stages[stage.parentStage!].name ?? String(stage.parentStage) : stage.expandedBase,
      shipped: shippedChain.has(stage.index),
      role,
      bytes: state.total,
      parts,
      platform: stagePlatform,
      line: baseLine,
    });
  }

  const final = targetIndex >= 0 ? stages[targetIndex].bytes : { compressed: 0, uncompressed: 0, low: 0, high: 0 };
  const builderStage = stages
    .filter((stage) => stage.role === 'built')
    .sort((a, b) => b.bytes.uncompressed - a.bytes.uncompressed)[0];
  if (options.context?.truncated) notes.push('the build context walk stopped at its limit: context sizes are a lower bound');
  const target = targetIndex >= 0 ? model.stages[targetIndex].name ?? String(targetIndex) : '';
  const finalState = targetIndex >= 0 ? states[targetIndex] : undefined;
  return {
    file: options.file,
    platform: targetIndex >= 0 ? stages[targetIndex].platform : platform,
    target,
    targetIndex,
    stages,
    final,
    builder: builderStage ? { index: builderStage.index, name: stageTitle(builderStage), bytes: builderStage.bytes } : undefined,
    alternatives: finalState?.rootBase ? alternativesFor(finalState.rootBase, final, shipsStaticBinary(model, graph, targetIndex), targetIndex >= 0 ? stages[targetIndex].platform : platform, catalog) : [],
    notes: [...new Set(notes)],
    pendingLookups: options.wantLookups === false ? [] : pendingLookups,
  };
}

/** The target stage runs a static binary: it builds one, or takes one from a stage it depends on. */
function shipsStaticBinary(model: StageModel, graph: StageGraph, targetIndex: number): boolean {
  return [targetIndex, ...graph.dependencies[targetIndex]].some((index) => buildsStaticBinary(model, model.stages[index]));
}

function platformOf(stage: Stage, model: StageModel, requested: string): string {
  if (!stage.platform) return requested;
  const expanded = expandVariables(stage.platform.replace(/\$\{?(BUILDPLATFORM|TARGETPLATFORM)\}?/g, requested), model.globalArgs);
  const parsed = parsePlatform(expanded);
  return parsed ? formatPlatform(parsed) : requested;
}

function baseSource(base: BaseImageEstimate): PartSource {
  if (base.source === 'unknown') return 'heuristic';
  return base.source;
}

function baseImageFor(image: string, platform: string, catalog: SizeCatalog, options: EstimateOptions, notes: string[], pending: { image: string; platform: string }[]): BaseImageEstimate {
  if (!image || image.includes('$')) return unknownImage(image || '(none)', 'the base image could not be read');
  if (image.toLowerCase() === 'scratch') return estimateBaseImage(image, platform, catalog)!;
  const known = options.knownImages?.get(image);
  if (known) return { image, source: 'measured', ...exactFigure(known.uncompressed, known.compressed), note: 'measured image size' };
  const fromCatalog = estimateBaseImage(image, platform, catalog);
  const remote = options.remote?.get(lookupKey(image, platform));
  if (remote?.ok) return fromRegistry(image, remote.size, catalog);
  if (remote && !remote.ok) notes.push(`registry unreachable for ${image} (${remote.reason}): catalog figure`);
  else pending.push({ image, platform });
  return fromCatalog ?? unknownImage(image, `${image} is not in the catalog`);
}

function restText(instruction: Instruction): { text: string; words: string[] } {
  const { rest } = parseFlags(instruction);
  if (rest.length === 0) return { text: '', words: [] };
  return { text: instruction.line.text.slice(rest[0].start), words: rest.map((word) => word.value) };
}

function copyArguments(instruction: Instruction): CopyArguments {
  const { text, words } = restText(instruction);
  let all = words;
  const exec = parseExecForm(text);
  if (exec) all = exec;
  const heredocs = new Map(instruction.heredocs.map((heredoc) => [heredoc.delimiter, heredoc.body]));
  return { sources: all.slice(0, -1), destination: all[all.length - 1] ?? '.', heredocs };
}

function estimateInstruction(instruction: Instruction, stage: Stage, model: StageModel, state: StageState, states: StageState[], options: EstimateOptions): PartEstimate | undefined {
  const line = instruction.startLine;
  switch (instruction.keyword) {
    case 'WORKDIR': {
      const { words } = restText(instruction);
      if (words[0]) state.workdir = resolveIn(state.workdir, expandWith(words[0], state.env));
      return undefined;
    }
    case 'ENV': {
      const { words } = restText(instruction);
      if (words.length === 2 && !words[0].includes('=')) state.env.set(words[0], words[1]);
      else for (const word of words) if (word.includes('=')) state.env.set(word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1));
      return undefined;
    }
    case 'COPY':
    case 'ADD': {
      const args = copyArguments(instruction);
      const kind = instruction.keyword === 'COPY' ? 'copy' : 'add';
      const reference = copyReferences(model).get(instruction);
      if (!reference) {
        const estimate = copyFromContext(args, options.context, state.files, state.workdir, kind === 'add');
        return { line, kind, ...estimate };
      }
      const fromIndex = reference.target;
      if (fromIndex !== undefined && fromIndex < stage.index && (reference.resolution === 'stage' || reference.resolution === 'index')) {
        const from = states[fromIndex];
        const estimate = copyFromStage(args, { name: stageLabel(model.stages[fromIndex]), files: from.files, commands: from.commands }, options.context, state.files, state.workdir);
        return { line, kind, ...estimate };
      }
      // An image (`--from=golang:1.22`): what it holds at that path is unknown offline.
      const estimate = copyFromStage(args, { name: reference.value, files: new StageFiles(), commands: '' }, undefined, state.files, state.workdir);
      return { line, kind, ...estimate, detail: `from image ${reference.value}: ${estimate.detail}` };
    }
    case 'RUN': {
      const { flags } = parseFlags(instruction);
      const cacheTargets: string[] = [];
      for (const flag of flags) {
        if (flag.name !== 'mount' || flag.value === undefined) continue;
        const fields = parseMountFields(flag.value, 0);
        const type = fields.find((field) => field.key === 'type')?.value ?? 'bind';
        const target = fields.find((field) => ['target', 'dst', 'destination'].includes(field.key))?.value;
        if (target && (type === 'cache' || type === 'tmpfs' || type === 'bind' || type === 'secret')) cacheTargets.push(resolveIn(state.workdir, target));
      }
      let { text } = restText(instruction);
      const exec = parseExecForm(text);
      if (exec) text = exec.slice(exec[1] === '-c' ? 2 : 0).join(' ');
      const script = [text, ...instruction.heredocs.map((heredoc) => heredoc.body)].join('\n');
      state.commands += `\n${script}`;
      const run = estimateRun({ script: expandWith(script, state.env), cacheTargets, workdir: state.workdir, env: state.env, files: state.files, context: options.context, baseImage: state.rootBase?.image });
      return { line, kind: 'run', bytes: run.bytes, source: run.exact ? 'command' : 'heuristic', detail: run.detail };
    }
    default:
      return undefined;
  }
}

const copyReferenceCache = new WeakMap<StageModel, Map<Instruction, StageModel['references'][number]>>();

/** Each COPY's `--from` reference, indexed once per model (a search per COPY was quadratic). */
function copyReferences(model: StageModel): Map<Instruction, StageModel['references'][number]> {
  let index = copyReferenceCache.get(model);
  if (!index) {
    index = new Map();
    for (const reference of model.references) if (reference.kind === 'copy' && !index.has(reference.instruction)) index.set(reference.instruction, reference);
    copyReferenceCache.set(model, index);
  }
  return index;
}

function expandWith(text: string, env: Map<string, string>): string {
  if (!text.includes('$')) return text;
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced, bare) => env.get(braced ?? bare) ?? match);
}
