import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SizeLensFeature } from '../../server/src/features/sizeLens';
import type { ImageSizeQuery, ImageSizeResult } from '../../server/src/registry/types';
import { LspProcess } from '../support/lspProcess';

const DOCKERFILE = [
  'FROM golang:1.22 AS builder',
  'RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app .',
  'FROM builder AS test',
  'RUN go test ./...',
  'FROM alpine:3.20',
  'COPY --from=builder /out/app /app',
].join('\n');

test('lens texts: the final image first with the saving, the builder, the stage not built by default', () => {
  const feature = new SizeLensFeature({ registry: () => undefined, lookupsAllowed: () => false, refresh: () => undefined, log: () => undefined });
  const lenses = feature.codeLenses(TextDocument.create('untitled:Dockerfile', 'dockerfile', 1, DOCKERFILE));
  const titles = lenses.map((lens) => lens.command!.title);
  assert.equal(titles.length, 3);
  assert.match(titles[0], /^builder ≈ \d+ MB · not in the final image$/);
  assert.equal(titles[1], 'test · not built by default');
  assert.match(titles[2], /^Final image ≈ [\d.]+ MB \([\d.]+ MB to pull\) · 9\d% smaller than shipping the builder$/);
  assert.deepEqual(lenses.map((lens) => lens.range.start.line), [0, 2, 4]);
  assert.equal(lenses[2].command!.command, 'stagecraft.estimateImageSize');
  assert.deepEqual(lenses[2].command!.arguments, ['untitled:Dockerfile']);
  feature.configure({ sizeLens: { enabled: false } });
  assert.deepEqual(feature.codeLenses(TextDocument.create('untitled:Dockerfile', 'dockerfile', 1, DOCKERFILE)), []);
});

test('the lens shows the catalog figure at once, asks for a refresh when the registry answers, then shows the registry figure', async () => {
  const asked: ImageSizeQuery[] = [];
  let refreshed = 0;
  const registry = {
    lookup: async (query: ImageSizeQuery): Promise<ImageSizeResult> => {
      asked.push(query);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return query.image.startsWith('alpine')
        ? { ok: true, size: { compressedBytes: 10_000_000, layers: 1, digest: 'sha256:' + 'a'.repeat(64), registry: 'registry-1.docker.io', fetchedAt: Date.now(), fromCache: false } }
        : { ok: false, reason: 'registry-1.docker.io did not answer in 5 s' };
    },
  };
  const feature = new SizeLensFeature({ registry: () => registry, lookupsAllowed: () => true, refresh: () => refreshed++, log: () => undefined });
  const document = TextDocument.create('untitled:Dockerfile', 'dockerfile', 1, DOCKERFILE);
  const first = feature.codeLenses(document);
  assert.match(first[2].command!.title, /^Final image ≈ 1\d MB/, 'catalog: alpine ≈ 8.4 MB plus the binary');
  // Polled with a generous bound: a fixed 150 ms wait was flaky on a loaded machine.
  for (const started = Date.now(); refreshed === 0 && Date.now() - started < 5_000; ) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(refreshed, 1, 'one refresh for both answers');
  assert.deepEqual(asked.map((query) => `${query.image} ${query.platform.architecture}`).sort(), ['alpine:3.20 amd64', 'golang:1.22 amd64']);
  const second = feature.codeLenses(document);
  assert.match(second[2].command!.title, /^Final image ≈ 2\d MB \(1\d MB to pull\)/, 'registry: 10 MB compressed');
  const tooltip = (second[0].command as { tooltip?: string }).tooltip ?? '';
  assert.match(tooltip, /registry unreachable for golang:1\.22 \(registry-1\.docker\.io did not answer in 5 s\): catalog figure/);
  const report = await feature.estimateSize(document, { uri: document.uri, waitForRegistry: true });
  assert.equal(report.stages[2].parts[0].source, 'registry');
  assert.equal(report.stages[0].parts[0].source, 'catalog');
  assert.equal(asked.length, 2, 'answers are remembered');
});

