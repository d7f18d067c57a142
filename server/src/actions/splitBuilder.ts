/**
 * "Split into builder stage": a single build-and-run stage becomes a builder stage (the original
 * FROM named `builder`, holding the build) and a runtime stage planned from what the running
 * container needs (split/splitPlan). Original instructions are copied verbatim, with their
 * comments; the edit is a set of small changes, each labelled with the assumption behind it
 * (LSP change annotations with needsConfirmation, so VS Code shows its refactor preview).
 *
 * Offered as the quick fix of BuildToolsInFinalStage and as a refactor on the FROM of a
 * single-stage Dockerfile; not offered when the image needs its toolchain at runtime.
 */
import { CodeActionKind, type AnnotatedTextEdit, type ChangeAnnotation, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver-types';
import type { Stage, StageModel } from '../model/stageModel';
import { BUILD_TOOLS_RULE } from '../rules/buildToolsRule';
import type { DockerfileAnalysis } from '../analysis/documentAnalysis';
import { lineEnding, toTextEdits, uniqueStageName, type SpanEdit } from './edits';
import { stageChunks, withLineBreak, type Chunk } from './split/chunks';
import { NO_CONTEXT, type ContextFiles } from '../workspace/contextFiles';
import { planSplit, type Assumption, type Piece, type SplitPlan } from './split/splitPlan';
import { detectStack, type StackInfo } from '../knowledge/stackDetection';
import { lookupName, NO_TAG_CHECKS, tagNote, type TagChecks, type TagVerdict } from '../knowledge/imageTags';
import { shippedCatalog } from '../size/catalogData';
import { parseCatalogReference } from '../size/imageReference';

export const SPLIT_TITLE = 'Split into builder stage';

/** A change of the split with the id of the assumption it rests on. */
export interface LabelledEdit extends SpanEdit {
  annotation: string;
}

export interface SplitResult {
  /** The whole stage replaced at once (what `edits` amount to). */
  edit: SpanEdit;
  /** The same change as small labelled edits, for the refactor preview. */
  edits: LabelledEdit[];
  builder: string;
  plan: SplitPlan;
  info: StackInfo;
}

/** The annotation of the structural change every split makes. */
export const SPLIT_ANNOTATION = 'split';
const MOVED_ANNOTATION = 'moved';

/** The FROM chunk with the builder's name: ` AS builder` added, or the stage's own name replaced. */
function builderFromEdit(chunk: Chunk, stage: Stage, builder: string, chunkStart: number): { at: number; end: number; text: string } {
  if (stage.nameSpan) return { at: stage.nameSpan.start, end: stage.nameSpan.end, text: builder };
  const text = chunk.text;
  const end = stage.from.span.end - chunkStart;
  // Trailing blanks by hand: `/[ \t]+$/` is quadratic on a long run of blanks inside a line.
  let cut = end;
  while (cut > 0 && (text[cut - 1] === ' ' || text[cut - 1] === '\t')) cut--;
  return { at: chunkStart + cut, end: chunkStart + end, text: ` AS ${builder}` };
}

/** Indices of the longest common subsequence of two number lists (a's side). */
function commonSubsequence(a: number[], b: number[]): Set<number> {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Uint16Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * cols + j] = a[i] === b[j] ? table[(i + 1) * cols + j + 1] + 1 : Math.max(table[(i + 1) * cols + j], table[i * cols + j + 1]);
    }
  }
  const kept = new Set<number>();
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      kept.add(j);
      i++;
      j++;
    } else if (table[(i + 1) * cols + j] >= table[i * cols + j + 1]) i++;
    else j++;
  }
  return kept;
}

export function splitStage(model: StageModel, stageIndex: number, context: ContextFiles): SplitResult | undefined {
  const decision = decideSplit(model, stageIndex, context);
  return decision && 'result' in decision ? decision.result : undefined;
}

