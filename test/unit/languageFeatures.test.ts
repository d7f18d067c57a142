import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOCKER_EXTENSIONS, resolveLanguageFeatures } from '../../client/src/languageFeatures';

test("auto: 'all' alone, 'stagesOnly' next to any of the Docker extensions", () => {
  assert.equal(resolveLanguageFeatures('auto', () => false), 'all');
  for (const id of DOCKER_EXTENSIONS) assert.equal(resolveLanguageFeatures('auto', (candidate) => candidate === id), 'stagesOnly', id);
  assert.equal(resolveLanguageFeatures('auto', (id) => id === 'redhat.vscode-yaml'), 'all');
});

test('an explicit setting wins; an unknown value behaves like auto', () => {
  assert.equal(resolveLanguageFeatures('all', () => true), 'all');
  assert.equal(resolveLanguageFeatures('stagesOnly', () => false), 'stagesOnly');
  assert.equal(resolveLanguageFeatures('everything', () => true), 'stagesOnly');
  assert.equal(resolveLanguageFeatures(undefined, () => false), 'all');
});
