/**
 * The TextMate grammar against its fixtures, with vscode-tmgrammar-test (the vscode-textmate
 * engine VS Code uses). Each fixture asserts scopes line by line; see test/grammar/fixtures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const GRAMMAR_TEST = path.join(ROOT, 'node_modules/vscode-tmgrammar-test/dist/unit.js');
// Our grammar plus a stand-in for the shell grammar VS Code embeds into RUN heredocs.
const CONFIG = path.join(__dirname, 'grammars.json');
const FIXTURES = path.join(__dirname, 'fixtures');

function runGrammarTest(pattern: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [GRAMMAR_TEST, '--config', CONFIG, pattern], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('every grammar fixture passes vscode-tmgrammar-test', () => {
  const fixtures = readdirSync(FIXTURES).filter((name) => name.endsWith('.dockerfile'));
  assert.ok(fixtures.length >= 4, 'the fixtures are there');
  const { status, output } = runGrammarTest(path.join(FIXTURES, '*.dockerfile'));
  assert.equal(status, 0, output);
  for (const fixture of fixtures) assert.match(output, new RegExp(`✓ .*${fixture.replace('.', '\\.')} run successfuly`), output);
});

test('a wrong scope assertion fails (the runner really checks)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stagecraft-grammar-'));
  try {
    const fixture = path.join(dir, 'wrong.dockerfile');
    writeFileSync(fixture, '# SYNTAX TEST "source.dockerfile" "wrong on purpose"\nCOPY --from=build /a /b\n#           ^^^^^ entity.name.type.stage.dockerfile\n');
    const { status, output } = runGrammarTest(fixture);
    assert.notEqual(status, 0, output);
    assert.match(output, /missing required scopes: entity\.name\.type\.stage\.dockerfile/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the committed grammar is what syntaxes/generate.mjs writes', async () => {
  const generator = (await import(path.join(ROOT, 'syntaxes/generate.mjs'))) as { grammarText: string };
  const committed = readFileSync(path.join(ROOT, 'syntaxes/dockerfile.tmLanguage.json'), 'utf8');
  assert.equal(committed, generator.grammarText, 'run `node syntaxes/generate.mjs`');
});
