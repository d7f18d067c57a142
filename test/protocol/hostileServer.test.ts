/**
 * Hostile shapes through the real server over stdio: every request is answered within a generous
 * bound (a stall held every request of the editor for 8–30 s before), and the server still
 * answers afterwards. Build-context shapes go through the lens and the size report.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspProcess, SERVER_PATH } from '../support/lspProcess';
import { CONTEXT_SHAPES, createContext, TEXT_SHAPES } from '../support/hostileShapes';

const BOUND_MS = 10_000;
const BYTES = 64 * 1024;

if (!existsSync(SERVER_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

async function within<T>(what: string, promise: Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await promise;
  assert.ok(performance.now() - started < BOUND_MS, `${what} took ${Math.round(performance.now() - started)} ms`);
  return result;
}

test('the real server answers every request on every hostile shape, then still answers', { timeout: 600_000 }, async () => {
  const server = await LspProcess.start();
  try {
    await server.initialize({ languageFeatures: 'all' });
    let n = 0;
    for (const shape of TEXT_SHAPES) {
      const uri = `file:///nonexistent/stagecraft-hostile/${n++}/Dockerfile`;
      const text = shape.generate(BYTES);
      const published = server.nextDiagnostics(uri, 1, BOUND_MS * 3);
      server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
      const lenses = await within(`${shape.name}: codeLens`, server.request<unknown[]>('textDocument/codeLens', { textDocument: { uri } }, BOUND_MS));
      assert.ok(Array.isArray(lenses) && lenses.length > 0, shape.name);
      const { diagnostics } = await published;
      assert.ok(Array.isArray(diagnostics), shape.name);
      const end = { line: text.split('\n').length - 1, character: 0 };
      const actions = await within(`${shape.name}: codeAction`, server.request<unknown[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end }, context: { diagnostics } }, BOUND_MS));
      assert.ok(Array.isArray(actions), shape.name);
      await within(`${shape.name}: documentSymbol`, server.request('textDocument/documentSymbol', { textDocument: { uri } }, BOUND_MS));
      await within(`${shape.name}: hover`, server.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } }, BOUND_MS));
      const report = await within(`${shape.name}: estimateSize`, server.request<{ final: { uncompressed: number } } | null>('stagecraft/estimateSize', { uri }, BOUND_MS));
      assert.ok(report && Number.isSafeInteger(report.final.uncompressed), shape.name);
      server.notify('textDocument/didClose', { textDocument: { uri } });
    }
    for (const shape of CONTEXT_SHAPES) {
      const dir = createContext(shape);
      try {
        const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
        server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: shape.dockerfile } });
        await within(`${shape.name}: codeLens`, server.request('textDocument/codeLens', { textDocument: { uri } }, BOUND_MS));
        const report = await within(`${shape.name}: estimateSize`, server.request<{ stages: unknown[] } | null>('stagecraft/estimateSize', { uri }, BOUND_MS));
        assert.equal(report?.stages.length, 2, shape.name);
        server.notify('textDocument/didClose', { textDocument: { uri } });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const symbols = await server.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///nonexistent/stagecraft-hostile/0/Dockerfile' } }, BOUND_MS);
    assert.ok(symbols === null || Array.isArray(symbols), 'still answering');
    assert.equal(await server.shutdown(), 0);
  } finally {
    await server.shutdown().catch(() => undefined);
  }
});
