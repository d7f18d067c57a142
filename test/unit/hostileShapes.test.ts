/**
 * Hostile shapes (test/support/hostileShapes) through the service: diagnostics (ours and
 * dockerfile-utils'), code actions, the size lens and the estimate all answer, within a generous
 * bound against a hang (speed itself is measured by `npm run bench:adversarial`). Build-context
 * shapes (deep trees, many files, symlink loops, a hostile .dockerignore) through the lens, the
 * report's estimate and the code actions' async reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { StagecraftService } from '../../server/src/service/stagecraftService';
import { SizeLensFeature } from '../../server/src/features/sizeLens';
import { ContextFileCache } from '../../server/src/workspace/contextFiles';
import { BUILD_FILE_SHAPES, COMMAND_FILE_SHAPES, CONTEXT_SHAPES, createContext, TEXT_SHAPES } from '../support/hostileShapes';
import { MAX_BUILD_FILE_BYTES, readBuildFile } from '../../server/src/workspace/buildFiles';
import { findTargetMentions } from '../../server/src/workspace/targetMentions';
import { readBuildCommands } from '../../server/src/workspace/buildCommands';

/** Per request: generous on a loaded 2-core CI machine; the stalls these shapes caused took 8–30 s. */
const BOUND_MS = 5_000;
const BYTES = 64 * 1024;

async function timed<T>(what: string, run: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  const took = performance.now() - started;
  assert.ok(took < BOUND_MS, `${what} took ${Math.round(took)} ms`);
  return result;
}

function quietService(): StagecraftService {
  return new StagecraftService({ log: () => undefined } as never);
}

function lensFeature(): SizeLensFeature {
  return new SizeLensFeature({ registry: () => undefined, lookupsAllowed: () => false, refresh: () => undefined, log: () => undefined });
}

for (const shape of TEXT_SHAPES) {
  test(`hostile shape ${shape.name} (${shape.about}): every request answers in bounded time`, async () => {
    const text = shape.generate(BYTES);
    assert.ok(text.length >= BYTES * 0.9, `${shape.name} is ${text.length} bytes`);
    const service = quietService();
    const lens = lensFeature();
    const document = TextDocument.create('file:///nonexistent/stagecraft-hostile/Dockerfile', 'dockerfile', 1, text);
    const settings = { languageFeatures: 'all' as const, rules: {} };
    const diagnostics = await timed(`${shape.name}: diagnostics`, () => service.diagnostics(document, settings));
    assert.ok(Array.isArray(diagnostics));
    const whole = { start: { line: 0, character: 0 }, end: document.positionAt(text.length) };
    const actions = await timed(`${shape.name}: code actions`, () => service.codeActionsReading(new ContextFileCache(), document, whole, diagnostics, settings));
    assert.ok(Array.isArray(actions));
    const lenses = await timed(`${shape.name}: lens`, () => lens.codeLenses(document, service.analyze(document)));
    assert.ok(lenses.length > 0, 'a lens per stage');
    const estimate = await timed(`${shape.name}: estimate`, () => lens.estimateSize(document, { uri: document.uri }, service.analyze(document)));
    assert.ok(Number.isSafeInteger(estimate.final.uncompressed));
    await timed(`${shape.name}: symbols, folding, hover`, () => {
      service.documentSymbols(document);
      service.foldingRanges(document, settings);
      service.hover(document, { line: 1, character: 2 }, settings);
    });
  });
}

for (const shape of CONTEXT_SHAPES) {
  test(`hostile build context ${shape.name} (${shape.about}): lens, estimate and code actions answer in bounded time`, async () => {
    const dir = createContext(shape);
    try {
      const service = quietService();
      const lens = lensFeature();
      const document = TextDocument.create(pathToFileURL(path.join(dir, 'Dockerfile')).href, 'dockerfile', 1, shape.dockerfile);
      await timed(`${shape.name}: lens`, () => lens.codeLenses(document, service.analyze(document)));
      const estimate = await timed(`${shape.name}: estimate (walks the context)`, () => lens.estimateSize(document, { uri: document.uri }, service.analyze(document)));
      assert.ok(estimate.stages.length === 2);
      const whole = { start: { line: 0, character: 0 }, end: document.positionAt(shape.dockerfile.length) };
      const settings = { languageFeatures: 'stagesOnly' as const, rules: {} };
      await timed(`${shape.name}: code actions`, () => service.codeActionsReading(new ContextFileCache(), document, whole, service.diagnostics(document, settings), settings));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

for (const shape of BUILD_FILE_SHAPES) {
  test(`hostile build file ${shape.name} (${shape.about}): read in bounded time, never an exception`, async () => {
    // As large as the readers take (MAX_BUILD_FILE_BYTES); larger files are not read at all.
    const text = shape.generate(MAX_BUILD_FILE_BYTES - 1024);
    assert.deepEqual(readBuildFile(shape.file, shape.generate(MAX_BUILD_FILE_BYTES + 1024)), [], 'an oversized file is not read');
    const builds = await timed(`${shape.name}: builds`, () => readBuildFile(shape.file, text));
    assert.ok(Array.isArray(builds));
    await timed(`${shape.name}: mentions`, () => findTargetMentions(shape.file, text));
  });
}

for (const shape of COMMAND_FILE_SHAPES) {
  test(`hostile command file ${shape.name} (${shape.about}): build commands read in bounded time, never an exception`, async () => {
    // As large as the workspace scan reads (512 KB).
    const text = shape.generate(512 * 1024);
    const builds = await timed(`${shape.name}: builds`, () => readBuildCommands(shape.file, text));
    assert.ok(Array.isArray(builds));
  });
}
