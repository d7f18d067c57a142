/**
 * BuildKit's build checks on FROM, ARG and the stage's one-per-stage instructions, as
 * frontend/dockerfile (instructions/parse.go, dockerfile2llb/convert.go and validations.go)
 * raises them, with its rule names and messages: run as the user types, without Docker.
 * DuplicateStageName, ReservedStageName and StageNameCasing live with the other stage-name
 * checks (stageRules). Which of them run is decided by the `# check=` directives (checkDirectives).
 */
import { parseFlags, type Flag } from '../model/flags';
import type { Instruction, Span, Word } from '../model/scanner';
import { AUTOMATIC_ARGS, DEFAULT_PLATFORMS, expandVariables, platformArgs, type GlobalArg, type Stage, type StageModel } from '../model/stageModel';
import { isValidImageReference, platformParts } from '../knowledge/baseImage';
import { buildKitSuggestion } from './buildKitSuggestion';
import { precedingComments } from './checkDirectives';
import type { Finding } from './stageRules';

export function checkBuildKitRules(model: StageModel): Finding[] {
  const findings: Finding[] = [];
  const declared = new Set([...AUTOMATIC_ARGS, ...model.globalArgs.map((arg) => arg.name)]);
  const defaults = withDefaults(model.globalArgs);
  for (const stage of model.stages) {
    fromAsCasing(model, stage, findings);
    undefinedArgsInFrom(stage, declared, findings);
    invalidDefaultArgInFrom(stage, defaults, findings);
    platformFlag(stage, findings);
    multipleInstructions(stage, findings);
  }
  definitionDescriptions(model, findings);
  return findings;
}

/** The global ARGs with their defaults, after BuildKit's automatic ones (validateBaseImagesWithDefaultArgs). */
function withDefaults(globalArgs: GlobalArg[]): GlobalArg[] {
  const args = platformArgs(DEFAULT_PLATFORMS[0]);
  for (const arg of globalArgs) {
    if (arg.rawDefault !== undefined) args.push({ ...arg, defaultValue: expandVariables(arg.rawDefault, args) });
  }
  return args;
}

/** The FROM keyword as written. */
function keywordAsWritten(model: StageModel, instruction: Instruction): string {
  return model.scanned.text.slice(instruction.keywordSpan.start, instruction.keywordSpan.end);
}

/** FromAsCasing: `FROM x as y` / `from x AS y`; a mixed-case FROM is ConsistentInstructionCasing's business. */
function fromAsCasing(model: StageModel, stage: Stage, findings: Finding[]): void {
  if (!stage.asSpan) return;
  const from = keywordAsWritten(model, stage.from);
  const as = model.scanned.text.slice(stage.asSpan.start, stage.asSpan.end);
  const lower = from === from.toLowerCase();
  const upper = from === from.toUpperCase();
  if (!lower && !upper) return;
  const wanted = lower ? as.toLowerCase() : as.toUpperCase();
  if (as === wanted) return;
  findings.push({
    code: 'FromAsCasing',
    span: stage.asSpan,
    message: `'${as}' and '${from}' keywords' casing do not match`,
    related: [],
    data: { replacement: wanted },
    directiveAnchor: stage.from,
  });
}

interface VariableUse {
  name: string;
  /** Index in the word's raw text. */
  start: number;
  end: number;
}

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Every variable a word refers to (nested defaults included), where it is written. */
function variablesOf(raw: string): VariableUse[] {
  const uses: VariableUse[] = [];
  for (const match of raw.matchAll(VARIABLE)) {
    const name = match[1] ?? match[2];
    const start = (match.index as number) + (match[1] ? 2 : 1);
    uses.push({ name, start, end: start + name.length });
  }
  return uses;
}

function wordSpan(stage: Stage, word: Word, start: number, end: number): Span {
  return stage.from.line.span(word.start + start, word.start + end);
}

