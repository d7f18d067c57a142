/**
 * Runs the mocha suite of test/vscode/suite inside a real VS Code extension host.
 * First @vscode/test-electron (an installed VS Code in STAGECRAFT_VSCODE_EXECUTABLE, or a download);
 * where that is impossible, code-server driven by headless Chromium through Playwright.
 * Run alone: `npx tsx test/vscode/runTests.ts` (builds first, prints every test, exits 1 on failure).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPORT_ENV, UI_HANDSHAKE_ENV, type MochaReport } from './report';
import { runInWorkbench } from './runner/browser';
import { startCodeServer } from './runner/codeServer';
import { desktopVsCode, runInDesktopVsCode, VsCodeUnavailableError } from './runner/electron';
import { ARTIFACTS_DIR, FIXTURE_WORKSPACE, REPO_ROOT, SCREENSHOTS_DIR, SUITE_ENTRY } from './runner/paths';
import { findCodeServerTools, installedVsCode, type Backend } from './runner/prerequisites';
import type { UiCheckResult } from './runner/uiCheck';

export const UI_SCREENSHOT = path.join(SCREENSHOTS_DIR, 'undefined-stage-hover.png');

/** Neither VS Code nor code-server + Chromium can be had: the caller skips (or fails in CI). */
export class ToolsMissingError extends Error {}

export interface ExtensionTestRun {
  backend: Backend['kind'];
  exitCode: number;
  report: MochaReport;
  ui?: UiCheckResult;
  timings: Record<string, number>;
  /** Why a backend was passed over, and similar facts worth printing. */
  notes: string[];
}

export interface RunOptions {
  /** Also rebuild dist/ (npm test has built it already). */
  buildExtension?: boolean;
  /** Bundle the suite into out/vscode-tests first (default true). */
  buildSuite?: boolean;
  timeoutMs?: number;
  log?: (line: string) => void;
  /** Where the report and logs are kept (default test-artifacts/vscode). */
  artifactsDir?: string;
}

/** The backends to try, in order. */
export function planBackends(): Backend[] {
  const installed = installedVsCode();
  if (installed && 'reason' in installed) throw new ToolsMissingError(installed.reason);
  if (installed) return [installed];
  const tools = findCodeServerTools();
  const forced = process.env.STAGECRAFT_VSCODE_BACKEND;
  if (forced === 'test-electron') return [{ kind: 'test-electron' }];
  if (forced === 'code-server' && 'reason' in tools) throw new ToolsMissingError(tools.reason);
  if (forced === 'code-server') return [tools as Backend];
  return 'reason' in tools ? [{ kind: 'test-electron' }] : [{ kind: 'test-electron' }, tools];
}

/** Why the run cannot happen here, or undefined when some backend may work. */
export function missingToolsReason(): string | undefined {
  try {
    planBackends();
  } catch (error) {
    if (error instanceof ToolsMissingError) return error.message;
    throw error;
  }
  if (process.env.STAGECRAFT_VSCODE_BACKEND === 'test-electron') return undefined;
  const tools = findCodeServerTools();
  // Without code-server only a download of VS Code is left: that needs the internet, which we cannot know cheaply.
  return 'reason' in tools && !process.env.STAGECRAFT_VSCODE_EXECUTABLE ? tools.reason : undefined;
}

function build(options: RunOptions): void {
  const run = (script: string) => execFileSync(process.execPath, [script], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (options.buildExtension || !fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) run('scripts/build.mjs');
  if (options.buildSuite ?? true) run('scripts/build-vscode-tests.mjs');
}

function readReport(file: string): MochaReport | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as MochaReport) : undefined;
}

interface RunContext {
  runDir: string;
  workspace: string;
  reportFile: string;
  env: Record<string, string>;
  timeoutMs: number;
  log: (line: string) => void;
  artifactsDir: string;
}

async function runWithCodeServer(tools: Extract<Backend, { kind: 'code-server' }>, context: RunContext, timings: Record<string, number>) {
  let started = Date.now();
  const server = await startCodeServer({ binary: tools.codeServer, runDir: context.runDir, workspace: context.workspace, env: context.env });
  timings.codeServerStartMs = Date.now() - started;
  fs.rmSync(UI_SCREENSHOT, { force: true }); // only this run's picture may be looked at
  context.log(`code-server ready on ${server.origin} in ${timings.codeServerStartMs} ms`);
  try {
    started = Date.now();
    const result = await runInWorkbench({
      chromium: tools.chromium,
      origin: server.origin,
      workspace: context.workspace,
      extensionPath: REPO_ROOT,
      testsEntry: SUITE_ENTRY,
      handshakeDir: context.env[UI_HANDSHAKE_ENV],
      screenshot: UI_SCREENSHOT,
      failureScreenshot: path.join(SCREENSHOTS_DIR, 'vscode-timeout.png'),
      env: { ...process.env, HOME: path.join(context.runDir, 'home'), TMPDIR: path.join(context.runDir, 'tmp') },
      timeoutMs: context.timeoutMs,
      abort: server.died,
      log: context.log,
    });
    timings.workbenchRunMs = Date.now() - started;
    fs.writeFileSync(path.join(context.artifactsDir, 'workbench.log'), result.log.join('\n'));
    return result;
  } finally {
    fs.writeFileSync(path.join(context.artifactsDir, 'code-server.log'), server.output());
    await server.stop();
  }
}

