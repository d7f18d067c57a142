/**
 * The standard way: @vscode/test-electron runs the suite in a desktop VS Code, either the one in
 * STAGECRAFT_VSCODE_EXECUTABLE or one it downloads. Where nothing can be downloaded the download
 * fails within a second (ENOTFOUND) and the caller falls back to code-server.
 */
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests, SilentReporter, TestRunFailedError } from '@vscode/test-electron';
import { cacheDir } from './paths';
import { writeUserSettings } from './settings';

export class VsCodeUnavailableError extends Error {}

/** The desktop VS Code to use: the given one, or a download (a short idle timeout: fail fast offline). */
export async function desktopVsCode(executable: string | undefined): Promise<string> {
  if (executable) return executable;
  try {
    return await downloadAndUnzipVSCode({ version: 'stable', cachePath: path.join(cacheDir(), 'vscode-test'), timeout: 5000, reporter: new SilentReporter() });
  } catch (error) {
    throw new VsCodeUnavailableError(`VS Code cannot be downloaded: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export interface ElectronRunOptions {
  executable: string;
  extensionPath: string;
  testsEntry: string;
  workspace: string;
  runDir: string;
  env: Record<string, string>;
}

/** Resolves with VS Code's exit code (0 when every test passed). */
export async function runInDesktopVsCode(options: ElectronRunOptions): Promise<number> {
  const userDataDir = path.join(options.runDir, 'user-data');
  writeUserSettings(userDataDir);
  try {
    return await runTests({
      vscodeExecutablePath: options.executable,
      extensionDevelopmentPath: options.extensionPath,
      extensionTestsPath: options.testsEntry,
      extensionTestsEnv: options.env,
      launchArgs: [
        options.workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir', userDataDir,
        '--extensions-dir', path.join(options.runDir, 'extensions'),
      ],
    });
  } catch (error) {
    // runTests rejects when VS Code exits non-zero (failed tests): the report tells which.
    if (error instanceof TestRunFailedError) return error.code ?? 1;
    throw error;
  }
}
