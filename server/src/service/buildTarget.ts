/**
 * `--target` as BuildKit reads it: a stage name, matched case-insensitively. Anything else fails
 * the build with `target stage "x" could not be found`, and BuildKit adds the nearest stage name
 * within two edits: ` (did you mean builder?)`. The CLI fails the same way, with the same words.
 */
import { buildStageModel, stageNamed } from '../model/stageModel';
import { editDistance } from '../rules/nameDistance';

/** BuildKit's error for a target no stage has, or undefined when a stage has that name. */
export function buildTargetProblem(dockerfile: string, target: string): string | undefined {
  const model = buildStageModel(dockerfile);
  if (stageNamed(model, target)) return undefined;
  // BuildKit's suggest.Search: the first name at the smallest distance below 3, compared as typed.
  let match: string | undefined;
  let best = 3;
  for (const stage of model.stages) {
    if (!stage.normalizedName) continue;
    const distance = editDistance(target, stage.normalizedName, best - 1);
    if (distance < best) {
      match = stage.normalizedName;
      best = distance;
    }
  }
  return `target stage "${target}" could not be found${match ? ` (did you mean ${match}?)` : ''}`;
}
