/** Helpers for the code-action tests: diagnose inline text, ask for the fixes, apply one, diagnose again. */
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-types';
import { computeCodeActions } from '../../server/src/actions';
import { applyTextEdits } from '../../server/src/actions/edits';
import { computeStageDiagnostics, type DiagnosticsOptions } from '../../server/src/features/diagnostics';
import { analyzeDocument } from '../../server/src/analysis/documentAnalysis';
import type { TagChecks } from '../../server/src/knowledge/imageTags';
import { documentOf } from '../support/diagnose';

export function diagnosticsOf(text: string, options: DiagnosticsOptions = {}): Diagnostic[] {
  return computeStageDiagnostics(analyzeDocument(documentOf(text)), options);
}

/** The code actions offered for the `nth` diagnostic with `code`, requested on its own range. */
export function fixesFor(text: string, code: string, nth = 0, options: DiagnosticsOptions = {}): { diagnostic: Diagnostic; actions: CodeAction[] } {
  const diagnostic = diagnosticsOf(text, options).filter((d) => d.code === code)[nth];
  assert.ok(diagnostic, `a ${code} diagnostic is raised`);
  const actions = computeCodeActions(analyzeDocument(documentOf(text)), diagnostic.range, [diagnostic]).filter((action) => action.kind === 'quickfix');
  return { diagnostic, actions };
}

/** The refactors offered on `range`; `tags`: what the registry said of the images they would write. */
export function refactorsAt(text: string, range: Range, tags?: TagChecks): CodeAction[] {
  return computeCodeActions(analyzeDocument(documentOf(text)), range, [], { only: ['refactor'], tags });
}

export function applyAction(text: string, action: CodeAction): string {
  const edits = action.edit?.changes?.[documentOf(text).uri];
  assert.ok(edits, `"${action.title}" carries its edit`);
  return applyTextEdits(text, edits);
}

/** The preferred fix of the first `code` diagnostic, applied; asserts it fixes exactly that diagnostic. */
export function applyPreferredFix(text: string, code: string): { action: CodeAction; result: string } {
  const { diagnostic, actions } = fixesFor(text, code);
  const preferred = actions.filter((action) => action.isPreferred);
  assert.equal(preferred.length, 1, `one preferred fix for ${code}: ${actions.map((a) => a.title).join(' | ')}`);
  assert.deepEqual(preferred[0].diagnostics, [diagnostic]);
  return { action: preferred[0], result: applyAction(text, preferred[0]) };
}

export function codesOf(text: string): string[] {
  return diagnosticsOf(text).map((d) => String(d.code));
}
