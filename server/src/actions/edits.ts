/**
 * Edit helpers shared by the code actions. Actions are built on document offsets
 * (`SpanEdit`) and converted to LSP TextEdits once, at the end; inserted lines take the
 * document's own line ending (CRLF stays CRLF).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import type { Span } from '../model/scanner';
import type { Stage, StageModel } from '../model/stageModel';

export interface SpanEdit {
  start: number;
  end: number;
  newText: string;
}

export function replaceSpan(span: Span, newText: string): SpanEdit {
  return { start: span.start, end: span.end, newText };
}

export function toTextEdits(document: TextDocument, edits: readonly SpanEdit[]): TextEdit[] {
  return [...edits]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((edit) => ({ range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.newText }));
}

/** The text after the edits (LSP semantics: all ranges refer to the original text; overlapping edits throw). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///apply', 'dockerfile', 0, text), [...edits]);
}

export function applySpanEdits(text: string, edits: readonly SpanEdit[]): string {
  // Back to front; edits at one position keep their array order in the text (LSP semantics).
  const sorted = edits.map((edit, order) => ({ edit, order })).sort((a, b) => b.edit.start - a.edit.start || b.edit.end - a.edit.end || b.order - a.order).map((entry) => entry.edit);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

/** The document's line ending: the first one it uses, `\n` when it has none. */
export function lineEnding(text: string): string {
  const newline = text.indexOf('\n');
  return newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
}