/** The split, or why it is not offered (undefined when the stage is no candidate at all). */
export function decideSplit(model: StageModel, stageIndex: number, context: ContextFiles): { result: SplitResult } | { refused: string } | undefined {
  const stage = model.stages[stageIndex];
  if (!stage || !stage.base || stage.parentStage !== undefined || stage.base.toLowerCase() === 'scratch') return undefined;
  const info = detectStack(model, stageIndex, context);
  const builder = uniqueStageName(model, 'builder');
  const decision = planSplit(model, stage, info, context, builder);
  if ('refused' in decision) return decision;
  const plan = decision.plan;
  const text = model.scanned.text;
  const eol = lineEnding(text);
  const { start, end, chunks } = stageChunks(model, stage);
  const lines = (list: string[]) => list.map((line) => line + eol).join('');
  const from = builderFromEdit(chunks[0], stage, builder, start);

  // The output as a sequence of items: original chunks (by index) and generated text.
  type Item = { chunk: number; text: string; copy: boolean } | { text: string; annotation: string };
  const items: Item[] = [];
  const seen = new Set<number>();
  const push = (piece: Piece, annotationOfGenerated: string) => {
    if ('chunk' in piece) {
      const chunk = chunks[piece.chunk];
      items.push({ chunk: piece.chunk, text: withLineBreak(chunk.text, eol), copy: seen.has(piece.chunk) });
      seen.add(piece.chunk);
    } else items.push({ text: lines(piece.lines), annotation: piece.assumption ?? annotationOfGenerated });
  };
  for (const piece of plan.builder) push(piece, SPLIT_ANNOTATION);
  items.push({ text: eol, annotation: SPLIT_ANNOTATION });
  for (const piece of plan.runtime) push(piece, SPLIT_ANNOTATION);

  // Whole text, for callers that replace the stage at once.
  const fromText = withLineBreak(text.slice(start, from.at) + from.text + text.slice(from.end, start + chunks[0].text.length), eol);
  let newText = fromText + items.map((item) => item.text).join('');
  const original = text.slice(start, end);
  const keepsNoFinalBreak = !(original.endsWith('\n') || end < text.length);
  if (keepsNoFinalBreak) newText = newText.replace(/\r?\n$/, '');

  // Small edits: chunks kept in their order stay untouched; the rest is inserted or removed.
  const originalOrder = chunks.slice(1).map((chunk) => chunk.index);
  const outputChunks = items.map((item, position) => ('chunk' in item ? { index: item.chunk, position } : undefined)).filter((entry): entry is { index: number; position: number } => entry !== undefined);
  const keptPositions = commonSubsequence(originalOrder, outputChunks.map((entry) => entry.index));
  const anchors = new Set([...keptPositions].map((k) => outputChunks[k].position));
  const keptChunks = new Set([...anchors].map((position) => (items[position] as { chunk: number }).chunk));
  const chunkStart = (index: number) => start + chunks.slice(0, index).reduce((sum, chunk) => sum + chunk.text.length, 0);
  const edits: LabelledEdit[] = [{ start: from.at, end: from.end, newText: from.text, annotation: SPLIT_ANNOTATION }];
  // A chunk without a line break (the file's last line) needs one before anything follows it.
  let cursor = start + chunks[0].text.length;
  let cursorNeedsBreak = !chunks[0].text.endsWith('\n');
  const insert = (at: number, insertText: string, annotation: string) => {
    const previous = edits[edits.length - 1];
    if (previous.start === at && previous.end === at && previous.annotation === annotation) previous.newText += insertText;
    else edits.push({ start: at, end: at, newText: insertText, annotation });
  };
  items.forEach((item, position) => {
    if (anchors.has(position)) {
      const index = (item as { chunk: number }).chunk;
      cursor = chunkStart(index) + chunks[index].text.length;
      cursorNeedsBreak = !chunks[index].text.endsWith('\n');
      return;
    }
    const insertText = (cursorNeedsBreak ? eol : '') + item.text;
    cursorNeedsBreak = false;
    insert(cursor, insertText, 'chunk' in item ? MOVED_ANNOTATION : item.annotation);
  });
  for (const chunk of chunks.slice(1)) {
    if (!keptChunks.has(chunk.index)) edits.push({ start: chunkStart(chunk.index), end: chunkStart(chunk.index) + chunk.text.length, newText: '', annotation: MOVED_ANNOTATION });
  }
  if (keepsNoFinalBreak) {
    // The edit that writes the text's end: the furthest insertion, the last of those at one position.
    const last = edits.filter((edit) => edit.newText.length > 0).reduce<LabelledEdit | undefined>((best, edit) => (!best || edit.start >= best.start ? edit : best), undefined);
    if (last && last.start >= end - (original.endsWith('\n') ? 1 : 0) && /\r?\n$/.test(last.newText)) last.newText = last.newText.replace(/\r?\n$/, '');
  }
  return { result: { edit: { start, end, newText }, edits, builder, plan, info } };
}

export interface SplitAnnotations {
  [id: string]: ChangeAnnotation;
}

/** A tag the shipped size catalog lists under its own name (a published tag when the catalog was made). */
function inCatalog(image: string): boolean {
  const reference = parseCatalogReference(image);
  const entry = reference && shippedCatalog().estimate(reference, 'amd64')?.entry;
  return entry !== undefined && entry.image === reference?.name && entry.tag === (reference.tag ?? 'latest');
}

