/** Find all references of a stage: its definition and every valid --from / from= / FROM use. */
import type { Location, Position } from 'vscode-languageserver-types';
import { stageAt, toRange, type DockerfileAnalysis } from '../analysis/documentAnalysis';

export function findStageReferences(analysis: DockerfileAnalysis, position: Position, includeDeclaration: boolean): Location[] {
  const { document, model } = analysis;
  const hit = stageAt(analysis, document.offsetAt(position));
  if (!hit) return [];
  const stage = hit.stage;
  const locations: Location[] = [];
  if (includeDeclaration && stage.nameSpan) locations.push({ uri: document.uri, range: toRange(document, stage.nameSpan) });
  for (const reference of model.references) {
    if (reference.target !== stage.index) continue;
    if (reference.kind === 'from' && reference.target >= reference.inStage) continue;
    locations.push({ uri: document.uri, range: toRange(document, reference.span) });
  }
  return locations;
}
