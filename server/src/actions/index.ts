/**
 * Every Stagecraft code action for a request: the quick fix of each of our diagnostics in the
 * request, and the refactors offered where the range is. Each action carries its edit.
 */
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../rules/ruleCatalog';
import type { DockerfileAnalysis } from '../analysis/documentAnalysis';
import { baseSwitchActions } from './baseSwitch';
import { QUICK_FIXES } from './fixes';
import { splitBuilderActions } from './splitBuilder';
import type { ContextFiles } from '../workspace/contextFiles';
import type { TagChecks } from '../knowledge/imageTags';

export interface CodeActionOptions {
  /** The kinds the client asked for (`context.only`); all when absent. */
  only?: readonly string[];
  /** Where a failing provider is reported; the other providers still answer. */
  log?: (message: string) => void;
  /** The build context's files (the split reads go.mod, package.json...); default: read from the document's folder. */
  context?: ContextFiles;
  /** What the registry said of the images an action would write; default: nothing known (look-ups off). */
  tags?: TagChecks;
}

/** A kind matches a requested kind when it is that kind or a sub-kind (`refactor.rewrite` matches `refactor`). */
export function kindRequested(kind: string | undefined, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return kind !== undefined && only.some((wanted) => kind === wanted || kind.startsWith(`${wanted}.`));
}

function guarded(name: string, options: CodeActionOptions, provide: () => CodeAction[]): CodeAction[] {
  try {
    return provide();
  } catch (error) {
    options.log?.(`code action ${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return [];
  }
}

function quickFixes(analysis: DockerfileAnalysis, diagnostics: readonly Diagnostic[], options: CodeActionOptions): CodeAction[] {
  const { document } = analysis;
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const code = String(diagnostic.code);
    const provider = QUICK_FIXES[code];
    if (!provider) continue;
    const span = { start: document.offsetAt(diagnostic.range.start), end: document.offsetAt(diagnostic.range.end) };
    actions.push(...guarded(code, options, () => provider({ analysis, diagnostic, span })));
  }
  return actions;
}

function stageRewrites(analysis: DockerfileAnalysis, range: Range, diagnostics: readonly Diagnostic[], options: CodeActionOptions): CodeAction[] {
  return [
    ...guarded('baseSwitch', options, () => baseSwitchActions(analysis, range, options.tags)),
    // "Split into builder stage": the quick fix of BuildToolsInFinalStage and a refactor on a single stage's FROM.
    ...guarded('splitBuilder', options, () => splitBuilderActions(analysis, range, diagnostics, options.context, options.tags, options.log)),
  ];
}

export function computeCodeActions(analysis: DockerfileAnalysis, range: Range, diagnostics: readonly Diagnostic[], options: CodeActionOptions = {}): CodeAction[] {
  const actions = [...quickFixes(analysis, diagnostics, options), ...stageRewrites(analysis, range, diagnostics, options)];
  return actions.filter((action) => kindRequested(action.kind, options.only));
}