/** UndefinedArgInFrom: a variable in the base or --platform that no global ARG declares (BuildKit's automatic ARGs are declared). */
function undefinedArgsInFrom(stage: Stage, declared: Set<string>, findings: Finding[]): void {
  const { flags, rest } = parseFlags(stage.from);
  const platform = flags.find((flag) => flag.name === 'platform');
  const words: { word: Word; offset: number }[] = [];
  if (rest[0]) words.push({ word: rest[0], offset: 0 });
  if (platform) words.push({ word: platform.word, offset: platform.valueStart - platform.word.start });
  const options = [...declared];
  for (const { word, offset } of words) {
    for (const use of variablesOf(word.raw.slice(offset))) {
      if (declared.has(use.name)) continue;
      const suggestion = buildKitSuggestion(use.name, options);
      findings.push({
        code: 'UndefinedArgInFrom',
        span: wordSpan(stage, word, offset + use.start, offset + use.end),
        message: `FROM argument '${use.name}' is not declared${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
        related: [],
        data: suggestion ? { replacement: suggestion } : undefined,
        directiveAnchor: stage.from,
      });
    }
  }
}

/**
 * InvalidDefaultArgInFrom: with the defaults of the global ARGs, the base is no valid image
 * reference (BuildKit checks every FROM, with or without variables; `FROM Builder` naming a
 * stage gets FromStageCasing instead).
 */
function invalidDefaultArgInFrom(stage: Stage, defaults: GlobalArg[], findings: Finding[]): void {
  if (!stage.baseSpan || stage.caseMismatchStage !== undefined) return;
  const expanded = expandVariables(stage.base, defaults);
  if (isValidImageReference(expanded)) return;
  findings.push({
    code: 'InvalidDefaultArgInFrom',
    span: stage.baseSpan,
    message: `Default value for ARG ${stage.base} results in empty or invalid base image name`,
    related: [],
  });
}

/** The `--platform` value, quotes removed, as a span inside the flag word. */
function platformValue(platform: Flag): { value: string; raw: string } {
  return { value: platform.value ?? '', raw: platform.word.raw.slice(platform.valueStart - platform.word.start) };
}

/** RedundantTargetPlatform and FromPlatformFlagConstDisallowed, on `FROM --platform=…`. */
function platformFlag(stage: Stage, findings: Finding[]): void {
  const platform = parseFlags(stage.from).flags.find((flag) => flag.name === 'platform');
  if (!platform || platform.value === undefined) return;
  const { value, raw } = platformValue(platform);
  const uses = variablesOf(raw);
  if (uses.length > 0) {
    // Only $TARGETPLATFORM was substituted and the result is it (validations.go reportRedundantTargetPlatform).
    if (new Set(uses.map((use) => use.name)).size === 1 && uses[0].name === 'TARGETPLATFORM' && /^\$(?:TARGETPLATFORM|\{TARGETPLATFORM(?::?[-+][^}]*)?\})$/.test(value) && !/^\$\{TARGETPLATFORM:?\+/.test(value)) {
      findings.push({
        code: 'RedundantTargetPlatform',
        span: platform.span,
        message: `Setting platform to predefined ${value} in FROM is redundant as this is the default behavior`,
        related: [],
        directiveAnchor: stage.from,
      });
    }
    return;
  }
  // platforms.Parse failing: the build fails later, BuildKit does not warn.
  const parsed = platformParts(value);
  if (!parsed) return;
  const name = stage.normalizedName ?? '';
  if (name.includes(parsed.os) || name.includes(parsed.architecture)) return;
  findings.push({
    code: 'FromPlatformFlagConstDisallowed',
    span: platform.valueSpan,
    message: `FROM --platform flag should not use constant value "${value}"`,
    related: [],
    directiveAnchor: stage.from,
  });
}

const ONCE_PER_STAGE = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

/**
 * MultipleInstructionsDisallowed: a second CMD, ENTRYPOINT or HEALTHCHECK in a stage. BuildKit
 * reports the earlier one (the one that is ignored), under the later one's `# check=` comments.
 */
function multipleInstructions(stage: Stage, findings: Finding[]): void {
  const last = new Map<string, Instruction>();
  for (const instruction of stage.instructions) {
    if (!ONCE_PER_STAGE.has(instruction.keyword)) continue;
    const previous = last.get(instruction.keyword);
    if (previous) {
      const written = instruction.line.text.trimStart().split(/\s/)[0];
      findings.push({
        code: 'MultipleInstructionsDisallowed',
        span: previous.span,
        message: `Multiple ${written} instructions should not be used in the same stage because only the last one will be used`,
        related: [{ span: instruction.keywordSpan, message: `the ${instruction.keyword} that is used` }],
        directiveAnchor: instruction,
      });
    }
    last.set(instruction.keyword, instruction);
  }
}

/**
 * InvalidDefinitionDescription (experimental): the comment right above an ARG or a named FROM
 * does not start with the name it describes (`# <name> <description>`, used by --call=outline).
 */
function definitionDescriptions(model: StageModel, findings: Finding[]): void {
  const comments = precedingComments(model.scanned);
  for (const instruction of model.scanned.instructions) {
    const above = comments.get(instruction);
    if (!above) continue;
    let keys: string[];
    if (instruction.keyword === 'ARG') {
      keys = instruction.words.map((word) => word.value.split('=')[0]);
    } else if (instruction.keyword === 'FROM') {
      const stage = model.stages.find((candidate) => candidate.from === instruction);
      keys = stage?.normalizedName ? [stage.normalizedName] : [];
    } else {
      continue;
    }
    if (keys.length === 0) continue;
    const first = above[above.length - 1].split(' ')[0];
    if (keys.includes(first)) continue;
    findings.push({
      code: 'InvalidDefinitionDescription',
      span: instruction.keywordSpan,
      message: `Comment for ${instruction.keyword === 'ARG' ? 'ARG' : 'FROM'} should follow the format: \`# ${keys.length > 1 ? '<arg_key>' : keys[0]} <description>\``,
      related: [],
      directiveAnchor: instruction,
    });
  }
}
