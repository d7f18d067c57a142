/** The server's LSP features over stdio: capabilities per languageFeatures, hover, folding, references, symbols, edits, close. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { LspProcess, SERVER_PATH } from '../support/lspProcess';

if (!existsSync(SERVER_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

type Position = { line: number; character: number };
type Range = { start: Position; end: Position };
interface Symbol { name: string; kind: number; range: Range; selectionRange: Range; children?: Symbol[] }

const URI = 'file:///tmp/stagecraft-features/Dockerfile';
const TEXT = [
  'ARG GO=1.22', //                                  0
  'FROM golang:${GO} AS builder', //                 1
  'WORKDIR /src', //                                 2
  'RUN go build -o /app .', //                       3
  '', //                                             4
  'FROM alpine:3.20 AS test', //                     5
  'COPY --from=builder /app /app', //                6
  'RUN /app --self-test', //                         7
  '', //                                             8
  'FROM gcr.io/distroless/static', //                9
  'COPY --from=builder /app /app', //                10
  'EXPOSE notaport', //                              11
  'ENTRYPOINT ["/app"]', //                          12
  '',
].join('\n');

async function withServer(body: (server: LspProcess) => Promise<void>): Promise<void> {
  const server = await LspProcess.start();
  try {
    await body(server);
    assert.deepEqual(server.logs.filter((line) => /failed|uncaught|unhandled/i.test(line)), []);
  } finally {
    assert.equal(await server.shutdown(), 0, 'shutdown + exit ends the process with code 0');
  }
}

async function open(server: LspProcess, text = TEXT, uri = URI) {
  const published = server.nextDiagnostics(uri, 1);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  return published;
}

test("capabilities: 'all' offers the standard features, 'stagesOnly' only ours (no completion, formatting or generic validation)", async () => {
  await withServer(async (server) => {
    const { capabilities } = await server.initialize({ languageFeatures: 'all' });
    for (const key of ['completionProvider', 'documentFormattingProvider', 'renameProvider', 'definitionProvider', 'referencesProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'hoverProvider']) {
      assert.ok(capabilities[key], `all: ${key}`);
    }
    // Ours are published at once; dockerfile-utils' validation follows once edits pause, merged in.
    const first = await open(server);
    assert.ok(first.diagnostics.some((d) => d.source === 'stagecraft'), 'stage diagnostics in the first publish');
    let { diagnostics } = first;
    for (let publishes = 0; publishes < 5 && !diagnostics.some((d) => d.source === 'dockerfile-utils'); publishes++) {
      ({ diagnostics } = await server.nextDiagnostics(URI, 1));
    }
    assert.ok(diagnostics.some((d) => d.source === 'dockerfile-utils' && d.range.start.line === 11), 'dockerfile-utils validates in all');
    assert.ok(diagnostics.some((d) => d.source === 'stagecraft'), 'ours kept in the merged publish');
  });
  await withServer(async (server) => {
    const { capabilities } = await server.initialize({ languageFeatures: 'stagesOnly' });
    for (const key of ['completionProvider', 'documentFormattingProvider', 'documentRangeFormattingProvider', 'documentOnTypeFormattingProvider', 'renameProvider', 'definitionProvider']) {
      assert.equal(capabilities[key], undefined, `stagesOnly: no ${key}`);
    }
    for (const key of ['referencesProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'hoverProvider']) assert.ok(capabilities[key], `stagesOnly: ${key}`);
    const { diagnostics } = await open(server);
    assert.deepEqual(diagnostics.filter((d) => d.source !== 'stagecraft'), [], 'no generic validation in stagesOnly');
  });
});

test('hover on a --from value shows the stage; folding per stage; references with and without the declaration', async () => {
  await withServer(async (server) => {
    await server.initialize({ languageFeatures: 'stagesOnly' });
    await open(server);
    const hover = await server.request<{ contents: { kind: string; value: string }; range: Range }>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 6, character: 15 } });
    assert.deepEqual(hover.range, { start: { line: 6, character: 12 }, end: { line: 6, character: 19 } });
    assert.match(hover.contents.value, /Stage `builder`.*line 2/);
    assert.match(hover.contents.value, /base: `golang:\$\{GO\}`/);
    assert.match(hover.contents.value, /used by: 'test', 2/);
    assert.equal(await server.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 3, character: 2 } }), null);

    const folding = await server.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri: URI } });
    assert.deepEqual(folding.map((range) => [range.startLine, range.endLine]), [[1, 3], [5, 7], [9, 12]]);

    const position = { line: 1, character: 23 };
    const withDeclaration = await server.request<{ uri: string; range: Range }[]>('textDocument/references', { textDocument: { uri: URI }, position, context: { includeDeclaration: true } });
    assert.deepEqual(withDeclaration.map((l) => [l.range.start.line, l.range.start.character, l.range.end.character]), [[1, 21, 28], [6, 12, 19], [10, 12, 19]]);
    assert.ok(withDeclaration.every((l) => l.uri === URI));
    const withoutDeclaration = await server.request<{ range: Range }[]>('textDocument/references', { textDocument: { uri: URI }, position: { line: 10, character: 13 }, context: { includeDeclaration: false } });
    assert.deepEqual(withoutDeclaration.map((l) => l.range.start.line), [6, 10]);
  });
});

test('documentSymbol: global ARGs, then each stage with its instructions as children', async () => {
  await withServer(async (server) => {
    await server.initialize({ languageFeatures: 'stagesOnly' });
    await open(server);
    const symbols = await server.request<Symbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    assert.deepEqual(symbols.map((s) => s.name), ['GO', 'builder', 'test', 'stage 2']);
    assert.deepEqual(symbols.map((s) => (s.children ?? []).map((c) => c.name)), [[], ['WORKDIR', 'RUN'], ['COPY', 'RUN'], ['COPY', 'EXPOSE', 'ENTRYPOINT']]);
    assert.deepEqual(symbols[1].range, { start: { line: 1, character: 0 }, end: { line: 3, character: 22 } });
    assert.deepEqual(symbols[1].selectionRange, { start: { line: 1, character: 21 }, end: { line: 1, character: 28 } });
    for (const symbol of symbols) {
      for (const child of symbol.children ?? []) {
        assert.ok(child.range.start.line >= symbol.range.start.line && child.range.end.line <= symbol.range.end.line, `${child.name} inside ${symbol.name}`);
      }
    }
  });
});

test('didChange: incremental edits across lines are applied in order; didClose clears the diagnostics', async () => {
  await withServer(async (server) => {
    await server.initialize({ languageFeatures: 'stagesOnly' });
    const text = 'FROM golang AS builder\nRUN go build\nFROM alpine\nCOPY --from=builder /a /a\n';
    assert.deepEqual((await open(server, text)).diagnostics, []);

    // One edit that replaces text across two lines (end of line 1 to the middle of line 3),
    // then a second edit whose positions only make sense after the first one.
    const second = server.nextDiagnostics(URI, 2);
    server.notify('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [
        { range: { start: { line: 1, character: 12 }, end: { line: 3, character: 19 } }, text: '\nFROM alpine AS final\nCOPY --from=buildr' },
        { range: { start: { line: 3, character: 12 }, end: { line: 3, character: 18 } }, text: 'bilder' },
      ],
    });
    const published = await second;
    assert.equal(published.version, 2);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]), [['UndefinedStage', 3, 12, 18]]);

    const closed = server.nextDiagnostics(URI);
    server.notify('textDocument/didClose', { textDocument: { uri: URI } });
    assert.deepEqual((await closed).diagnostics, []);
  });
});