/** The change annotations of a split: one per assumption, all needing confirmation. */
export function splitAnnotations(plan: SplitPlan, tag: TagVerdict = NO_TAG_CHECKS(plan.base.image), contextOrigin?: string, onEdits?: ReadonlySet<string>): SplitAnnotations {
  const image = plan.base.image;
  const tagKnown = lookupName(image) ? ` ${tagNote(image, tag, inCatalog(image))}` : '';
  // The files read are those of this context, not of the Dockerfile's folder: said, since it may not hold for every build.
  const context = contextOrigin ? ` Files read from the ${contextOrigin}.` : '';
  // VS Code's preview lists an annotation only under the edits that carry it: an assumption no
  // edit carries (build-only packages left behind) is said with the split's own.
  const unshown = onEdits ? plan.assumptions.filter((assumption) => !onEdits.has(assumption.id)).map((assumption) => ` Also: ${assumption.label} (${assumption.detail}).`).join('') : '';
  const annotations: SplitAnnotations = {
    [SPLIT_ANNOTATION]: { label: `Builder stage and runtime stage on ${image}`, description: `${plan.base.reason}.${tagKnown}${context}${unshown}`, needsConfirmation: true },
    [MOVED_ANNOTATION]: { label: 'Instructions the running container needs, in the runtime stage', description: 'CMD, ENTRYPOINT, EXPOSE, HEALTHCHECK, USER, WORKDIR and the steps after the build', needsConfirmation: true },
  };
  for (const assumption of plan.assumptions) annotations[assumption.id] = { label: assumption.label, description: assumption.detail, needsConfirmation: true };
  return annotations;
}

function intersects(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** The title: the risk in it when an assumption needs a manual check (a TODO in the result). */
function titleOf(result: SplitResult): string {
  const todo = result.edits.some((edit) => edit.newText.includes('TODO(stagecraft)'));
  if (todo) return `${SPLIT_TITLE} (needs a manual fix: see TODO)`;
  const devServer = result.plan.needs.devServer;
  return devServer ? `${SPLIT_TITLE} (the image runs a development server, ${devServer}: no compilers at runtime)` : SPLIT_TITLE;
}

function action(analysis: DockerfileAnalysis, result: SplitResult, tag: TagVerdict, kind: string, diagnostic?: Diagnostic, contextOrigin?: string): CodeAction {
  const { document } = analysis;
  const annotations = splitAnnotations(result.plan, tag, contextOrigin, new Set(result.edits.map((edit) => edit.annotation)));
  const annotated: AnnotatedTextEdit[] = toTextEdits(document, result.edits).map((edit) => {
    const source = result.edits.find((candidate) => document.offsetAt(edit.range.start) === candidate.start && document.offsetAt(edit.range.end) === candidate.end && candidate.newText === edit.newText);
    return { ...edit, annotationId: source?.annotation ?? SPLIT_ANNOTATION };
  });
  const codeAction: CodeAction = {
    title: titleOf(result),
    kind,
    edit: {
      changes: { [document.uri]: toTextEdits(document, [result.edit]) },
      documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: annotated }],
      changeAnnotations: annotations,
    },
  };
  if (diagnostic) {
    codeAction.diagnostics = [diagnostic];
    codeAction.isPreferred = true;
  }
  return codeAction;
}

/**
 * The split as a quick fix and as a refactor. Not offered when the registry says its runtime
 * image does not exist (`tags`); otherwise the preview says what is known of that tag.
 */
export function splitBuilderActions(analysis: DockerfileAnalysis, range: Range, diagnostics: readonly Diagnostic[], context?: ContextFiles, tags: TagChecks = NO_TAG_CHECKS, log?: (message: string) => void): CodeAction[] {
  const { model, document } = analysis;
  const files = context ?? NO_CONTEXT;
  const actions: CodeAction[] = [];
  const finalIndex = model.stages.length - 1;
  const flagged = diagnostics.find((diagnostic) => diagnostic.code === BUILD_TOOLS_RULE.code);
  let split: { result: SplitResult; tag: TagVerdict } | undefined;
  let computed = false;
  const compute = () => {
    if (!computed) {
      computed = true;
      const result = splitStage(model, finalIndex, files);
      const tag = result ? tags(result.plan.base.image) : undefined;
      if (result && tag?.state === 'missing') log?.(`${SPLIT_TITLE} not offered: ${tag.reason}`);
      else if (result && tag) split = { result, tag };
    }
    return split;
  };
  const quickFix = flagged && compute();
  if (flagged && quickFix) actions.push(action(analysis, quickFix.result, quickFix.tag, CodeActionKind.QuickFix, flagged, files.origin));
  if (model.stages.length === 1) {
    const from = model.stages[0].from;
    const fromRange = { start: document.positionAt(from.span.start), end: document.positionAt(from.span.end) };
    const refactor = intersects(range, fromRange) && compute();
    if (refactor) actions.push(action(analysis, refactor.result, refactor.tag, CodeActionKind.RefactorRewrite, undefined, files.origin));
  }
  return actions;
}

export type { Assumption };
