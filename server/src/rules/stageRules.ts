/**
 * The multi-stage checks: stage names and stage references judged with BuildKit's rules.
 * Input is the stage model; output is findings on document spans (no LSP types).
 */
import { lastAtOrBefore, type Instruction, type Span } from '../model/scanner';
import { namedContexts, type TargetMention } from '../workspace/targetMentions';
import { resolveTargetIndex, stageLabel, stageNamed, type Stage, type StageModel, type StageReference } from '../model/stageModel';
import { buildStageGraph, reachableStages, stageCycles, type StageGraph } from '../model/stageGraph';
import { stageNameIndex, type StageNameIndex } from './nameDistance';
import { buildKitSuggestion } from './buildKitSuggestion';
import type { RuleCode, RuleSeverity } from './ruleCatalog';

export interface RelatedSpan {
  span: Span;
  message: string;
}

export interface Finding {
  code: RuleCode | string;
  span: Span;
  message: string;
  /** Set when this finding's default differs from the rule's (e.g. UndefinedStage far from any stage). */
  severity?: Exclude<RuleSeverity, 'off'>;
  unnecessary?: boolean;
  related: RelatedSpan[];
  /** Facts the code actions need (e.g. the suggested stage names). */
  data?: Record<string, unknown>;
  /**
   * For BuildKit's build checks: the instruction whose comments may hold a `# check=` line that
   * applies to this finding (BuildKit merges an instruction's preceding comments into its config).
   */
  directiveAnchor?: Instruction;
}

export type { TargetMention };

export interface StageRuleOptions {
  /** Build target (a stage name, matched case-insensitively as `--target` is); default: the last stage. */
  target?: string;
  /** Lower-cased stage name → where workspace files target it. */
  targetMentions?: ReadonlyMap<string, readonly TargetMention[]>;
  /**
   * Named build contexts defined for this workspace (`--build-context name=…`, bake `contexts`,
   * compose `additional_contexts`), lower-cased: a `--from=name` naming one is no undefined stage.
   */
  contextNames?: ReadonlySet<string>;
}

const RESERVED_NAMES = new Set(['scratch', 'context']);
const VALID_NAME = /^[a-z][a-z0-9\-_.]*$/;

/** The name BuildKit's own messages use: the name, or `stage-N` for an unnamed stage. */
function buildKitStageName(stage: Stage): string {
  return stage.name ?? `stage-${stage.index}`;
}

function lineOf(model: StageModel, offset: number): number {
  return lastAtOrBefore(model.scanned.lineStarts, offset);
}

function definitionOf(model: StageModel, stage: Stage): RelatedSpan {
  const what = stage.name ? `stage '${stage.name}'` : `stage ${stage.index}`;
  return { span: stage.nameSpan ?? stage.from.keywordSpan, message: `${what} is defined here (line ${lineOf(model, stage.from.span.start) + 1})` };
}

/** BuildKit's error for an unknown `--target`, with its did-you-mean; undefined when a stage has that name (or no target is set). */
export function unknownTargetMessage(model: StageModel, target: string | undefined): string | undefined {
  if (!target || model.stages.length === 0 || stageNamed(model, target)) return undefined;
  // dispatchStates.names(): every stage's name, `stage-N` for an unnamed one; matched as typed.
  const names = model.stages.map((stage) => stage.normalizedName ?? `stage-${stage.index}`);
  const suggestion = buildKitSuggestion(target, names);
  return `target stage "${target}" could not be found${suggestion ? ` (did you mean ${suggestion}?)` : ''}`;
}

export function checkStages(model: StageModel, options: StageRuleOptions = {}, graph: StageGraph = buildStageGraph(model)): Finding[] {
  const findings: Finding[] = [];
  checkStageNames(model, findings);
  checkTarget(model, options, findings);
  checkReferences(model, graph, findings, options);
  // A stage a typo was probably meant to name is not reported unused: the typo is the problem.
  const meant = new Set(findings.flatMap((finding) => finding.code === 'UndefinedStage' ? ((finding.data?.candidates as string[] | undefined) ?? []).slice(0, 1) : []).map((name) => name.toLowerCase()));
  checkUnusedStages(model, graph, options, findings, meant);
  return findings;
}

/**
 * Stage names as BuildKit judges them: an invalid name fails the parse; DuplicateStageName,
 * ReservedStageName and StageNameCasing are its build-check warnings, with its messages. Names
 * are stored lower-cased, so `AS Scratch` is reserved and `AS a` after `AS A` a duplicate.
 */
