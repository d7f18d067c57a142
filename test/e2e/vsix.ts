/**
 * The product under test: the .vsix `npm run package` makes. A package newer than every file it
 * is made from is reused (the package test of the same `npm test` run may have built it already).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../vscode/runner/paths';

/** What goes into the package, directly or through the bundles. */
const PACKAGE_INPUTS = ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'images', 'syntaxes', 'client/src', 'server/src', 'server/data', 'scripts/build.mjs', 'scripts/package.mjs'];

export function vsixPath(): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  return path.join(REPO_ROOT, `stagecraft-${version}.vsix`);
}

function newestChange(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(file).map((name) => newestChange(path.join(file, name))));
}

export function isFresh(vsix: string): boolean {
  if (!fs.existsSync(vsix)) return false;
  const inputs = Math.max(...PACKAGE_INPUTS.map((input) => newestChange(path.join(REPO_ROOT, input))));
  return fs.statSync(vsix).mtimeMs > inputs;
}

/** The up-to-date .vsix, built with `npm run package` when needed. */
export function packagedVsix(log: (line: string) => void): { file: string; built: boolean } {
  const file = vsixPath();
  if (isFresh(file)) {
    log(`reusing ${path.basename(file)} (newer than its sources)`);
    return { file, built: false };
  }
  log(`npm run package → ${path.basename(file)}`);
  const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 180_000 });
  if (result.status !== 0) throw new Error(`npm run package failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  if (!isFresh(file)) throw new Error(`npm run package left no fresh ${file}`);
  return { file, built: true };
}
