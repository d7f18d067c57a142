/**
 * "Split into builder stage": a single build-and-run stage becomes a builder stage (the original
 * FROM named `builder`, holding the build) and a runtime stage on a minimal base for the stack
 * that copies only the artifact. Written on the scanned chunks: every original instruction is
 * copied verbatim, with its comments, into the stage it belongs to.
 *
 * Offered as the quick fix of BuildToolsInFinalStage and as a refactor on the FROM of a
 * single-stage Dockerfile.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver-types';
import type { Stage, StageModel } from '../model/stageModel';
import { BUILD_TOOLS_RULE } from '../rules/buildToolsRule';
import type { DockerfileAnalysis } from '../analysis/documentAnalysis';
import { lineEnding, toTextEdits, uniqueStageName, type SpanEdit } from './edits';
import { stageChunks, withLineBreak, type Chunk } from './split/chunks';
import { contextOfDocument, type ContextFiles } from '../workspace/contextFiles';
import { routeInstructions } from './split/routing';
import { planRuntime, type RuntimePlan } from '../knowledge/runtimePlan';
import { cacheFriendlyOrder } from './split/cacheOrder';
import { detectStack, type StackInfo } from '../knowledge/stackDetection';

export const SPLIT_TITLE = 'Split into builder stage';

export interface SplitResult {
  edit: SpanEdit;
  builder: string;
  plan: RuntimePlan;
  info: StackInfo;
}

/** The FROM chunk with the builder's name: ` AS builder` added, or the stage's own name replaced. */
function builderFrom(chunk: Chunk, stage: Stage, builder: string, chunkStart: number): string {
  const text = chunk.text;
  if (stage.nameSpan) {
    const at = stage.nameSpan.start - chunkStart;
    return text.slice(0, at) + builder + text.slice(stage.nameSpan.end - chunkStart);
  }
  const end = stage.from.span.end - chunkStart;
  const trimmed = text.slice(0, end).replace(/[ \t]+$/, '');
  return `${trimmed} AS ${builder}${text.slice(end)}`;
}

function runtimeFrom(stage: Stage, base: string): string {
  const platform = stage.platform && !/BUILDPLATFORM/.test(stage.platform) ? `--platform=${stage.platform} ` : '';
  return `FROM ${platform}${base}${stage.name ? ` AS ${stage.name}` : ''}`;
}

/** The build boundary: the last build or dependency step, else the last RUN (an unknown build). */
function lastBuildIndex(stage: Stage, info: StackInfo): number {
  if (info.lastBuildInstruction >= 0) return info.lastBuildInstruction;
  return stage.instructions.reduce((last, instruction, index) => (instruction.keyword === 'RUN' ? index : last), -1);
}

export function splitStage(model: StageModel, stageIndex: number, context: ContextFiles): SplitResult | undefined {
  const stage = model.stages[stageIndex];
  if (!stage || !stage.base || stage.parentStage !== undefined || stage.base.toLowerCase() === 'scratch') return undefined;
  const info = detectStack(model, stageIndex, context);
  const lastBuild = lastBuildIndex(stage, info);
  if (lastBuild < 0) return undefined;
  const text = model.scanned.text;
  const eol = lineEnding(text);
  const builder = uniqueStageName(model, 'builder');
  const plan = planRuntime(info, stage, context, builder);
  const { start, end, chunks } = stageChunks(model, stage);
  const routes = routeInstructions(stage.instructions, info, lastBuild);
  const lines = (list: string[]) => list.map((line) => line + eol).join('');

  const builderChunks = cacheFriendlyOrder(chunks.filter((chunk) => chunk.index > 0 && routes[chunk.index] !== 'runtime'), stage.instructions, info, context);
  let builderText = withLineBreak(builderFrom(chunks[0], stage, builder, start), eol) + lines(plan.builderPrelude);
  for (const piece of builderChunks) {
    if ('generated' in piece) {
      builderText += lines(piece.generated);
      continue;
    }
    const insertion = plan.builderInsertions.find((candidate) => candidate.index === piece.index);
    if (insertion) builderText += lines(insertion.lines);
    builderText += withLineBreak(piece.text, eol);
    if (piece.index === lastBuild) builderText += lines(plan.builderEpilogue);
  }

  let runtimeText = `${eol}# Runtime: ${plan.reason}.${eol}${runtimeFrom(stage, plan.base)}${eol}${lines(plan.runtimeLines)}`;
  for (const chunk of chunks) {
    if (chunk.index > 0 && routes[chunk.index] !== 'builder') runtimeText += withLineBreak(chunk.text, eol);
  }
  const original = text.slice(start, end);
  // Keep the file's ending as it was: no line break added at the very end.
  const newText = builderText + runtimeText;
  const finalText = original.endsWith('\n') || end < text.length ? newText : newText.replace(/\r?\n$/, '');
  return { edit: { start, end, newText: finalText }, builder, plan, info };
}

function intersects(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function action(analysis: DockerfileAnalysis, result: SplitResult, kind: string, diagnostic?: Diagnostic): CodeAction {
  const { document } = analysis;
  const codeAction: CodeAction = {
    title: SPLIT_TITLE,
    kind,
    edit: { changes: { [document.uri]: toTextEdits(document, [result.edit]) } },
  };
  if (diagnostic) {
    codeAction.diagnostics = [diagnostic];
    codeAction.isPreferred = true;
  }
  return codeAction;
}

export function splitBuilderActions(analysis: DockerfileAnalysis, range: Range, diagnostics: readonly Diagnostic[], context?: ContextFiles): CodeAction[] {
  const { model, document } = analysis;
  const files = context ?? contextOfDocument(document.uri);
  const actions: CodeAction[] = [];
  const finalIndex = model.stages.length - 1;
  const flagged = diagnostics.find((diagnostic) => diagnostic.code === BUILD_TOOLS_RULE.code);
  let result: SplitResult | undefined;
  const compute = () => (result ??= splitStage(model, finalIndex, files));
  if (flagged && compute()) actions.push(action(analysis, result as SplitResult, CodeActionKind.QuickFix, flagged));
  if (model.stages.length === 1) {
    const from = model.stages[0].from;
    const fromRange = { start: document.positionAt(from.span.start), end: document.positionAt(from.span.end) };
    if (intersects(range, fromRange) && compute()) actions.push(action(analysis, result as SplitResult, CodeActionKind.RefactorRewrite));
  }
  return actions;
}
