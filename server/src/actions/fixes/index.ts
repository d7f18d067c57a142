/** Diagnostic code → its quick fix. */
import { fixNumericStageReference } from './NumericStageReference';
import { fixStageNameCasing } from './StageNameCasing';
import { fixUndefinedStage } from './UndefinedStage';
import type { QuickFixProvider } from './fixContext';

export const QUICK_FIXES: Readonly<Record<string, QuickFixProvider>> = {
  UndefinedStage: fixUndefinedStage,
  StageNameCasing: fixStageNameCasing,
  NumericStageReference: fixNumericStageReference,
};
