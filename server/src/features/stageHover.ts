/** Hover on a stage name or a --from / from= / FROM reference: what the stage is and who uses it. */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import { stageAt, toRange, type DockerfileAnalysis } from '../analysis/documentAnalysis';
import { reachableStages } from '../model/stageGraph';
import { resolveTargetIndex, stageLabel } from '../model/stageModel';

export function stageHover(analysis: DockerfileAnalysis, position: Position, target?: string): Hover | null {
  const { document, model, graph } = analysis;
  const hit = stageAt(analysis, document.offsetAt(position));
  if (!hit) return null;
  const stage = hit.stage;
  const line = document.positionAt(stage.from.span.start).line + 1;
  const base = stage.parentStage !== undefined ? `stage ${stageLabel(model.stages[stage.parentStage])}` : `\`${stage.base || '(none)'}\``;
  const finalIndex = resolveTargetIndex(model, target);
  const shipped = stage.index === finalIndex
    ? 'the final stage: this is the image'
    : reachableStages(graph, finalIndex).has(stage.index) ? 'built for the final stage, not shipped in it' : 'not built by default';
  const users = graph.dependents[stage.index].map((index) => stageLabel(model.stages[index]));
  const lines = [
    `**Stage ${stage.name ? `\`${stage.name}\`` : stage.index}** — stage ${stage.index}, line ${line}`,
    '',
    `- base: ${base}${stage.platform ? ` (platform \`${stage.platform}\`)` : ''}`,
    `- ${shipped}`,
    `- used by: ${users.length > 0 ? users.join(', ') : 'no other stage'}`,
  ];
  const span = hit.kind === 'definition' ? stage.nameSpan ?? stage.from.keywordSpan : hit.reference.span;
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toRange(document, span) };
}
