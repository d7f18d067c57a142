/** The layers point one way: every import of server/src and client/src obeys the declared table. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkImports, formatViolation, LAYERS, readImports, undeclaredLayers } from '../support/layering';

const ROOT = path.resolve(__dirname, '..', '..');

test('every import in server/src and client/src follows the declared layers', () => {
  const edges = readImports(ROOT);
  assert.ok(edges.length > 200, `read only ${edges.length} imports: the reader is broken`);
  assert.deepEqual(checkImports(edges).map(formatViolation), []);
});

test('every folder of server/src is a declared layer', () => {
  assert.deepEqual(undeclaredLayers(ROOT), []);
});

test('the declared layers have no cycle', () => {
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (layer: string, trail: string[]): void => {
    if (done.has(layer)) return;
    assert.ok(!visiting.has(layer), `cycle: ${[...trail, layer].join(' → ')}`);
    visiting.add(layer);
    for (const below of LAYERS[layer] ?? []) visit(below, [...trail, layer]);
    visiting.delete(layer);
    done.add(layer);
  };
  for (const layer of Object.keys(LAYERS)) visit(layer, []);
});

test('a rule importing an action, an upward import and a protocol import are reported', () => {
  const violations = checkImports([
    { from: 'server/src/rules/someRule.ts', specifier: '../actions/split/runtimePlan' },
    { from: 'server/src/knowledge/stack.ts', specifier: '../rules/stageRules' },
    { from: 'server/src/model/scanner.ts', specifier: 'vscode-languageserver-types' },
    { from: 'server/src/features/hover.ts', specifier: 'vscode-languageserver/node' },
    { from: 'server/src/cli/estimate.ts', specifier: '../size/estimator' },
    // Allowed: same layer, downward, node built-ins, free packages.
    { from: 'server/src/rules/someRule.ts', specifier: './ruleCatalog' },
    { from: 'server/src/rules/someRule.ts', specifier: '../knowledge/baseImage' },
    { from: 'server/src/size/catalogData.ts', specifier: '../../data/size-catalog.json' },
    { from: 'server/src/model/scanner.ts', specifier: 'node:path' },
    { from: 'server/src/features/standardFeatures.ts', specifier: 'dockerfile-language-service' },
  ]);
  assert.deepEqual(
    violations.map((violation) => `${violation.fromLayer} → ${violation.toLayer}`),
    ['rules → actions', 'knowledge → rules', 'model → package vscode-languageserver-types', 'features → package vscode-languageserver', 'cli → size'],
  );
});

test('a violation written to disk is found by reading the files', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-layers-'));
  try {
    const write = (file: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    write('server/src/actions/fix.ts', "export const fix = 1;\n");
    write('server/src/model/scanner.ts', "export const scan = 1;\n");
    write('server/src/rules/rule.ts', "import { scan } from '../model/scanner';\nexport { fix } from '../actions/fix';\nconst lazy = () => import('../actions/fix');\n");
    write('server/src/oddFolder/x.ts', "export {};\n");
    const violations = checkImports(readImports(root));
    assert.deepEqual(violations.map(formatViolation), [
      "server/src/rules/rule.ts: '../actions/fix' (rules may not import actions)",
      "server/src/rules/rule.ts: '../actions/fix' (rules may not import actions)",
    ]);
    assert.deepEqual(undeclaredLayers(root), ['oddFolder']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
