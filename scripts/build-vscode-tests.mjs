// Bundles the extension-host test suite (test/vscode/suite) into out/vscode-tests/:
// index.js (the extensionTestsPath entry point, mocha included) and one *.vscode.js per suite.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';

const SUITE_DIR = 'test/vscode/suite';
const OUT_DIR = 'out/vscode-tests';
const suites = readdirSync(SUITE_DIR).filter((name) => name.endsWith('.vscode.ts')).map((name) => `${SUITE_DIR}/${name}`);

rmSync(OUT_DIR, { recursive: true, force: true }); // no stale suite may run
await esbuild.build({
  entryPoints: [`${SUITE_DIR}/index.ts`, ...suites],
  outdir: OUT_DIR,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode'],
  logLevel: 'warning',
  // mocha's parallel mode (worker files found with require.resolve) is never used here.
  logOverride: { 'require-resolve-not-external': 'silent' },
});
