/** Our diagnostics reach VS Code with their exact range, and follow edits. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, openFixture, rangeOf, stagecraftDiagnostics, waitFor, waitForDiagnostics } from './helpers';

suite('diagnostics', () => {
  test('a COPY --from=buildr typo is an UndefinedStage error on exactly "buildr"', async () => {
    const document = await openFixture('Dockerfile');
    const [diagnostic, ...others] = await waitForDiagnostics(document.uri, 'UndefinedStage');
    assert.equal(others.length, 0, 'one UndefinedStage');
    assert.deepEqual(rangeOf(diagnostic.range), [11, 12, 11, 18]);
    assert.equal(document.getText(diagnostic.range), 'buildr');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /did you mean 'builder'\?/);
    assert.match(diagnostic.message, /docker\.io\/library\/buildr/);
    const code = diagnostic.code;
    assert.ok(typeof code === 'object' && code.target.toString().includes('UndefinedStage'), 'the code links to the rule page');
  });

  test('a clean multi-stage Dockerfile.dev gets no stagecraft diagnostics', async () => {
    const document = await openFixture('Dockerfile.dev');
    // The server has the document once it answers a request about it; diagnostics come right after.
    const symbols = await waitFor('symbols of Dockerfile.dev', async () => {
      const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri);
      return found && found.length > 0 ? found : undefined;
    });
    assert.deepEqual(symbols.map((symbol) => symbol.name), ['deps', 'dev']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(stagecraftDiagnostics(document.uri).map((d) => `${diagnosticCode(d)}: ${d.message}`), []);
  });

  test('fixing the typo with a WorkspaceEdit clears the diagnostic in a Containerfile', async () => {
    const document = await openFixture('Containerfile');
    const [diagnostic] = await waitForDiagnostics(document.uri, 'UndefinedStage');
    assert.equal(document.getText(diagnostic.range), 'bas');
    assert.match(diagnostic.message, /did you mean 'base'\?/);

    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, diagnostic.range, 'base');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    assert.equal(document.lineAt(4).text, 'COPY --from=base /greeting /greeting');
    await waitFor('the UndefinedStage to clear', () => (stagecraftDiagnostics(document.uri).length === 0 ? true : undefined));

    // Put the typo back: the diagnostic returns, so the clearing above was the server's answer to the edit.
    const undo = new vscode.WorkspaceEdit();
    undo.replace(document.uri, new vscode.Range(4, 12, 4, 16), 'bas');
    assert.equal(await vscode.workspace.applyEdit(undo), true);
    const [again] = await waitForDiagnostics(document.uri, 'UndefinedStage');
    assert.deepEqual(rangeOf(again.range), [4, 12, 4, 15]);
  });
});
