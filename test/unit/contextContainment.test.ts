/**
 * Reads stay inside the build context, symlinks included: a real symlinked go.mod (and a
 * symlinked directory) pointing outside the context is not followed by any reader — the
 * split's files, the size engine (sync and async), or the server's cache. A link inside it is.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ContextFileCache, directoryContext, readInside } from '../../server/src/workspace/contextFiles';
import { contextEntry, loadBuildContext, readBuildContext, readContextText, settleEstimate } from '../../server/src/size/buildContext';
import { estimateDockerfile } from '../../server/src/size/estimator';
import { analyzeDocument } from '../../server/src/analysis/documentAnalysis';
import { documentOf } from '../support/diagnose';

const OUTSIDE_GO_MOD = 'module evil.example/outside\n\nrequire (\n\tgithub.com/a/b v1.0.0\n\tgithub.com/c/d v1.0.0\n\tgithub.com/e/f v1.0.0\n)\n';
const DOCKERFILE = 'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nCOPY --from=build /src/vendor /vendor\n';

function setUp(): { root: string; context: string } {
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-symlinks-'));
  mkdirSync(join(root, 'outside'));
  writeFileSync(join(root, 'outside', 'go.mod'), OUTSIDE_GO_MOD);
  mkdirSync(join(root, 'outside', 'vendor'));
  writeFileSync(join(root, 'outside', 'vendor', 'big.bin'), Buffer.alloc(100_000));
  const context = join(root, 'ctx');
  mkdirSync(context);
  writeFileSync(join(context, 'Dockerfile'), DOCKERFILE);
  symlinkSync('../outside/go.mod', join(context, 'go.mod'));
  symlinkSync(join(root, 'outside', 'vendor'), join(context, 'vendor'));
  writeFileSync(join(context, 'real.txt'), 'inside');
  symlinkSync('real.txt', join(context, 'alias.txt'));
  return { root, context };
}

test('a symlinked go.mod pointing outside the context is not read by any reader; a link inside is', async () => {
  const { root, context } = setUp();
  try {
    const files = directoryContext(context);
    assert.equal(files.read('go.mod'), undefined);
    assert.equal(files.exists('go.mod'), false);
    assert.equal(files.list?.('vendor'), undefined);
    assert.equal(files.read('alias.txt'), 'inside');
    assert.equal(await readInside(context, 'go.mod'), undefined);
    assert.equal(await readInside(context, 'alias.txt'), 'inside');

    const cache = new ContextFileCache();
    const view = cache.view(context);
    assert.equal(view.read('go.mod'), undefined);
    assert.deepEqual([...view.misses], ['file:go.mod']);
    await cache.load(context, view.misses);
    const loaded = cache.view(context);
    assert.equal(loaded.read('go.mod'), undefined);
    assert.equal(loaded.misses.size, 0, 'answered (as missing) from the cache');

    const sync = readBuildContext(context, join(context, 'Dockerfile'));
    assert.equal(readContextText(sync, 'go.mod'), undefined);
    assert.equal(contextEntry(sync, 'vendor'), undefined, 'a symlinked directory pointing outside is not measured');
    const analysis = analyzeDocument(documentOf(DOCKERFILE));
    const asyncContext = await loadBuildContext(context, join(context, 'Dockerfile'));
    const result = await settleEstimate(asyncContext, () => estimateDockerfile(analysis.model, analysis.graph, { file: 'Dockerfile', context: asyncContext, wantLookups: false }));
    const details = result.stages.flatMap((stage) => stage.parts.map((part) => part.detail)).join('\n');
    assert.match(details, /0 modules in go\.mod/, 'the outside go.mod (3 modules) was not read');
    assert.doesNotMatch(details, /measured at vendor/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a loaded context answers from memory only: misses are recorded, read asynchronously, then answered', async () => {
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-misses-'));
  try {
    writeFileSync(join(root, 'go.mod'), 'module example.com/app\n\nrequire github.com/a/b v1.0.0\n');
    const context = await loadBuildContext(root);
    assert.equal(readContextText(context, 'go.mod'), undefined, 'not read while asked');
    assert.deepEqual([...context.misses], ['text:go.mod']);
    const text = await settleEstimate(context, () => readContextText(context, 'go.mod'));
    assert.match(text ?? '', /module example\.com\/app/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
