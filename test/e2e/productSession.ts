/**
 * A user's VS Code with the packaged extension: the .vsix installed with
 * `code-server --install-extension` into a fresh extensions dir, a copy of the fixture workspace
 * opened in headless Chromium, no extension development path and no test payload.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { privateEnvironment, startCodeServer, type CodeServer } from '../vscode/runner/codeServer';
import { FIXTURE_WORKSPACE } from '../vscode/runner/paths';
import type { CodeServerTools } from '../vscode/runner/prerequisites';
import { DEAD_PROXY } from '../vscode/runner/settings';

export const EXTENSION_ID = 'stagecraft.stagecraft';

export interface ProductSession {
  page: Page;
  workspace: string;
  /** The installed extension's folder (proof it came from the .vsix). */
  installedExtension: string;
  /** code-server's output so far, for failure messages. */
  serverOutput(): string;
  close(): Promise<void>;
}

// Nothing but loopback: every other host fails at once.
const BROWSER_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  `--proxy-server=${DEAD_PROXY}`, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** On top of the runner's quiet, offline settings: what makes the pictures for the README. */
// The Outline starts collapsed: the stages fit in the pane, their instructions one click away.
const PRODUCT_SETTINGS = { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false, 'outline.collapseItems': 'alwaysCollapse' };

/** The workbench reads the user settings when the page loads: written before page.goto. */
function addUserSettings(runDir: string, extra: Record<string, unknown>): void {
  const file = path.join(runDir, 'user-data', 'User', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(file, JSON.stringify({ ...settings, ...extra }, null, 2));
}

/** `code-server --install-extension`, as a user installs the .vsix; returns the installed folder. */
export async function installVsix(codeServerBinary: string, vsix: string, runDir: string, extensionsDir = path.join(runDir, 'extensions')): Promise<string> {
  const env = privateEnvironment(runDir, {});
  const args = ['--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', path.join(runDir, 'user-data')];
  const { stdout, stderr } = await promisify(execFile)(codeServerBinary, args, { env, timeout: 60_000 });
  const installed = fs.readdirSync(extensionsDir).find((name) => name.startsWith(`${EXTENSION_ID}-`));
  if (!installed) throw new Error(`--install-extension left no ${EXTENSION_ID} in ${extensionsDir}\n${stdout}\n${stderr}`);
  return path.join(extensionsDir, installed);
}

export async function openProductSession(tools: CodeServerTools, vsix: string, log: (line: string) => void): Promise<ProductSession> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-e2e-'));
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop(); // the whole process group
    if (process.env.STAGECRAFT_KEEP_RUN_DIR) log(`kept ${runDir}`);
    else fs.rmSync(runDir, { recursive: true, force: true });
  };
  try {
    let started = Date.now();
    const installedExtension = await installVsix(tools.codeServer, vsix, runDir);
    log(`installed ${path.basename(installedExtension)} in ${Date.now() - started} ms`);
    started = Date.now();
    server = await startCodeServer({ binary: tools.codeServer, runDir, workspace, env: {} });
    log(`code-server ready on ${server.origin} in ${Date.now() - started} ms`);
    addUserSettings(runDir, PRODUCT_SETTINGS);
    const env = privateEnvironment(runDir, {});
    browser = await chromium.launch({ executablePath: tools.chromium, headless: true, args: BROWSER_ARGS, env });
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    page.on('pageerror', (error) => log(`[pageerror] ${error.message}`));
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
    const output = server.output;
    return { page, workspace, installedExtension, serverOutput: () => output(), close };
  } catch (error) {
    await close();
    throw error;
  }
}
