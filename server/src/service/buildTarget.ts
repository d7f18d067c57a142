/**
 * `--target` as BuildKit reads it: a stage name, matched case-insensitively. Anything else fails
 * the build with `target stage "x" could not be found`, and BuildKit adds the nearest stage name
 * within two edits: ` (did you mean builder?)`. The CLI fails the same way, with the same words
 * as the editor's UnknownTarget diagnostic.
 */
import { buildStageModel } from '../model/stageModel';
import { unknownTargetMessage } from '../rules/stageRules';

/** BuildKit's error for a target no stage has, or undefined when a stage has that name. */
export function buildTargetProblem(dockerfile: string, target: string): string | undefined {
  return unknownTargetMessage(buildStageModel(dockerfile), target);
}
