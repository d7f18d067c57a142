/**
 * Drives the code-server workbench in headless Chromium: opens it with the extension-test
 * payload, answers the suite's UI handshake, and waits for codeAutomationExit.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { UI_DONE_FILE, UI_READY_FILE, type UiDone, type UiReady } from '../report';
import { DEAD_PROXY } from './settings';
import { checkSquiggleHover, type UiCheckResult } from './uiCheck';

export interface WorkbenchRunOptions {
  chromium: string;
  origin: string;
  workspace: string;
  extensionPath: string;
  testsEntry: string;
  handshakeDir: string;
  screenshot: string;
  failureScreenshot: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Rejects when the run cannot go on (code-server died). */
  abort: Promise<never>;
  log: (line: string) => void;
}

export interface WorkbenchRunResult {
  exitCode: number;
  ui?: UiCheckResult;
  /** The workbench's automation log and browser console errors. */
  log: string[];
}

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  // Loopback only: every other host fails at once instead of waiting for DNS.
  `--proxy-server=${DEAD_PROXY}`, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** The URL code-server opens with our extension in development mode and our suite as its tests. */
export function workbenchUrl(origin: string, workspace: string, extensionPath: string, testsEntry: string): string {
  const remote = (file: string) => `vscode-remote://${new URL(origin).host}${file}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)], ['extensionTestsPath', remote(testsEntry)]];
  return `${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Runs the UI check once the suite says the editor is ready, and writes the verdict back. */
function answerHandshake(page: Page, options: WorkbenchRunOptions, stopped: () => boolean): Promise<UiCheckResult | undefined> {
  const readyFile = path.join(options.handshakeDir, UI_READY_FILE);
  return new Promise((resolve) => {
    const poll = async () => {
      if (stopped()) return resolve(undefined);
      if (!fs.existsSync(readyFile)) return void setTimeout(poll, 100);
      const ready = JSON.parse(fs.readFileSync(readyFile, 'utf8')) as UiReady;
      const result = await checkSquiggleHover(page, ready, options.screenshot);
      const done: UiDone = { ok: result.ok, detail: result.detail };
      fs.writeFileSync(path.join(options.handshakeDir, UI_DONE_FILE), JSON.stringify(done));
      resolve(result);
    };
    void poll();
  });
}

export async function runInWorkbench(options: WorkbenchRunOptions): Promise<WorkbenchRunResult> {
  const log: string[] = [];
  const since = Date.now();
  const stamp = (line: string) => log.push(`+${((Date.now() - since) / 1000).toFixed(1)}s ${line}`);
  stamp('[runner] launch Chromium');
  const browser = await chromium.launch({ executablePath: options.chromium, headless: true, args: CHROMIUM_ARGS, env: options.env });
  let finished = false;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => stamp(`[pageerror] ${error.message}`));
    const crashed = new Promise<never>((_, reject) => page.once('crash', () => reject(new Error('the workbench page crashed'))));
    crashed.catch(() => undefined); // a crash after the race is no news
    page.on('console', (message) => {
      if (message.type() === 'error') stamp(`[console.error] ${message.text()}`);
    });
    let exit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    // Both must exist before the workbench loads: it looks for them once.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      stamp(`[${type}] ${args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')}`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      stamp(`[exit] ${code}`);
      exit(code);
    });

    const ui = answerHandshake(page, options, () => finished);
    stamp('[runner] open the workbench');
    await page.goto(workbenchUrl(options.origin, options.workspace, options.extensionPath, options.testsEntry), { waitUntil: 'domcontentloaded' });
    stamp('[runner] workbench page loaded');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), options.timeoutMs)));
    const outcome = await Promise.race([exited, timeout, options.abort, crashed]);
    clearTimeout(timer);
    finished = true;
    if (outcome === 'timeout') {
      await page.screenshot({ path: options.failureScreenshot }).catch(() => undefined);
      throw new Error(`the extension tests did not finish within ${options.timeoutMs} ms (screenshot: ${options.failureScreenshot})\n${log.slice(-30).join('\n')}`);
    }
    return { exitCode: outcome, ui: await ui, log };
  } finally {
    finished = true;
    await browser.close();
  }
}
