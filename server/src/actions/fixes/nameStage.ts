/** Shared by the numeric-reference fixes: replace a reference by a stage's name, naming the stage when it has none. */
import type { Span } from '../../model/scanner';
import type { Stage, StageModel } from '../../model/stageModel';
import { addStageName, replaceSpan, suggestStageName, type SpanEdit } from '../edits';

export interface NamedReference {
  name: string;
  /** True when the stage had no name and the edits add one. */
  added: boolean;
  edits: SpanEdit[];
}

export function referToStageByName(model: StageModel, stage: Stage, referenceSpan: Span): NamedReference | undefined {
  if (stage.name) return { name: stage.name, added: false, edits: [replaceSpan(referenceSpan, stage.name)] };
  const name = suggestStageName(model, stage);
  const naming = addStageName(model, stage, name);
  if (!naming) return undefined;
  return { name, added: true, edits: [naming, replaceSpan(referenceSpan, name)] };
}
