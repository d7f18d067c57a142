/** The standard features dockerfile-language-service brings, through our server over stdio ('all' mode). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspProcess } from '../support/lspProcess';

const URI = 'file:///tmp/stagecraft-standard/Dockerfile';
const TEXT = ['FROM golang:1.22 AS builder', 'RUN go build -o /app .', 'FROM alpine:3.20', 'COPY --from= /app /app', 'COPY --from=builder /etc/ssl /etc/ssl', ''].join('\n');

test('completion offers stage names after --from=; rename of a stage renames its references', async () => {
  const server = await LspProcess.start();
  try {
    await server.initialize({ languageFeatures: 'all' });
    const opened = server.nextDiagnostics(URI, 1);
    server.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: TEXT } });
    await opened;

    const items = await server.request<{ label: string }[] | { items: { label: string }[] }>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 3, character: 12 } });
    const labels = (Array.isArray(items) ? items : items.items).map((item) => item.label);
    assert.ok(labels.includes('builder'), `stage name offered: ${labels.join(', ')}`);

    const edit = await server.request<{ changes: Record<string, { range: { start: { line: number } }; newText: string }[]> }>('textDocument/rename', {
      textDocument: { uri: URI }, position: { line: 0, character: 22 }, newName: 'build',
    });
    const edits = edit.changes[URI];
    assert.deepEqual(edits.map((e) => [e.range.start.line, e.newText]).sort(), [[0, 'build'], [4, 'build']]);

    const formatted = await server.request<unknown[]>('textDocument/formatting', { textDocument: { uri: URI }, options: { tabSize: 4, insertSpaces: true } });
    assert.ok(Array.isArray(formatted));
  } finally {
    assert.equal(await server.shutdown(), 0);
  }
});
