/**
 * Conformance of the regexp-free matcher with BuildKit's two pattern dialects: Go's path.Match
 * (COPY/ADD sources) and moby/patternmatcher (.dockerignore). Cases written from the Go and
 * patternmatcher semantics; `error` marks what Go reports as ErrBadPattern (or fails to compile).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanSlashPath, compileIgnorePattern, compilePathPattern, hasWildcard, matchGlob, matchIgnorePattern, pathMatch } from '../../server/src/model/glob';
import { DockerIgnore } from '../../server/src/size/dockerignore';
import { analyzeDocument } from '../../server/src/analysis/documentAnalysis';
import { estimateDockerfile } from '../../server/src/size/estimator';
import { documentOf } from '../support/diagnose';

type PathCase = [pattern: string, name: string, expected: boolean | 'error'];

const PATH_MATCH: PathCase[] = [
  ['abc', 'abc', true],
  ['abc', 'abd', false],
  ['*', 'abc', true],
  ['*', '', true],
  ['*', 'a/b', false],
  ['*c', 'abc', true],
  ['a*', 'a', true],
  ['a*/b', 'abc/b', true],
  ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false],
  ['a?c', 'abc', true],
  ['a?c', 'a/c', false],
  ['a?b', 'a☺b', true],
  ['ab[c]', 'abc', true],
  ['ab[b-d]', 'abc', true],
  ['ab[e-g]', 'abc', false],
  ['ab[^c]', 'abc', false],
  ['ab[^b-d]', 'abe', true],
  ['a[^a]b', 'a☺b', true],
  ['[!a]', '!', true],
  ['[!a]', 'b', false],
  ['[/]', '/', true],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'ab', false],
  ['[\\]a]', ']', true],
  ['[\\-]', '-', true],
  ['[x\\-]', 'z', false],
  ['[\\-x]', '-', true],
  ['*x', 'xxx', true],
  ['[]a]', ']', 'error'],
  ['[-]', '-', 'error'],
  ['[x-]', 'x', 'error'],
  ['[-x]', 'x', 'error'],
  ['[a-b-c]', 'a', 'error'],
  ['[', 'a', 'error'],
  ['[^', 'a', 'error'],
  ['[^bc', 'a', 'error'],
  ['a[', 'ab', 'error'],
  ['a\\', 'a', 'error'],
  ['[z-a]', 'm', 'error'],
  ['😀*', '😀x', true],
  ['[😀-😂]', '😁', true],
];

test('path.Match: COPY/ADD source patterns', () => {
  for (const [pattern, name, expected] of PATH_MATCH) {
    const result = pathMatch(pattern, name);
    if (expected === 'error') assert.ok(result.error, `${pattern} should be a bad pattern`);
    else assert.equal(result.matched, expected, `${pattern} vs ${name}`);
  }
});

test('hasWildcard follows containsWildcards: an escaped wildcard is no wildcard', () => {
  assert.equal(hasWildcard('a/*.go'), true);
  assert.equal(hasWildcard('a/[bc]'), true);
  assert.equal(hasWildcard('a\\*b'), false);
  assert.equal(hasWildcard('plain/path'), false);
});

test('Go path.Clean', () => {
  for (const [input, expected] of [['', '.'], ['a//b/./c/', 'a/b/c'], ['/../a', '/a'], ['../a/../../b', '../../b'], ['a/..', '.'], ['/', '/']]) assert.equal(cleanSlashPath(input), expected, input);
});

type IgnoreCase = [pattern: string, name: string, expected: boolean];

const IGNORE_PATTERNS: IgnoreCase[] = [
  ['**', 'a', true],
  ['**', 'a/b/c', true],
  ['**/foo', 'foo', true],
  ['**/foo', 'a/b/foo', true],
  ['**/foo', 'afoo', false],
  ['**foo', 'afoo', true],
  ['foo/**', 'foo/x/y', true],
  ['foo/**', 'foo', false],
  ['foo**', 'foobar', true],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/y/b', true],
  ['a/**/b', 'a/xb', false],
  ['a**b', 'ab', true],
  ['a**b', 'ax/b', true],
  ['a**b', 'axb', false],
  ['**/*.js', 'a.js', true],
  ['**/*.js', 'x/y/a.js', true],
  ['**/*.js', 'x/y/a.jsx', false],
  ['*.go', 'a.go', true],
  ['*.go', 'd/a.go', false],
  ['[!a]', '!', true],
  ['[!a]', 'b', false],
  ['[^a]', 'b', true],
  ['a+b', 'a+b', true],
  ['a.b', 'axb', false],
  ['a(b)', 'a(b)', true],
  ['x/**', 'x/\n', true],
  ['a\\*', 'a*', true],
  ['a\\*', 'ab', false],
  ['a^b', 'a^b', true],
  ['a^*', 'a^b', false],
];