function checkStageNames(model: StageModel, findings: Finding[]): void {
  const firstByName = new Map<string, Stage>();
  for (const stage of model.stages) {
    if (!stage.name || !stage.nameSpan || !stage.normalizedName) continue;
    const lower = stage.normalizedName;
    if (!VALID_NAME.test(lower)) {
      findings.push({
        code: 'InvalidStageName',
        span: stage.nameSpan,
        message: `invalid name for build stage: "${stage.name}", name can't start with a number or contain symbols`,
        related: [],
      });
      continue;
    }
    if (stage.name !== lower) {
      findings.push({
        code: 'StageNameCasing',
        span: stage.nameSpan,
        message: `Stage name '${stage.name}' should be lowercase`,
        related: [],
        data: { name: stage.name, lower },
        directiveAnchor: stage.from,
      });
    }
    if (RESERVED_NAMES.has(lower)) {
      findings.push({
        code: 'ReservedStageName',
        span: stage.nameSpan,
        message: `Stage name should not use the same name as reserved stage "${lower}"`,
        related: [],
      });
    }
    const first = firstByName.get(lower);
    if (first) {
      findings.push({
        code: 'DuplicateStageName',
        span: stage.nameSpan,
        message: `Duplicate stage name "${lower}", stage names should be unique`,
        related: [definitionOf(model, first)],
        data: { name: stage.name },
      });
    } else {
      firstByName.set(lower, stage);
    }
  }
}

/** An unknown build target fails every build: BuildKit's error, on the first FROM. */
function checkTarget(model: StageModel, options: StageRuleOptions, findings: Finding[]): void {
  const message = unknownTargetMessage(model, options.target);
  if (!message) return;
  findings.push({ code: 'UnknownTarget', span: model.stages[0].from.keywordSpan, message, related: [] });
}

function checkReferences(model: StageModel, graph: StageGraph, findings: Finding[], options: StageRuleOptions): void {
  const cycles = stageCycles(graph);
  const suggest = stageNameSuggester(model);
  const contexts = new Set([...(options.contextNames ?? []), ...namedContexts(options.targetMentions)]);
  for (const stage of model.stages) if (stage.caseMismatchStage !== undefined) findings.push(fromCaseFinding(model, stage));
  for (const reference of model.references) {
    const current = model.stages[reference.inStage];
    if (reference.kind === 'from') {
      checkFromReference(model, reference, current, findings);
      continue;
    }
    const what = reference.kind === 'copy' ? `--from=${reference.value}` : `from=${reference.value}`;
    switch (reference.resolution) {
      case 'variable':
        findings.push({
          code: 'VariableInFromFlag',
          span: reference.span,
          message: reference.kind === 'copy'
            ? `variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround (e.g. ARG in the global scope, then FROM ${reference.value} AS <name> and --from=<name>).`
            : `'from' doesn't support variable expansion, define alias stage instead (e.g. ARG in the global scope, then FROM ${reference.value} AS <name> and from=<name>).`,
          related: [],
          data: { value: reference.value },
        });
        break;
      case 'index-out-of-range':
        findings.push({
          code: 'StageIndexOutOfRange',
          span: reference.span,
          message: `invalid stage index ${reference.value}: this Dockerfile has ${model.stages.length} stage${model.stages.length === 1 ? '' : 's'} (0 to ${model.stages.length - 1}).`,
          related: [],
        });
        break;
      case 'unknown-name':
        // A named build context of the workspace stands in for the name: BuildKit uses it, pulls nothing.
        if (contexts.has(reference.value.toLowerCase())) break;
        findings.push(undefinedStageFinding(model, reference, what, suggest));
        break;
      case 'stage':
      case 'index': {
        const target = model.stages[reference.target as number];
        const cycleOfCurrent = cycles.get(current.index);
        if (cycleOfCurrent !== undefined && cycles.get(target.index) === cycleOfCurrent) {
          findings.push({
            code: 'CircularStageDependency',
            span: reference.span,
            message: target.index === current.index
              ? `circular dependency detected on stage: ${stageLabel(current)} copies from itself.`
              : `circular dependency detected on stage: ${stageLabel(current)} and ${stageLabel(target)} depend on each other.`,
            related: [definitionOf(model, target)],
          });
        } else if (target.index > current.index) {
          findings.push({
            code: 'ForwardStageReference',
            span: reference.span,
            message: `cannot copy from stage "${buildKitStageName(target)}", it needs to be defined before current stage "${buildKitStageName(current)}".`,
            related: [definitionOf(model, target)],
            data: { target: target.index, current: current.index },
          });
        } else if (reference.resolution === 'index') {
          findings.push({
            code: 'NumericStageReference',
            span: reference.span,
            message: target.name
              ? `Refer to stage ${reference.value} by its name: --from=${target.name} survives stages being added or reordered.`
              : `Stage ${reference.value} has no name: name it (FROM ... AS <name>) and refer to it by name, so that adding or reordering stages cannot break this reference.`,
            related: [definitionOf(model, target)],
            data: { target: target.index },
          });
        }
        break;
      }
      case 'image':
        break;
    }
  }
}

