/** Symbols, references and hover on stages, through VS Code's own command API. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverText, openFixture, waitForDiagnostics } from './helpers';

async function typoDockerfile(): Promise<vscode.TextDocument> {
  const document = await openFixture('Dockerfile');
  await waitForDiagnostics(document.uri, 'UndefinedStage'); // the server knows the document
  return document;
}

suite('navigation', () => {
  test('document symbols: one per stage, instructions as children', async () => {
    const document = await typoDockerfile();
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.deepEqual(symbols.map((symbol) => symbol.name), ['builder', 'test', 'stage 2']);
    assert.deepEqual(symbols.map((symbol) => symbol.kind), [vscode.SymbolKind.Module, vscode.SymbolKind.Module, vscode.SymbolKind.Module]);
    assert.deepEqual(symbols[0].children.map((child) => child.name), ['WORKDIR', 'COPY', 'RUN']);
    assert.equal(symbols[0].range.start.line, 1);
    assert.equal(symbols[2].range.start.line, 10);
  });

  test('references of the stage builder: its definition and the --from=builder', async () => {
    const document = await typoDockerfile();
    const definition = new vscode.Position(1, document.lineAt(1).text.indexOf('builder') + 2);
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', document.uri, definition);
    const found = locations
      .filter((location) => location.uri.toString() === document.uri.toString())
      .map((location) => `${location.range.start.line}:${location.range.start.character}-${location.range.end.character} ${document.getText(location.range)}`)
      .sort();
    assert.deepEqual(found, ['1:27-34 builder', '7:12-19 builder']);
  });

  test('hover on --from=builder describes the stage', async () => {
    const document = await typoDockerfile();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(7, 15));
    const text = hoverText(hovers);
    assert.match(text, /Stage `builder`/);
    assert.match(text, /stage 0, line 2/);
    assert.match(text, /golang:1\.22-alpine/);
    assert.match(text, /used by: 'test'/);
    assert.match(text, /not built by default/); // builder only feeds 'test', which the final stage does not use
  });
});