export async function runExtensionTests(options: RunOptions = {}): Promise<ExtensionTestRun> {
  const log = options.log ?? ((line: string) => console.log(`[vscode-tests] ${line}`));
  const backends = planBackends();
  const started = Date.now();
  build(options);
  const timings: Record<string, number> = { buildMs: Date.now() - started };
  const artifactsDir = options.artifactsDir ?? ARTIFACTS_DIR;
  fs.mkdirSync(artifactsDir, { recursive: true });

  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-vscode-'));
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true }); // edits in the tests never touch the repo
  const reportFile = path.join(runDir, 'report.json');
  const handshakeDir = path.join(runDir, 'ui');
  fs.mkdirSync(handshakeDir);
  const notes: string[] = [];
  const context: RunContext = { runDir, workspace, reportFile, env: { [REPORT_ENV]: reportFile }, timeoutMs: options.timeoutMs ?? 180_000, log, artifactsDir };
  try {
    for (const backend of backends) {
      if (backend.kind === 'test-electron') {
        let executable: string;
        try {
          executable = await desktopVsCode(backend.executable);
        } catch (error) {
          if (!(error instanceof VsCodeUnavailableError)) throw error;
          if (backends.length === 1) {
            const tools = findCodeServerTools();
            throw new ToolsMissingError('reason' in tools ? `${error.message}, and ${tools.reason}` : error.message);
          }
          notes.push(`${error.message}: using code-server`);
          log(notes[notes.length - 1]);
          continue;
        }
        const exitCode = await runInDesktopVsCode({ executable, extensionPath: REPO_ROOT, testsEntry: SUITE_ENTRY, workspace, runDir, env: context.env });
        const report = readReport(reportFile);
        if (report) return finish({ backend: 'test-electron', exitCode, report, timings, notes });
        if (backends.length === 1) throw new Error(`VS Code exited with ${exitCode} and wrote no test report (${reportFile})`);
        notes.push(`VS Code exited with ${exitCode} before running the tests: using code-server`);
        continue;
      }
      const uiEnabled = { ...context, env: { ...context.env, [UI_HANDSHAKE_ENV]: handshakeDir } };
      const result = await runWithCodeServer(backend, uiEnabled, timings);
      const report = readReport(reportFile);
      if (!report) {
        throw new Error(`the workbench exited with ${result.exitCode} and wrote no test report; see ${artifactsDir}/code-server.log and workbench.log\n${result.log.slice(-20).join('\n')}`);
      }
      return finish({ backend: 'code-server', exitCode: result.exitCode, report, ui: result.ui, timings, notes });
    }
    throw new ToolsMissingError('no way to run VS Code here');
  } finally {
    timings.totalMs = Date.now() - started;
    if (process.env.STAGECRAFT_KEEP_RUN_DIR) log(`kept ${runDir}`);
    else fs.rmSync(runDir, { recursive: true, force: true });
  }

  function finish(run: ExtensionTestRun): ExtensionTestRun {
    fs.writeFileSync(path.join(artifactsDir, 'report.json'), JSON.stringify(run.report, null, 2));
    return run;
  }
}

/** One line per mocha test, then the UI check and the timings. */
export function formatRun(run: ExtensionTestRun): string {
  const mark = { passed: '✔', failed: '✘', pending: '-' } as const;
  const lines = [`VS Code ${run.report.vscodeVersion} (${run.backend}, uiKind ${run.report.uiKind})`];
  for (const test of run.report.tests) {
    lines.push(`  ${mark[test.state]} ${test.title} (${test.durationMs} ms)${test.state === 'pending' ? ' SKIPPED' : ''}`);
    if (test.error) lines.push(test.error.split('\n').map((line) => `      ${line}`).join('\n'));
  }
  if (run.report.fatal) lines.push(`  ✘ ${run.report.fatal}`);
  if (run.ui) lines.push(`  UI check: ${run.ui.ok ? 'ok' : 'FAILED'}: ${run.ui.detail}`);
  lines.push(`  exit code ${run.exitCode}; ${Object.entries(run.timings).map(([name, ms]) => `${name} ${ms}`).join(', ')}`);
  lines.push(...run.notes.map((note) => `  note: ${note}`));
  return lines.join('\n');
}

if (require.main === module) {
  runExtensionTests({ buildExtension: true }).then(
    (run) => {
      console.log(formatRun(run));
      const failed = run.exitCode !== 0 || run.report.tests.some((test) => test.state === 'failed') || run.report.fatal !== undefined;
      process.exitCode = failed ? 1 : 0;
    },
    (error: unknown) => {
      console.error(error instanceof ToolsMissingError ? `SKIPPED: ${error.message}` : error instanceof Error ? error.message : error);
      process.exitCode = error instanceof ToolsMissingError ? 2 : 1;
    },
  );
}