interface Suggestion {
  candidates: string[];
  best?: Stage;
}

/**
 * Closest stage names per --from value, among the stages defined above the reference (a stage
 * below would only turn the typo into a ForwardStageReference), remembered per value: a file
 * repeating one typo over thousands of stages must not cost (references x stages) edit distances.
 */
function stageNameSuggester(model: StageModel): (value: string, inStage: number) => Suggestion {
  const firstByName = new Map<string, Stage>();
  for (const stage of model.stages) if (stage.name && !firstByName.has(stage.name)) firstByName.set(stage.name, stage);
  let index: StageNameIndex | undefined;
  const remembered = new Map<string, string[]>();
  return (value, inStage) => {
    let ranked = remembered.get(value);
    if (!ranked) {
      index ??= stageNameIndex([...firstByName.keys()]);
      ranked = index.closest(value);
      remembered.set(value, ranked);
    }
    const candidates = ranked.filter((name) => (firstByName.get(name) as Stage).index < inStage);
    return { candidates, best: candidates.length > 0 ? firstByName.get(candidates[0]) : undefined };
  };
}

function undefinedStageFinding(model: StageModel, reference: StageReference, what: string, suggest: (value: string, inStage: number) => Suggestion): Finding {
  const { candidates, best } = suggest(reference.value, reference.inStage);
  const pulled = `docker.io/library/${reference.value.toLowerCase()}:latest`;
  if (best) {
    return {
      code: 'UndefinedStage',
      span: reference.span,
      message: `'${reference.value}' is not a stage: did you mean '${candidates[0]}'? As written, BuildKit pulls image ${pulled} for ${what}.`,
      related: [definitionOf(model, best)],
      data: { candidates },
    };
  }
  return {
    code: 'UndefinedStage',
    span: reference.span,
    severity: 'information',
    message: `'${reference.value}' is not a stage: BuildKit pulls image ${pulled}`,
    related: [],
    data: { candidates: [] },
  };
}

/** `FROM Builder` after `AS builder`: BuildKit looks the name up as written, misses, and fails to pull an uppercase image name. */
function fromCaseFinding(model: StageModel, stage: Stage): Finding {
  const target = model.stages[stage.caseMismatchStage as number];
  const lower = target.normalizedName as string;
  return {
    code: 'FromStageCasing',
    span: stage.baseSpan as Span,
    message: `'${stage.base}' is not stage '${lower}': FROM matches stage names as written (they are stored lower-case), so BuildKit tries to pull the image '${stage.expandedBase}' and fails (repository name must be lowercase). Write FROM ${lower}.`,
    related: [definitionOf(model, target)],
    data: { name: lower },
  };
}

/** The reference docker pulls for a bare image name (`alpine` → docker.io/library/alpine). */
function pullName(image: string): string {
  return /[/]/.test(image) ? image : `docker.io/library/${image}`;
}

function checkFromReference(model: StageModel, reference: StageReference, current: Stage, findings: Finding[]): void {
  const target = model.stages[reference.target as number];
  if (target.index < current.index) return;
  const where = target.index === current.index ? 'this stage itself' : `stage ${stageLabel(target)}, defined below`;
  findings.push({
    code: 'FromLaterStage',
    span: reference.span,
    message: `'${reference.value}' names ${where}: FROM can only use stages defined above it, so BuildKit ${current.expandedBase === 'scratch' ? 'starts from the empty image scratch' : `pulls the image ${pullName(current.expandedBase)}`} instead.`,
    related: [definitionOf(model, target)],
  });
}

/** A FROM base with its variables as wildcards: the literal runs between them, in order. */
function baseWildcard(base: string): string[] | undefined {
  const parts: string[] = [''];
  let i = 0;
  while (i < base.length) {
    if (base[i] !== '$') {
      parts[parts.length - 1] += base[i++];
      continue;
    }
    // `$NAME` or `${...}` (nested braces counted): one wildcard.
    if (base[i + 1] === '{') {
      let depth = 0;
      let j = i + 1;
      for (; j < base.length; j++) {
        if (base[j] === '{') depth++;
        else if (base[j] === '}' && --depth === 0) break;
      }
      i = j + 1;
    } else {
      let j = i + 1;
      while (j < base.length && /[A-Za-z0-9_]/.test(base[j])) j++;
      if (j === i + 1) {
        parts[parts.length - 1] += '$';
        i++;
        continue;
      }
      i = j;
    }
    parts.push('');
  }
  return parts.length > 1 ? parts : undefined;
}

/** Whether `name` matches literal runs separated by wildcards (each wildcard matches any text, also none). */
function matchesWildcard(name: string, parts: string[]): boolean {
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!name.startsWith(first) || name.length < first.length + last.length || !name.endsWith(last)) return false;
  let at = first.length;
  const end = name.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = name.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}

