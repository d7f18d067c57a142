/**
 * Code actions through VS Code's own command API: "Split into builder stage" on a single-stage
 * Go image, and the preferred UndefinedStage fix. Every action carries its WorkspaceEdit; applying
 * it must change the document and make the server drop the diagnostic.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture, stagecraftDiagnostics, waitFor, waitForDiagnostics } from './helpers';

async function codeActionsAt(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const found = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', document.uri, range);
  return found.filter((item): item is vscode.CodeAction => 'kind' in item || 'edit' in item);
}

function waitUntilGone(uri: vscode.Uri, code: string): Promise<true> {
  return waitFor(`${code} to clear on ${uri.path}`, () => (stagecraftDiagnostics(uri, code).length === 0 ? true : undefined));
}

/** Puts the fixture's text back so later suites see it as it is on disk. */
async function restore(document: vscode.TextDocument, text: string): Promise<void> {
  if (document.getText() === text) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.equal(await vscode.workspace.applyEdit(edit), true, 'the fixture text is restored');
}

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

suite('code actions', () => {
  test('the toolchain warning on a single-stage Go image offers "Split into builder stage", which splits the file', async () => {
    const document = await openFixture('go-single.Dockerfile');
    const original = document.getText();
    const [warning] = await waitForDiagnostics(document.uri, 'BuildToolsInFinalStage');
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(document.lineAt(warning.range.start.line).text, 'FROM golang:1.22');
    try {
      const actions = await codeActionsAt(document, warning.range);
      const splits = actions.filter((action) => action.title.startsWith('Split into builder stage'));
      assert.ok(splits.length > 0, `offered: ${actions.map((action) => action.title).join(' | ')}`);
      const split = splits.find((action) => action.kind?.contains(vscode.CodeActionKind.QuickFix)) ?? splits[0];
      assert.ok(split.edit, 'the action carries its WorkspaceEdit');
      // The split's edits carry change annotations that need confirmation: VS Code would open its
      // refactor preview and wait for a click. The test applies the same edits without the metadata.
      const entries = split.edit.entries();
      assert.ok(entries.length > 0 && entries[0][1].length > 1, 'the split comes as several labelled edits');
      const plain = new vscode.WorkspaceEdit();
      for (const [uri, edits] of entries) plain.set(uri, edits);
      assert.equal(await vscode.workspace.applyEdit(plain), true);

      const text = document.getText();
      assert.equal(count(text, /^FROM /gm), 2, `two stages:\n${text}`);
      assert.match(text, /^FROM golang:1\.22 AS builder$/m);
      assert.match(text, /^COPY --from=builder \S+ \S+/m);
      assert.match(text, /^RUN go build -o \/out\/server \.\/cmd\/server$/m, 'the build stays, verbatim');
      assert.ok(text.indexOf('RUN go build') < text.lastIndexOf('FROM '), 'the build is in the builder stage');
      assert.ok(text.indexOf('EXPOSE 8080') > text.lastIndexOf('FROM '), 'EXPOSE moves to the runtime stage');
      assert.ok(text.indexOf('CMD ') > text.lastIndexOf('FROM '), 'CMD moves to the runtime stage');
      await waitUntilGone(document.uri, 'BuildToolsInFinalStage');
      assert.deepEqual(stagecraftDiagnostics(document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
    } finally {
      await restore(document, original);
    }
  });

  test('the UndefinedStage fix "Change to \'builder\'" is preferred and clears the error', async () => {
    const document = await openFixture('Dockerfile');
    const original = document.getText();
    const [error] = await waitForDiagnostics(document.uri, 'UndefinedStage');
    try {
      const actions = await codeActionsAt(document, error.range);
      const preferred = actions.filter((action) => action.isPreferred);
      assert.deepEqual(preferred.map((action) => action.title), ['Change to \'builder\''], `offered: ${actions.map((action) => action.title).join(' | ')}`);
      assert.ok(preferred[0].kind?.contains(vscode.CodeActionKind.QuickFix), 'a quick fix');
      assert.ok(preferred[0].edit, 'the fix carries its WorkspaceEdit');
      assert.equal(await vscode.workspace.applyEdit(preferred[0].edit), true);
      assert.equal(document.lineAt(error.range.start.line).text, 'COPY --from=builder /out/app /usr/local/bin/app');
      await waitUntilGone(document.uri, 'UndefinedStage');
    } finally {
      await restore(document, original);
      await waitForDiagnostics(document.uri, 'UndefinedStage'); // the next suites expect the typo
    }
  });
});
