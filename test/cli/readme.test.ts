/** The README says what the code does: its rule table, settings, commands and quoted output match the current build. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import '../../server/src/features/diagnostics';
import { registeredRules } from '../../server/src/rules/ruleCatalog';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

before(() => {
  if (!existsSync(CLI)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
});

test('the diagnostics table lists every rule once, with its default severity and its page', () => {
  const rows = new Map<string, string>();
  for (const match of README.matchAll(/^\| \[`(\w+)`\]\(docs\/rules\/(\w+)\.md\) \| (\w+) \|/gm)) {
    assert.equal(match[1], match[2], `row ${match[1]} links its own page`);
    assert.ok(!rows.has(match[1]), `${match[1]} listed once`);
    rows.set(match[1], match[3]);
    assert.ok(existsSync(path.join(ROOT, 'docs/rules', `${match[1]}.md`)), `docs/rules/${match[1]}.md exists`);
  }
  const rules = registeredRules();
  assert.deepEqual([...rows.keys()].sort(), rules.map((rule) => rule.code).sort(), 'README rows = registered rules');
  for (const rule of rules) assert.equal(rows.get(rule.code), rule.defaultSeverity, `${rule.code}'s default severity`);
});

test('every setting and command the extension contributes is in the README, with its default', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  for (const [name, property] of Object.entries(manifest.contributes.configuration.properties as Record<string, { default: unknown }>)) {
    const shown = typeof property.default === 'string' ? (property.default === '' ? '""' : property.default) : JSON.stringify(property.default);
    assert.ok(README.includes(`| \`${name}\` | \`${shown}\` |`), `README row for ${name} with default ${shown}`);
  }
  for (const command of manifest.contributes.commands as { command: string; title: string }[]) {
    assert.ok(README.includes(`**Stagecraft: ${command.title}** (\`${command.command}\`)`), command.command);
  }
});

test('the CLI output quoted in the README is what the CLI prints today', () => {
  const block = /```text\n\$ node dist\/cli\.js (check [^\n]+)\n([\s\S]*?)```/.exec(README);
  assert.ok(block, 'a quoted `check` run');
  const args = block[1].split(' ');
  const actual = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' }).stdout.trimEnd().split('\n');
  for (const line of block[2].trimEnd().split('\n')) {
    if (line.startsWith('…')) continue;
    // A quoted line may be cut short with "(…)"; what it shows must match the start of a real line.
    const shown = line.replace(/ \(…\)$/, '');
    assert.ok(actual.some((real) => real.startsWith(shown)), `README line not printed by \`stagecraft ${block[1]}\`:\n${line}\nactual:\n${actual.join('\n')}`);
  }
  assert.equal(block[2].trimEnd().split('\n').at(-1), actual.at(-1), 'the summary line');
});

test('the size lens quoted in the README is what the estimate says today', () => {
  const quoted = /for\s+`(examples\/[\w-]+\/Dockerfile)`: "(Final image ≈ [^"]+)"/.exec(README);
  assert.ok(quoted, 'a quoted size lens');
  const text = spawnSync(process.execPath, [CLI, 'estimate', '--offline', quoted[1]], { cwd: ROOT, encoding: 'utf8' }).stdout;
  assert.ok(text.includes(quoted[2].replace(/\s+/g, ' ')), `\`stagecraft estimate --offline ${quoted[1]}\` no longer says "${quoted[2]}":\n${text}`);
});
