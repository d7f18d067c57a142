/**
 * The extension-test entry point (the shape @vscode/test-electron and code-server's
 * extensionTestsPath expect): runs every bundled `*.vscode.js` next to this file with mocha
 * and writes a JSON report for the runner, which lives outside the extension host.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import Mocha from 'mocha';
import { REPORT_ENV, type MochaReport, type MochaTestResult } from '../report';

function writeReport(report: MochaReport): void {
  const file = process.env[REPORT_ENV];
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  const report: MochaReport = { vscodeVersion: vscode.version, uiKind: vscode.UIKind[vscode.env.uiKind], tests: [] };
  const record = (test: Mocha.Test, state: MochaTestResult['state'], error?: unknown) => {
    report.tests.push({ title: test.fullTitle(), state, durationMs: test.duration ?? 0, error: error === undefined ? undefined : describeError(error) });
  };

  const suiteFiles = fs.readdirSync(__dirname).filter((name) => name.endsWith('.vscode.js')).sort();
  return new Promise<void>((resolve, reject) => {
    try {
      // The suites are bundled CommonJS: load them the way mocha's own loadFiles does.
      for (const name of suiteFiles) {
        const file = path.join(__dirname, name);
        mocha.suite.emit('pre-require', globalThis, file, mocha);
        mocha.suite.emit('require', require(file), file, mocha);
        mocha.suite.emit('post-require', globalThis, file, mocha);
      }
    } catch (error) {
      report.fatal = `loading the suites failed: ${describeError(error)}`;
      writeReport(report);
      reject(error);
      return;
    }
    const runner = mocha.run((failures) => {
      writeReport(report);
      if (failures > 0) reject(new Error(`${failures} extension test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => record(test, 'passed'));
    runner.on('pending', (test) => record(test, 'pending'));
    runner.on('fail', (runnable, error) => {
      // A failing hook has no test of its own: report it under its title so it is never lost.
      if (runnable.type === 'test') record(runnable as Mocha.Test, 'failed', error);
      else report.tests.push({ title: runnable.fullTitle(), state: 'failed', durationMs: 0, error: describeError(error) });
    });
  });
}
