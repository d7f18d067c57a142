/** Bad input (issue 2): any text gives diagnostics or nothing through the service, never an exception, never a hang. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentOf } from '../support/diagnose';
import { DEFAULT_SETTINGS, StagecraftService } from '../../server/src/service/stagecraftService';
import { BAD_INPUTS } from '../support/badInputs';

/** A generous bound against hangs: speed is benchmarked, not asserted. */
const BOUND_MS = 60_000;

for (const [name, text] of Object.entries(BAD_INPUTS)) {
  test(`bad input through the service: ${name}`, async () => {
    const failures: string[] = [];
    const service = new StagecraftService({ log: (message) => { if (/failed|uncaught/i.test(message)) failures.push(message); } });
    const document = documentOf(text);
    const middle = document.positionAt(Math.floor(text.length / 2));
    const started = performance.now();
    const settings = { ...DEFAULT_SETTINGS, languageFeatures: 'all' as const };
    const diagnostics = service.diagnostics(document, settings);
    assert.ok(Array.isArray(diagnostics));
    for (const diagnostic of diagnostics) assert.ok(diagnostic.range.end.line <= document.lineCount - 1);
    assert.ok(Array.isArray(service.documentSymbols(document)));
    assert.ok(Array.isArray(service.foldingRanges(document, settings)));
    assert.ok(Array.isArray(service.references(document, middle, true)));
    const hover = service.hover(document, middle, settings);
    assert.ok(hover === null || typeof hover === 'object');
    assert.ok(Array.isArray(await service.completion(document, middle)));
    assert.ok(performance.now() - started < BOUND_MS, 'finishes');
    assert.deepEqual(failures, []);
  });
}

test('bad input: the 5 MB file still gets our stage diagnostics (the typo on every repetition, capped)', () => {
  const service = new StagecraftService({ log: () => undefined });
  const diagnostics = service.diagnostics(documentOf(BAD_INPUTS['5 MB']), DEFAULT_SETTINGS);
  assert.ok(diagnostics.length > 0 && diagnostics.length <= 1000, String(diagnostics.length));
  assert.equal(diagnostics[0].source, 'stagecraft');
});
