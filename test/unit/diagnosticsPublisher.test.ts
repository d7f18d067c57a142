import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsPublisher } from '../../server/src/diagnosticsPublisher';
import { documentOf } from '../support/diagnose';

function diagnostic(source: string, line: number): Diagnostic {
  return { source, message: source, range: { start: { line, character: 0 }, end: { line, character: 1 } } };
}

function harness(standardEnabled = true) {
  let document: TextDocument = documentOf('FROM alpine\n');
  const published: { version: number; sources: string[] }[] = [];
  let standardRuns = 0;
  const publisher = new DiagnosticsPublisher({
    standardEnabled: () => standardEnabled,
    stage: () => [diagnostic('stagecraft', 0)],
    standard: () => {
      standardRuns++;
      return [diagnostic('dockerfile-utils', 0)];
    },
    current: () => document,
    publish: (_uri, version, diagnostics) => published.push({ version, sources: diagnostics.map((d) => String(d.source)) }),
  }, 100);
  const edit = (version: number) => {
    document = { ...document, version, uri: document.uri, getText: document.getText } as TextDocument;
    publisher.schedule(document);
  };
  return { publisher, published, edit, standardRuns: () => standardRuns, document: () => document };
}

test('stage diagnostics are published on the next turn, the standard validation once edits pause', async () => {
  const h = harness();
  h.publisher.schedule(h.document());
  await sleep(5);
  assert.deepEqual(h.published, [{ version: 1, sources: ['stagecraft'] }]);
  await sleep(250);
  assert.deepEqual(h.published.at(-1), { version: 1, sources: ['stagecraft', 'dockerfile-utils'] });
  assert.equal(h.standardRuns(), 1);
});

test('a burst of edits runs the standard validation once, for the last version, and keeps the old result meanwhile', async () => {
  const h = harness();
  h.publisher.schedule(h.document());
  await sleep(250);
  for (let version = 2; version <= 5; version++) {
    h.edit(version);
    await sleep(5);
  }
  // While typing: ours for each version, the previous standard diagnostics kept as they were.
  assert.deepEqual(h.published.slice(2).map((p) => p.version), [2, 3, 4, 5]);
  assert.ok(h.published.slice(2).every((p) => p.sources.join() === 'stagecraft,dockerfile-utils'));
  assert.equal(h.standardRuns(), 1);
  await sleep(250);
  assert.equal(h.standardRuns(), 2);
  assert.equal(h.published.at(-1)?.version, 5);
});

test('stagesOnly never runs the standard validation; forget cancels pending work', async () => {
  const h = harness(false);
  h.publisher.schedule(h.document());
  await sleep(250);
  assert.equal(h.standardRuns(), 0);
  assert.deepEqual(h.published, [{ version: 1, sources: ['stagecraft'] }]);
  h.edit(2);
  h.publisher.forget(h.document().uri);
  await sleep(150);
  assert.equal(h.published.length, 1);
});