/**
 * The stages a `FROM` with variables can select with other ARG values (`--build-arg`,
 * bake `args`, other platforms): stages above whose names fit the base with its variables as
 * wildcards (`FROM build-${VARIANT}` → build-debian, build-alpine). A base that is only a
 * variable selects any stage above when a default of that variable names a stage.
 */
function selectableParents(model: StageModel): number[][] {
  const selectable: number[][] = model.stages.map(() => []);
  const namedStage = new Set(model.stages.flatMap((stage) => (stage.normalizedName ? [stage.normalizedName] : [])));
  for (const stage of model.stages) {
    if (!stage.base.includes('$')) continue;
    const parts = baseWildcard(stage.base);
    if (!parts) continue;
    const onlyVariables = parts.every((part) => part === '');
    if (onlyVariables && !stage.parentStages.length && !model.globalArgs.some((arg) => arg.defaultValue !== undefined && namedStage.has(arg.defaultValue))) continue;
    // Bounded: the stages above, at most a few thousand names compared with a linear match.
    for (const above of model.stages.slice(Math.max(0, stage.index - 2000), stage.index)) {
      if (above.normalizedName && (onlyVariables || matchesWildcard(above.normalizedName, parts))) selectable[stage.index].push(above.index);
    }
  }
  return selectable;
}

/** The graph with the selectable parents as extra edges. */
function withSelectable(graph: StageGraph, selectable: number[][]): StageGraph {
  return { dependencies: graph.dependencies.map((edges, index) => (selectable[index].length > 0 ? [...edges, ...selectable[index]] : edges)), dependents: graph.dependents };
}

/** At most this many workspace targets are followed (each costs a walk of the graph). */
const MAX_TARGET_ROOTS = 200;

function checkUnusedStages(model: StageModel, graph: StageGraph, options: StageRuleOptions, findings: Finding[], meant: Set<string>): void {
  if (model.stages.length < 2) return;
  const target = resolveTargetIndex(model, options.target);
  const selectable = selectableParents(model);
  const wide = withSelectable(graph, selectable);
  const reachable = reachableStages(wide, target);
  // A global `ARG SOURCE_DATE_EPOCH=<stage>` builds that stage to read the time from it (frontend 1.24).
  const epoch = model.globalArgs.filter((arg) => arg.name === 'SOURCE_DATE_EPOCH').pop()?.defaultValue?.toLowerCase();
  const epochStage = epoch ? model.stages.find((stage) => stage.normalizedName === epoch) : undefined;
  if (epochStage) for (const index of reachableStages(wide, epochStage.index)) reachable.add(index);
  // A stage that a workspace target (bake, compose, Makefile, CI) builds on is built with it: it
  // is no stage "built only with --target" of its own. The targeted stage itself is still named.
  let roots = 0;
  for (const name of options.targetMentions?.keys() ?? []) {
    const root = stageNamed(model, name);
    if (!root || roots++ >= MAX_TARGET_ROOTS) continue;
    for (const index of reachableStages(wide, root.index)) if (index !== root.index) reachable.add(index);
  }
  // Only the heads of what is not built are reported: a stage another stage uses is built with
  // that one too (`--target shell` builds dockerd-release), so "only with --target <it>" would be false.
  const used = new Set<number>();
  for (const stage of model.stages) {
    for (const dependency of graph.dependencies[stage.index]) if (dependency !== stage.index) used.add(dependency);
    for (const dependency of selectable[stage.index]) used.add(dependency);
  }
  const finalStage = model.stages[target];
  for (const stage of model.stages) {
    if (reachable.has(stage.index) || used.has(stage.index) || (stage.normalizedName && meant.has(stage.normalizedName))) continue;
    if (!stage.name || !stage.nameSpan) {
      findings.push({
        code: 'UnusedStage',
        span: stage.span,
        severity: 'hint',
        unnecessary: true,
        message: `Stage ${stage.index} is never built: the final stage does not depend on it, and an unnamed stage cannot be a --target.`,
        related: [definitionOf(model, finalStage)],
      });
      continue;
    }
    const mentions = options.targetMentions?.get(stage.normalizedName as string) ?? [];
    const targeted = mentions.length > 0
      ? ` It is targeted in ${mentions.slice(0, 3).map((mention) => `${mention.file}:${mention.line + 1}`).join(', ')}${mentions.length > 3 ? ` and ${mentions.length - 3} more` : ''}.`
      : '';
    findings.push({
      code: 'UnusedStage',
      span: stage.nameSpan,
      message: `Stage '${stage.name}' is not part of the default build: BuildKit builds it only with --target ${stage.name}.${targeted}`,
      related: [definitionOf(model, finalStage)],
      data: { targeted: mentions.length > 0 },
    });
  }
}
