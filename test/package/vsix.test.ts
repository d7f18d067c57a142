/**
 * The product is the .vsix: `npm run package` must produce one that holds only the allow-listed
 * files, stays under 1.5 MB, and whose manifest contributes the grammar and the icon.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

interface ZipEntry { name: string; size: number; compressedSize: number; method: number; localHeader: number }
interface PackageScript {
  MAX_VSIX_BYTES: number;
  readZipEntries(zip: Buffer): ZipEntry[];
  readZipEntry(zip: Buffer, entry: ZipEntry): Buffer;
  vsixProblems(entries: { name: string }[], bytes: number): string[];
}

const loadPackageScript = async () => (await import(path.join(ROOT, 'scripts/package.mjs'))) as PackageScript;

test('the allow-list check catches fixtures, node_modules, source maps and size', async () => {
  const { vsixProblems, MAX_VSIX_BYTES } = await loadPackageScript();
  const good = ['package.json', 'dist/extension.js', 'dist/languageClient.js', 'dist/server.js', 'syntaxes/dockerfile.tmLanguage.json', 'images/icon.png', 'LICENSE.txt']
    .map((name) => ({ name: `extension/${name}` }));
  assert.deepEqual(vsixProblems(good, 1000), []);
  const leaked = [...good, { name: 'extension/test/grammar/fixtures/stages.dockerfile' }, { name: 'extension/node_modules/x/index.js' }, { name: 'extension/dist/server.js.map' }];
  const problems = vsixProblems(leaked, MAX_VSIX_BYTES + 1);
  assert.ok(problems.some((p) => p.includes('leaked in: test/grammar/fixtures/')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('leaked in: node_modules/')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('dist/server.js.map')), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith('too big')), problems.join('\n'));
  assert.ok(vsixProblems([{ name: 'extension/package.json' }], 1).some((p) => p === 'missing: dist/server.js'));
});

test('npm run package builds a clean stagecraft-<version>.vsix under 1.5 MB', { timeout: 180_000 }, async () => {
  const { readZipEntries, readZipEntry, vsixProblems, MAX_VSIX_BYTES } = await loadPackageScript();
  const result = spawnSync(process.execPath, ['scripts/package.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.doesNotMatch(`${result.stdout}${result.stderr}`, /WARNING/, 'vsce printed no warnings');

  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const vsix = path.join(ROOT, `stagecraft-${version}.vsix`);
  const zip = readFileSync(vsix);
  const bytes = statSync(vsix).size;
  assert.ok(bytes < MAX_VSIX_BYTES, `${bytes} bytes`);
  const entries = readZipEntries(zip);
  assert.deepEqual(vsixProblems(entries, bytes), []);
  assert.ok(!entries.some((e) => e.name.endsWith('.map') || e.name.endsWith('.ts')), 'no source maps or sources');

  // The shipped manifest points at files that are in the package.
  const manifestEntry = entries.find((e) => e.name === 'extension/package.json');
  assert.ok(manifestEntry);
  const manifest = JSON.parse(readZipEntry(zip, manifestEntry).toString('utf8')) as {
    main: string; icon: string; contributes: { grammars: { language: string; scopeName: string; path: string }[] };
  };
  const names = new Set(entries.map((e) => e.name));
  assert.ok(names.has(`extension/${path.posix.normalize(manifest.main)}`), manifest.main);
  assert.ok(names.has(`extension/${manifest.icon}`), manifest.icon);
  const grammar = manifest.contributes.grammars.find((g) => g.language === 'dockerfile');
  assert.equal(grammar?.scopeName, 'source.dockerfile');
  assert.ok(names.has(`extension/${path.posix.normalize(grammar.path)}`), grammar.path);
  // The production server is minified and carries no source map reference.
  const server = readZipEntry(zip, entries.find((e) => e.name === 'extension/dist/server.js')!).toString('utf8');
  assert.doesNotMatch(server, /sourceMappingURL/);
});