test('patternmatcher: one .dockerignore pattern', () => {
  for (const [pattern, name, expected] of IGNORE_PATTERNS) {
    const compiled = compileIgnorePattern(pattern, false);
    assert.ok(compiled.ok, pattern);
    assert.equal(matchIgnorePattern(compiled.pattern, name), expected, `${JSON.stringify(pattern)} vs ${JSON.stringify(name)}`);
  }
  for (const bad of ['[z-a]', '[', 'a[b', 'x\\']) assert.equal(compileIgnorePattern(bad, false).ok, false, bad);
});

type FileCase = [ignoreFile: string, path: string, ignored: boolean];

const IGNORE_FILES: FileCase[] = [
  ['dir', 'dir/x/y', true],
  ['dir', 'dirx', false],
  ['*.md\n!README.md', 'README.md', false],
  ['*.md\n!README.md', 'CHANGES.md', true],
  ['docs\n!docs/keep.md', 'docs/keep.md', false],
  ['docs\n!docs/keep.md', 'docs/drop.md', true],
  ['!a\na', 'a', true],
  ['a\n!a', 'a', false],
  ['/abs/path', 'abs/path/file', true],
  ['./a/../b', 'b', true],
  ['a//b/', 'a/b', true],
  ['#comment', '#comment', false],
  ['  #x', '#x', true],
  ['\uFEFFbom', 'bom', true],
  ['x\r\ny', 'x', true],
  ['[z-a]\n*.log', 'x.log', true],
  ['*.log\n[\n!keep.log', 'keep.log', false],
  ['node_modules\n**/*.tmp', 'src/a/b.tmp', true],
];

test('.dockerignore files: exceptions, last match wins, parents, cleaning, invalid lines skipped alone', () => {
  for (const [file, path, ignored] of IGNORE_FILES) assert.equal(new DockerIgnore(file).ignores(path), ignored, `${JSON.stringify(file)} / ${path}`);
  const bad = new DockerIgnore('[z-a]\n*.log\n!\n[');
  assert.equal(bad.problems.length, 3, bad.problems.join('; '));
  assert.equal(bad.ignores('a.log'), true);
});

/** A generous hang guard: each of these took seconds or more with the regexp translation. */
const BOUND_MS = 2_000;

test('hostile patterns match in bounded time (no backtracking)', () => {
  const started = performance.now();
  const star = compilePathPattern('/*a*a*a*a*a*a*a*a*a*b'.slice(1));
  assert.ok(star.ok);
  assert.equal(matchGlob(star.glob, 'a'.repeat(10_000)), false);
  const ignore = compileIgnorePattern(`${'**/a'.repeat(40)}b`, false);
  assert.ok(ignore.ok);
  assert.equal(matchIgnorePattern(ignore.pattern, 'a/'.repeat(2_000)), false);
  const many = new DockerIgnore(Array.from({ length: 1_000 }, (_, i) => `*a*a*a*a*a*a*a*a*${i}`).join('\n'));
  assert.equal(many.ignores('a'.repeat(40)), false);
  assert.ok(performance.now() - started < BOUND_MS, `took ${performance.now() - started} ms`);
});

test('an invalid COPY pattern is left out on its own: the estimate and the rest of the file stand', () => {
  const analysis = analyzeDocument(documentOf('FROM alpine AS a\nRUN echo\nFROM alpine\nCOPY --from=a /[z-a] /x\nCOPY --from=a /etc/*a*a*a*a*a*a*a*a*a*b /y\n'));
  const estimate = estimateDockerfile(analysis.model, analysis.graph, { file: 'Dockerfile', wantLookups: false });
  assert.equal(estimate.stages.length, 2);
  const parts = estimate.stages[1].parts;
  assert.match(parts[1].detail, /not a valid pattern/);
  assert.equal(parts.length, 3);
});
