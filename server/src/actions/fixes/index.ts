/**
 * Diagnostic code → its quick fix. CircularStageDependency has none: which edge of a cycle is
 * wrong is the author's call, no rename or move repairs it.
 */
import { fixDuplicateStageName } from './DuplicateStageName';
import { fixForwardStageReference } from './ForwardStageReference';
import { fixFromLaterStage } from './FromLaterStage';
import { fixNumericStageReference } from './NumericStageReference';
import { fixStageIndexOutOfRange } from './StageIndexOutOfRange';
import { fixShellInShellLessBase } from './ShellInShellLessBase';
import { fixStageNameCasing } from './StageNameCasing';
import { fixInvalidStageName, fixReservedStageName } from './stageRenames';
import { fixUndefinedStage } from './UndefinedStage';
import { fixUnusedStage } from './UnusedStage';
import { fixVariableInFromFlag } from './VariableInFromFlag';
import { fixFromAsCasing, fixFromStageCasing, fixMultipleInstructionsDisallowed, fixRedundantTargetPlatform, fixUndefinedArgInFrom } from './buildChecks';
import type { QuickFixProvider } from './fixContext';

export const QUICK_FIXES: Readonly<Record<string, QuickFixProvider>> = {
  UndefinedStage: fixUndefinedStage,
  StageNameCasing: fixStageNameCasing,
  NumericStageReference: fixNumericStageReference,
  StageIndexOutOfRange: fixStageIndexOutOfRange,
  ForwardStageReference: fixForwardStageReference,
  FromLaterStage: fixFromLaterStage,
  DuplicateStageName: fixDuplicateStageName,
  ReservedStageName: fixReservedStageName,
  InvalidStageName: fixInvalidStageName,
  UnusedStage: fixUnusedStage,
  VariableInFromFlag: fixVariableInFromFlag,
  ShellInShellLessBase: fixShellInShellLessBase,
  FromAsCasing: fixFromAsCasing,
  UndefinedArgInFrom: fixUndefinedArgInFrom,
  RedundantTargetPlatform: fixRedundantTargetPlatform,
  MultipleInstructionsDisallowed: fixMultipleInstructionsDisallowed,
  FromStageCasing: fixFromStageCasing,
};
