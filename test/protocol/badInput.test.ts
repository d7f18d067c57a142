/** Bad input through the real server over stdio: diagnostics or nothing, no exception in its log, and it keeps answering. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { LspProcess, SERVER_PATH } from '../support/lspProcess';
import { BAD_INPUTS } from '../support/badInputs';

/** Generous bounds against hangs; speed is benchmarked elsewhere. */
const DIAGNOSTICS_BOUND_MS = 60_000;

if (!existsSync(SERVER_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

/** Sends a didOpen whose text holds raw bytes that are not UTF-8 (the JSON around them is). */
function openWithRawBytes(server: LspProcess, uri: string, bytes: Buffer): void {
  const [before, after] = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'dockerfile', version: 1, text: '@@RAW@@' } } }).split('@@RAW@@');
  const body = Buffer.concat([Buffer.from(before, 'utf8'), bytes, Buffer.from(after, 'utf8')]);
  // The helper speaks valid JSON-RPC only; this one message has to go on the wire by hand.
  const child = (server as unknown as { child: ChildProcessWithoutNullStreams }).child;
  child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  child.stdin.write(body);
}

test('the server survives every bad input, answers afterwards, logs no exception, and exits 0', { timeout: 300_000 }, async () => {
  const server = await LspProcess.start();
  try {
    await server.initialize({ languageFeatures: 'all' });
    let n = 0;
    for (const [name, text] of Object.entries(BAD_INPUTS)) {
      const uri = `file:///tmp/stagecraft-bad-input/${n++}/Dockerfile`;
      const published = server.nextDiagnostics(uri, 1, DIAGNOSTICS_BOUND_MS);
      server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
      const { diagnostics } = await published;
      assert.ok(Array.isArray(diagnostics), name);
      const symbols = await server.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } }, DIAGNOSTICS_BOUND_MS);
      assert.ok(Array.isArray(symbols), name);
      const hover = await server.request<unknown>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } }, DIAGNOSTICS_BOUND_MS);
      assert.ok(hover === null || typeof hover === 'object', name);
      server.notify('textDocument/didClose', { textDocument: { uri } });
    }

    // Bytes that are not UTF-8 on the wire: vscode-jsonrpc drops such a message before it reaches
    // us, so "nothing" is the answer; what matters is that the stream stays in sync.
    const rawUri = 'file:///tmp/stagecraft-bad-input/raw/Dockerfile';
    openWithRawBytes(server, rawUri, Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xc3, 0x28, 0xff, 0x0a, 0x46, 0x52, 0x4f, 0x4d, 0x20, 0x62, 0x0a]));
    const rawSymbols = await server.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: rawUri } }, DIAGNOSTICS_BOUND_MS);
    assert.ok(Array.isArray(rawSymbols));

    // Still answering with real results after all of that.
    const uri = 'file:///tmp/stagecraft-bad-input/after/Dockerfile';
    const after = server.nextDiagnostics(uri, 1);
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM golang AS builder\nFROM alpine\nCOPY --from=buildr /a /a\n' } });
    assert.deepEqual((await after).diagnostics.filter((d) => d.source === 'stagecraft').map((d) => d.code), ['UndefinedStage']);

    assert.deepEqual(server.logs.filter((line) => /failed|uncaught|unhandled/i.test(line)), []);
  } finally {
    assert.equal(await server.shutdown(), 0);
  }
});