test('the language server serves the lenses over stdio (textDocument/codeLens) and the estimateSize request', async () => {
  const server = await LspProcess.start();
  try {
    const init = await server.initialize({ trusted: false });
    assert.deepEqual(init.capabilities.codeLensProvider, { resolveProvider: false });
    const uri = 'untitled:Dockerfile';
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: DOCKERFILE } });
    const lenses = await server.request<{ range: { start: { line: number } }; command: { title: string; command: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((lens) => lens.range.start.line), [0, 2, 4]);
    assert.match(lenses[2].command.title, /^Final image ≈/);
    assert.equal(lenses[1].command.title, 'test · not built by default');
    server.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'FROM scratch\nLABEL a=b\n' }] });
    const changed = await server.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(changed.map((lens) => lens.command.title), ['Final image ≈ 0 B (0 B to pull)']);
    const report = await server.request<{ final: { uncompressed: number }; report: { summaries: string[] } }>('stagecraft/estimateSize', { uri, waitForRegistry: true });
    assert.equal(report.final.uncompressed, 0);
    assert.equal(report.report.summaries.length, 1);
  } finally {
    await server.shutdown();
  }
});

test('a lens request never walks the build context: the walk runs after the answer, then the lenses refresh once', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { pathToFileURL } = await import('node:url');
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-lens-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY data.bin /data.bin\n');
    writeFileSync(join(dir, 'data.bin'), Buffer.alloc(30_000_000));
    let refreshed = 0;
    const feature = new SizeLensFeature({ registry: () => undefined, lookupsAllowed: () => false, refresh: () => refreshed++, log: () => undefined });
    const document = TextDocument.create(pathToFileURL(join(dir, 'Dockerfile')).href, 'dockerfile', 1, 'FROM scratch\nCOPY data.bin /data.bin\n');
    const before = feature.codeLenses(document)[0].command!.title;
    assert.doesNotMatch(before, /30 MB/, `answered before the walk: ${before}`);
    for (const started = Date.now(); refreshed === 0 && Date.now() - started < 5_000; ) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(refreshed, 1, 'one refresh once the context is known');
    const after = feature.codeLenses(document)[0].command!.title;
    assert.match(after, /^Final image ≈ 30 MB/, after);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(refreshed, 1, 'no refresh loop: the context did not change');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the language server sizes COPY from the build context the workspace declares (a Makefile builds with the repository root)', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { pathToFileURL } = await import('node:url');
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-lens-context-'));
  const server = await LspProcess.start();
  try {
    mkdirSync(join(root, 'containers'));
    mkdirSync(join(root, 'data'));
    writeFileSync(join(root, 'data', 'blob.bin'), Buffer.alloc(20_000_000, 1));
    const dockerfile = join(root, 'containers', 'app.Dockerfile');
    writeFileSync(dockerfile, 'FROM scratch\nCOPY data/ /data/\n');
    writeFileSync(join(root, 'Makefile'), 'image:\n\tdocker build -f ./containers/app.Dockerfile -t app:latest .\n');
    await server.initialize({ trusted: false }, pathToFileURL(root).href);
    const uri = pathToFileURL(dockerfile).href;
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: readFileSync(dockerfile, 'utf8') } });
    // The workspace scan runs after initialize: ask until the report counts the folder (bounded).
    let final = 0;
    for (const started = Date.now(); final < 20_000_000 && Date.now() - started < 20_000; ) {
      final = (await server.request<{ final: { uncompressed: number } }>('stagecraft/estimateSize', { uri, waitForRegistry: false })).final.uncompressed;
      if (final < 20_000_000) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(final >= 20_000_000 && final < 21_000_000, `data/ read from the repository root: ${final} bytes`);
  } finally {
    await server.shutdown();
    rmSync(root, { recursive: true, force: true });
  }
});
