/**
 * What the split and the base switch do with what the registry said of the runtime image they
 * write (the TagChecks verdicts; test/registry/runtimeTags.test.ts gets them from a real registry).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction } from 'vscode-languageserver-types';
import type { TagChecks, TagVerdict } from '../../server/src/knowledge/imageTags';
import { refactorsAt } from './fixesSupport';

const ON_FROM = { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } };

function pythonApp(tag: string): string {
  return [`FROM python:${tag}`, 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install --no-cache-dir -r requirements.txt', 'COPY . .', 'CMD ["python", "app.py"]', ''].join('\n');
}

function split(text: string, verdict: TagVerdict): { action?: CodeAction; asked: string[] } {
  const asked: string[] = [];
  const tags: TagChecks = (image) => {
    asked.push(image);
    return verdict;
  };
  const action = refactorsAt(text, ON_FROM, tags).find((candidate) => candidate.title.startsWith('Split into builder stage'));
  return { action, asked };
}

const note = (action?: CodeAction) => action?.edit?.changeAnnotations?.split?.description ?? '';

const cases: { name: string; tag: string; verdict: TagVerdict; expect: RegExp | undefined }[] = [
  { name: 'found: offered, the preview names the registry', tag: '3.11-bookworm', verdict: { state: 'found', registry: 'registry-1.docker.io' }, expect: /python:3\.11-slim-bookworm was checked: registry-1\.docker\.io has it\.$/ },
  { name: 'missing: not offered', tag: '3.11-bookworm', verdict: { state: 'missing', reason: 'python:3.11-slim-bookworm was not found on registry-1.docker.io' }, expect: undefined },
  { name: 'unchecked, a catalog tag: offered, saying so', tag: '3.11-bookworm', verdict: { state: 'unchecked', reason: 'registry look-ups are off' }, expect: /python:3\.11-slim-bookworm was not checked against its registry — registry look-ups are off\. It is a published tag in the size catalog\.$/ },
  { name: 'unchecked, a tag only the scheme gives: offered, saying so', tag: '3.9.18-bookworm', verdict: { state: 'unchecked', reason: 'registry look-ups are off' }, expect: /python:3\.9\.18-slim-bookworm was not checked against its registry — registry look-ups are off\. It follows the image's published tag scheme\.$/ },
];

for (const { name, tag, verdict, expect } of cases) {
  test(`runtime tag ${name}`, () => {
    const { action, asked } = split(pythonApp(tag), verdict);
    assert.deepEqual(asked, [`python:${tag.replace('-bookworm', '-slim-bookworm')}`], 'the runtime image is the one asked about');
    if (!expect) return assert.equal(action, undefined);
    assert.ok(action);
    assert.match(note(action), expect);
  });
}
