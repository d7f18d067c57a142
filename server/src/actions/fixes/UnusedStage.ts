/**
 * UnusedStage → remove the stage (its whole text, comments above it included). Preferred for
 * an unnamed stage (dead code); offered but not preferred for a named one (it may be a
 * `--target` entry point); not offered when a workspace file targets it or another stage
 * still uses it. Numeric `--from` indexes past it are renumbered.
 */
import { removeStage, renumberIndexReferences } from '../edits';
import { stageLabel } from '../../model/stageModel';
import { quickFix, type FixContext, type QuickFixProvider } from './fixContext';

function unusedStageAt(context: FixContext) {
  const { model } = context.analysis;
  return model.stages.find((stage) => {
    const span = stage.nameSpan ?? stage.span;
    return span.start === context.span.start && span.end === context.span.end;
  });
}

export const fixUnusedStage: QuickFixProvider = (context) => {
  const stage = unusedStageAt(context);
  const { model, graph } = context.analysis;
  if (!stage || stage.index === model.stages.length - 1 || graph.dependents[stage.index].length > 0) return [];
  if ((context.diagnostic.data as { targeted?: unknown } | undefined)?.targeted === true) return [];
  const edits = [removeStage(model, stage), ...renumberIndexReferences(model, (old) => (old > stage.index ? old - 1 : old))];
  const title = stage.name ? `Remove stage ${stageLabel(stage)} (it is built only with --target ${stage.name})` : `Remove unused stage ${stage.index}`;
  return [quickFix(context, title, edits, !stage.name)];
};