export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset after the line break of the line holding `offset` (the text's end on the last line). */
export function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

export function indentationAt(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

function isBlankLine(text: string, lineStart: number): boolean {
  return text.slice(lineStart, nextLineStart(text, lineStart)).trim() === '';
}

/** Inserts whole lines before the line starting at `lineStart`, ending each with the document's line ending. */
export function insertLines(text: string, lineStart: number, lines: readonly string[]): SpanEdit {
  const eol = lineEnding(text);
  // At the end of a text without a final line break, the new lines start on a line of their own.
  const needsBreakBefore = lineStart === text.length && text.length > 0 && !text.endsWith('\n');
  return { start: lineStart, end: lineStart, newText: (needsBreakBefore ? eol : '') + lines.map((line) => line + eol).join('') };
}

/**
 * A stage as whole lines: from the comment lines directly above its FROM (no blank line
 * between) to the line break after its last instruction.
 */
export function stageBlock(model: StageModel, stage: Stage): Span {
  const text = model.scanned.text;
  let start = lineStartAt(text, stage.from.span.start);
  for (;;) {
    if (start === 0) break;
    const previous = lineStartAt(text, start - 1);
    const line = text.slice(previous, start).trim();
    if (!line.startsWith('#') || isDirectiveLine(model, previous)) break;
    start = previous;
  }
  return { start, end: nextLineStart(text, stage.span.end) };
}

function isDirectiveLine(model: StageModel, offset: number): boolean {
  return model.scanned.directives.some((directive) => directive.span.start === offset);
}

/** The stage block plus the blank lines that separate it from what precedes it (or, at the top, from what follows). */
export function stageBlockWithSeparator(model: StageModel, stage: Stage): Span {
  const text = model.scanned.text;
  const block = stageBlock(model, stage);
  let start = block.start;
  while (start > 0 && isBlankLine(text, lineStartAt(text, start - 1))) start = lineStartAt(text, start - 1);
  if (start > 0) return { start, end: block.end };
  let end = block.end;
  while (end < text.length && isBlankLine(text, end)) end = nextLineStart(text, end);
  return { start, end };
}

/** Removes the stage's lines (comments above it included) and the blank lines that separated it. */
export function removeStage(model: StageModel, stage: Stage): SpanEdit {
  return replaceSpan(stageBlockWithSeparator(model, stage), '');
}

/** Text of the stage block, ending with a line break. */
export function stageBlockText(model: StageModel, stage: Stage): string {
  const text = model.scanned.text;
  const block = stageBlock(model, stage);
  const body = text.slice(block.start, block.end);
  return body.endsWith('\n') ? body : body + lineEnding(text);
}

/** True when the line above the stage block is blank: stages are separated by blank lines. */
export function blankLineBefore(model: StageModel, stage: Stage): boolean {
  const text = model.scanned.text;
  const start = stageBlock(model, stage).start;
  return start > 0 && isBlankLine(text, lineStartAt(text, start - 1));
}

const RESERVED_NAMES = new Set(['scratch', 'context']);
const VALID_NAME = /^[a-z][a-z0-9\-_.]*$/;

/**
 * Every lower-cased word a new stage name must not take: stage names, reserved names, and the
 * bare image names used by FROM and --from (naming a stage `alpine` would turn a later
 * `FROM alpine` into a reference to that stage).
 */
function takenNames(model: StageModel): Set<string> {
  const taken = new Set<string>(RESERVED_NAMES);
  for (const stage of model.stages) {
    if (stage.normalizedName) taken.add(stage.normalizedName);
    taken.add(stage.expandedBase.toLowerCase());
  }
  for (const reference of model.references) taken.add(reference.value.toLowerCase());
  return taken;
}

/** `wanted` made a valid stage name (`^[a-z][a-z0-9-_.]*$`), or undefined when nothing of it is usable. */
export function sanitizeStageName(wanted: string): string | undefined {
  const cleaned = wanted.toLowerCase().replace(/[^a-z0-9\-_.]+/g, '-').replace(/^[^a-z]+/, '').replace(/[-_.]+$/, '');
  return VALID_NAME.test(cleaned) ? cleaned : undefined;
}

/** `wanted` (sanitized), or `wanted-2`, `wanted-3`, ...: the first that no stage or image reference uses. */
export function uniqueStageName(model: StageModel, wanted: string, extraTaken: readonly string[] = []): string {
  const base = sanitizeStageName(wanted) ?? 'stage';
  const taken = takenNames(model);
  for (const name of extraTaken) taken.add(name.toLowerCase());
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}-${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The spans that name `stage`: its definition and every reference BuildKit resolves to it by name. */
export function stageNameSpans(model: StageModel, stage: Stage): Span[] {
  const spans: Span[] = stage.nameSpan ? [stage.nameSpan] : [];
  for (const reference of model.references) {
    if (reference.target !== stage.index || reference.resolution !== 'stage') continue;
    // `FROM x` naming the current or a later stage pulls image x: it is no reference to rename.
    if (reference.kind === 'from' && reference.target >= reference.inStage) continue;
    spans.push(reference.span);
  }
  // `FROM Builder` after `AS builder` was meant to name the stage (it fails as an image): it follows the rename.
  for (const other of model.stages) {
    if (other.caseMismatchStage === stage.index && other.baseSpan && !other.base.includes('$')) spans.push(other.baseSpan);
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Renames a stage at its definition and at every reference to it. */
export function renameStage(model: StageModel, stage: Stage, newName: string): SpanEdit[] {
  return stageNameSpans(model, stage).map((span) => replaceSpan(span, newName));
}

/**
 * Rewrites numeric `--from=<index>` references after stages move: `newIndex(old)` is a stage's
 * index in the rewritten file.
 */
export function renumberIndexReferences(model: StageModel, newIndex: (oldIndex: number) => number): SpanEdit[] {
  const edits: SpanEdit[] = [];
  for (const reference of model.references) {
    if (reference.resolution !== 'index' || reference.target === undefined) continue;
    const moved = newIndex(reference.target);
    if (moved !== reference.target) edits.push(replaceSpan(reference.span, String(moved)));
  }
  return edits;
}

/** A name for an unnamed stage, from its base image (`golang:1.22` → `golang`), unique in the file. */
export function suggestStageName(model: StageModel, stage: Stage): string {
  const parent = stage.parentStage === undefined ? undefined : model.stages[stage.parentStage];
  if (parent?.name) return uniqueStageName(model, parent.normalizedName as string);
  const repository = stage.expandedBase.replace(/@.*$/, '').replace(/:[^/]*$/, '');
  const lastPart = repository.split('/').pop() ?? '';
  const fromImage = lastPart && !lastPart.includes('$') && lastPart.toLowerCase() !== 'scratch' ? sanitizeStageName(lastPart) : undefined;
  return uniqueStageName(model, fromImage ?? `stage-${stage.index}`);
}

/**
 * Edits that give an unnamed stage a name (` AS name` after its base); undefined when the FROM
 * line cannot take one (no base, or words after the base).
 */
export function addStageName(model: StageModel, stage: Stage, name: string): SpanEdit | undefined {
  if (stage.name || !stage.baseSpan) return undefined;
  const afterBase = stage.from.span.end > stage.baseSpan.end ? model.scanned.text.slice(stage.baseSpan.end, stage.from.span.end) : '';
  if (afterBase.trim() !== '') return undefined;
  return { start: stage.baseSpan.end, end: stage.baseSpan.end, newText: ` AS ${name}` };
}
