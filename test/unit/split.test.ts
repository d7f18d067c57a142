/**
 * "Split into builder stage" over the fixture corpus: for each single-stage Dockerfile the split
 * is offered, leaves no error diagnostic, loses no instruction, offers nothing more when applied
 * again, and matches its reviewed snapshot (UPDATE_SNAPSHOTS=1 rewrites them).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type AnnotatedTextEdit, type CodeAction, type Diagnostic, type TextDocumentEdit, type TextEdit } from 'vscode-languageserver-types';
import { applyTextEdits } from '../../server/src/actions/edits';
import { splitBuilderActions } from '../../server/src/actions/splitBuilder';
import { computeStageDiagnostics, findingsToDiagnostics } from '../../server/src/features/diagnostics';
import { checkBuildTools } from '../../server/src/rules/buildToolsRule';
import { analyzeDocument } from '../../server/src/analysis/documentAnalysis';
import { directoryContext } from '../../server/src/workspace/contextFiles';
import { documentOf } from '../support/diagnose';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'single-stage');
const SNAPSHOTS = path.join(__dirname, '..', 'snapshots', 'split');

interface SplitOutcome {
  actions: CodeAction[];
  buildTools: Diagnostic[];
  result?: string;
}

/** The actions offered on the FROM of the fixture (with its BuildToolsInFinalStage diagnostic, if any) and the refactor applied. */
function splitFixture(dir: string, text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')): SplitOutcome {
  const document = documentOf(text, pathToFileURL(path.join(dir, 'Dockerfile')).href);
  const analysis = analyzeDocument(document);
  const buildTools = findingsToDiagnostics(analysis, checkBuildTools(analysis.model));
  const from = analysis.model.stages[analysis.model.stages.length - 1].from;
  const range = { start: document.positionAt(from.span.start), end: document.positionAt(from.span.start) };
  const actions = splitBuilderActions(analysis, range, buildTools, directoryContext(dir));
  const chosen = actions.find((action) => action.kind === 'quickfix') ?? actions[0];
  const edits = chosen?.edit?.changes?.[document.uri];
  return { actions, buildTools, result: edits ? applyTextEdits(text, edits) : undefined };
}

/** Each instruction as BuildKit reads it (continuations joined), FROM lines aside. */
function instructionTexts(text: string): string[] {
  return analyzeDocument(documentOf(text)).model.scanned.instructions.filter((i) => i.keyword !== 'FROM').map((i) => `${i.keyword} ${i.line.text.slice(i.keywordSpan.end - i.span.start).trim()}`);
}

function missingInstructions(before: string, after: string): string[] {
  const remaining = instructionTexts(after);
  const missing: string[] = [];
  for (const instruction of instructionTexts(before)) {
    const at = remaining.indexOf(instruction);
    if (at < 0) missing.push(instruction);
    else remaining.splice(at, 1);
  }
  return missing;
}

/** A fixture's own expectation (expect.json): `{ "refused": "pattern" }` when the split must not be offered. */
function expectationOf(dir: string): { refused?: string } {
  const file = path.join(dir, 'expect.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { refused?: string }) : {};
}

/** The labelled edits of an action: every one names an annotation that needs confirmation, and together they give the same text. */
function assertLabelledEdits(action: CodeAction, text: string, uri: string, wholeResult: string): void {
  const edit = action.edit;
  assert.ok(edit?.documentChanges && edit.changeAnnotations, 'annotated document changes');
  const change = edit.documentChanges[0] as TextDocumentEdit;
  assert.equal(change.textDocument.uri, uri);
  for (const textEdit of change.edits) {
    const id = (textEdit as AnnotatedTextEdit).annotationId;
    assert.ok(id && edit.changeAnnotations[id], `edit annotated with a known id (${id})`);
    assert.equal(edit.changeAnnotations[id].needsConfirmation, true);
    assert.ok(edit.changeAnnotations[id].label.length > 0);
  }
  assert.equal(applyTextEdits(text, change.edits as TextEdit[]), wholeResult, 'the labelled edits give the same text as the whole replacement');
}

const fixtures = fs.readdirSync(FIXTURES).filter((name) => fs.existsSync(path.join(FIXTURES, name, 'Dockerfile'))).sort();

describe('split into builder stage: fixture corpus', () => {
  it('has at least 25 single-stage fixtures', () => {
    assert.ok(fixtures.length >= 25, `${fixtures.length} fixtures`);
  });

  for (const name of fixtures) {
    it(name, () => {
      const dir = path.join(FIXTURES, name);
      const original = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
      const { actions, buildTools, result } = splitFixture(dir, original);
      assert.equal(analyzeDocument(documentOf(original)).model.stages.length, 1, 'fixtures are single-stage');
      const expected = expectationOf(dir);
      if (expected.refused) {
        assert.deepEqual(actions.map((action) => action.title), [], 'not offered: the image needs its toolchain at runtime');
        return;
      }
      assert.ok(actions.some((action) => action.kind === 'refactor.rewrite' && action.title.startsWith('Split into builder stage')), 'the refactor is offered on FROM');
      for (const action of actions) assert.equal(action.command, undefined, 'edits, not commands');
      const quickFix = actions.find((action) => action.kind === 'quickfix');
      assert.equal(Boolean(quickFix), buildTools.length > 0, 'a quick fix exactly when BuildToolsInFinalStage is raised');
      if (quickFix) assert.equal(quickFix.isPreferred, true);
      assert.ok(result, 'the action carries an edit');

      const errors = computeStageDiagnostics(analyzeDocument(documentOf(result))).filter((d) => d.severity === DiagnosticSeverity.Error);
      assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), []);
      assert.deepEqual(missingInstructions(original, result), [], 'no instruction lost');
      const model = analyzeDocument(documentOf(result)).model;
      assert.equal(model.stages.length, 2);
      assert.equal(model.stages[0].base, analyzeDocument(documentOf(original)).model.stages[0].base, 'the builder keeps the original base as written');
      assert.ok(model.references.some((r) => r.kind === 'copy' && r.target === 0 && r.inStage === 1), 'the runtime copies from the builder');
      if (/<artifact>/.test(result)) assert.match(result, /TODO\(stagecraft\)/, 'an unknown artifact comes with a marked comment');
      const todo = /TODO\(stagecraft\)/.test(result);
      for (const action of actions) assert.equal(action.title.includes('needs a manual fix'), todo, 'the title says when the result needs a manual fix');
      for (const action of actions) assertLabelledEdits(action, original, pathToFileURL(path.join(dir, 'Dockerfile')).href, result);

      const again = splitFixture(dir, result);
      assert.deepEqual(again.buildTools.map((d) => d.message), [], 'the runtime stage ships no build tools');
      assert.deepEqual(again.actions.map((a) => a.title), [], 'nothing more to split');

      const snapshot = path.join(SNAPSHOTS, `${name}.Dockerfile`);
      if (process.env.UPDATE_SNAPSHOTS === '1') fs.writeFileSync(snapshot, result);
      assert.ok(fs.existsSync(snapshot), `snapshot ${snapshot} missing: run with UPDATE_SNAPSHOTS=1 and review it`);
      assert.equal(result, fs.readFileSync(snapshot, 'utf8'));
    });
  }
});
