/** One analysed Dockerfile: the text document, its stage model and stage graph. */
import type { Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Span } from '../model/scanner';
import { buildStageGraph, type StageGraph } from '../model/stageGraph';
import { buildStageModel, type Stage, type StageModel, type StageModelOptions, type StageReference } from '../model/stageModel';

export interface DockerfileAnalysis {
  document: TextDocument;
  model: StageModel;
  graph: StageGraph;
}

/** `options.platforms`: the platforms the user builds (see StageModelOptions). */
export function analyzeDocument(document: TextDocument, options: StageModelOptions = {}): DockerfileAnalysis {
  const model = buildStageModel(document.getText(), options);
  return { document, model, graph: buildStageGraph(model) };
}

export function toRange(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

export type StageAtPosition =
  | { kind: 'definition'; stage: Stage }
  | { kind: 'reference'; stage: Stage; reference: StageReference };

/** The stage whose name (definition) or valid reference lies under `offset`. */
export function stageAt(analysis: DockerfileAnalysis, offset: number): StageAtPosition | undefined {
  const { model } = analysis;
  for (const stage of model.stages) {
    if (stage.nameSpan && contains(stage.nameSpan, offset)) return { kind: 'definition', stage };
  }
  for (const reference of model.references) {
    if (reference.target === undefined || !contains(reference.span, offset)) continue;
    if (reference.kind === 'from' && reference.target >= reference.inStage) continue;
    return { kind: 'reference', stage: model.stages[reference.target], reference };
  }
  return undefined;
}
