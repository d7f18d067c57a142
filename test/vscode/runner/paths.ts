/** Where things are: the repository, the bundled suite, the fixture workspace, the artifacts. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SUITE_ENTRY = path.join(REPO_ROOT, 'out', 'vscode-tests', 'index.js');
export const FIXTURE_WORKSPACE = path.join(REPO_ROOT, 'test', 'vscode', 'fixtures', 'workspace');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts', 'vscode');
export const SCREENSHOTS_DIR = path.join(REPO_ROOT, 'test-artifacts', 'screenshots');
export const SETUP_SCRIPT = path.join(REPO_ROOT, 'scripts', 'setup-code-server.sh');
export const INSTALL_HINT = 'install with: bash scripts/setup-code-server.sh';

/** The code-server version lives in the setup script only; read it from there. */
export function codeServerVersion(): string {
  const match = /^CODE_SERVER_VERSION=(\S+)$/m.exec(fs.readFileSync(SETUP_SCRIPT, 'utf8'));
  if (!match) throw new Error(`no CODE_SERVER_VERSION= line in ${SETUP_SCRIPT}`);
  return match[1];
}

export function cacheDir(): string {
  return process.env.STAGECRAFT_CACHE ?? path.join(os.homedir(), '.cache', 'stagecraft');
}

/** The launcher the setup script writes: code-server pinned to its Node 24. */
export function defaultCodeServerBinary(): string {
  return path.join(cacheDir(), `code-server-${codeServerVersion()}`, 'bin', 'code-server-node24');
}
