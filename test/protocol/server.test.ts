/** Speaks LSP over stdio to the built server (`node dist/server.js --stdio`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspProcess } from '../support/lspProcess';

const URI = 'file:///tmp/stagecraft-protocol/Dockerfile';
const TEXT = 'FROM golang AS builder\nRUN go build -o /app\nFROM alpine\nCOPY --from=buildr /app /app\n';

test('the server answers initialize, publishes diagnostics, follows edits, and shuts down cleanly', async () => {
  const server = await LspProcess.start();
  try {
    const init = await server.initialize();
    assert.equal(init.serverInfo?.name, 'stagecraft');
    assert.ok(init.capabilities.referencesProvider);
    server.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: TEXT } });
    const first = await server.nextDiagnostics(URI, 1);
    const undefinedStage = first.diagnostics.find((d) => d.code === 'UndefinedStage');
    assert.ok(undefinedStage, 'UndefinedStage published');
    assert.deepEqual(undefinedStage.range, { start: { line: 3, character: 12 }, end: { line: 3, character: 18 } });

    server.notify('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: { line: 3, character: 12 }, end: { line: 3, character: 18 } }, text: 'builder' }],
    });
    const second = await server.nextDiagnostics(URI, 2);
    assert.equal(second.version, 2);
    assert.deepEqual(second.diagnostics.filter((d) => d.source === 'stagecraft'), []);

    const references = await server.request<{ range: { start: { line: number } } }[]>('textDocument/references', {
      textDocument: { uri: URI }, position: { line: 0, character: 17 }, context: { includeDeclaration: true },
    });
    assert.deepEqual(references.map((r) => r.range.start.line), [0, 3]);

    const symbols = await server.request<{ name: string; children?: unknown[] }[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    assert.deepEqual(symbols.map((s) => s.name), ['builder', 'stage 1']);
    assert.equal(symbols[0].children?.length, 1);
  } finally {
    const code = await server.shutdown();
    assert.equal(code, 0);
  }
});
