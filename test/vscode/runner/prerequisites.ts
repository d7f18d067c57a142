/** Finds the tools a real-VS-Code run needs and says plainly what is missing. */
import * as fs from 'node:fs';
import { defaultCodeServerBinary, INSTALL_HINT } from './paths';

export type CodeServerTools = { kind: 'code-server'; codeServer: string; chromium: string };
export type ElectronTarget = { kind: 'test-electron'; executable?: string };
export type Backend = CodeServerTools | ElectronTarget;

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(): string | undefined {
  const fromEnv = process.env.STAGECRAFT_CHROMIUM;
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : undefined;
  return CHROMIUM_CANDIDATES.find(isExecutable);
}

export function findCodeServer(): string {
  return process.env.STAGECRAFT_CODE_SERVER ?? defaultCodeServerBinary();
}

/** code-server and Chromium, or why they cannot be used. */
export function findCodeServerTools(): CodeServerTools | { reason: string } {
  const codeServer = findCodeServer();
  if (!isExecutable(codeServer)) return { reason: `code-server is not installed (no ${codeServer}); ${INSTALL_HINT}` };
  const chromium = findChromium();
  if (!chromium) {
    const where = process.env.STAGECRAFT_CHROMIUM ?? CHROMIUM_CANDIDATES.join(' or ');
    return { reason: `Chromium is not installed (no ${where}); apt-get install chromium, then ${INSTALL_HINT}` };
  }
  return { kind: 'code-server', codeServer, chromium };
}

/** STAGECRAFT_VSCODE_EXECUTABLE names an installed desktop VS Code for @vscode/test-electron. */
export function installedVsCode(): ElectronTarget | { reason: string } | undefined {
  const executable = process.env.STAGECRAFT_VSCODE_EXECUTABLE;
  if (!executable) return undefined;
  return isExecutable(executable) ? { kind: 'test-electron', executable } : { reason: `STAGECRAFT_VSCODE_EXECUTABLE=${executable} is not an executable file` };
}

