/** What every quick fix gets, and how it builds its CodeAction. */
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import type { Span } from '../../model/scanner';
import type { StageReference } from '../../model/stageModel';
import type { DockerfileAnalysis } from '../../analysis/documentAnalysis';
import { toTextEdits, type SpanEdit } from '../edits';

export interface FixContext {
  analysis: DockerfileAnalysis;
  /** The diagnostic being fixed, as the client sent it. */
  diagnostic: Diagnostic;
  /** The diagnostic's range as document offsets. */
  span: Span;
}

export type QuickFixProvider = (context: FixContext) => CodeAction[];

export function quickFix(context: FixContext, title: string, edits: SpanEdit[], isPreferred = false): CodeAction {
  const { document } = context.analysis;
  const action: CodeAction = {
    title,
    kind: 'quickfix',
    diagnostics: [context.diagnostic],
    edit: { changes: { [document.uri]: toTextEdits(document, edits) } },
  };
  if (isPreferred) action.isPreferred = true;
  return action;
}

/**
 * The model's reference on exactly the diagnostic's range. A diagnostic from an older version
 * of the text matches nothing, and then no fix is offered.
 */
export function referenceAt(context: FixContext, accept: (reference: StageReference) => boolean = () => true): StageReference | undefined {
  return context.analysis.model.references.find((reference) => reference.span.start === context.span.start && reference.span.end === context.span.end && accept(reference));
}

/** The stage whose name is exactly the diagnostic's range. */
export function stageNamedAt(context: FixContext) {
  return context.analysis.model.stages.find((stage) => stage.nameSpan?.start === context.span.start && stage.nameSpan.end === context.span.end);
}

export function quote(name: string): string {
  return `'${name}'`;
}
