/**
 * The runner's own failure handling, with fake code-servers (no real VS Code needed):
 * clear errors for a binary that is missing, dies, or never answers; the process group is
 * stopped; the workbench URL carries the test payload; the backend choice follows the env.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCodeServer } from './runner/codeServer';
import { workbenchUrl } from './runner/browser';
import { findCodeServerTools } from './runner/prerequisites';
import { REPO_ROOT, SUITE_ENTRY } from './runner/paths';
import { planBackends, runExtensionTests, ToolsMissingError } from './runTests';

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-runner-test-'));
}

function fakeBinary(dir: string, body: string): string {
  const file = path.join(dir, 'fake-code-server');
  fs.writeFileSync(file, `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });
  return file;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function withEnv<T>(values: Record<string, string | undefined>, body: () => T | Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  const apply = (entries: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(values);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}

test('a code-server that exits at once is reported with its output', async () => {
  const dir = scratch();
  const binary = fakeBinary(dir, 'echo "error: Node.js v20 is not supported" >&2; exit 3');
  await assert.rejects(startCodeServer({ binary, runDir: dir, workspace: dir, env: {} }), (error: Error) => {
    assert.match(error.message, /code-server exited \(3\) before it was ready/);
    assert.match(error.message, /Node\.js v20 is not supported/);
    return true;
  });
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a port taken under our feet is retried once, then named', async () => {
  const dir = scratch();
  const binary = fakeBinary(dir, `echo started >> "${dir}/starts"; echo "Error: listen EADDRINUSE: address already in use" >&2; exit 1`);
  await assert.rejects(startCodeServer({ binary, runDir: dir, workspace: dir, env: {} }), /port \d+ is in use/);
  assert.equal(fs.readFileSync(path.join(dir, 'starts'), 'utf8'), 'started\nstarted\n');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a code-server that never answers times out, and its whole process group is stopped', async () => {
  const dir = scratch();
  const binary = fakeBinary(dir, `sleep 300 & echo $! > "${dir}/child.pid"; echo "$HOME|$TMPDIR|$STAGECRAFT_X|$*" > "${dir}/seen"; wait`);
  const started = Date.now();
  await assert.rejects(
    startCodeServer({ binary, runDir: dir, workspace: '/the/workspace', env: { STAGECRAFT_X: 'passed' }, readyTimeoutMs: 800 }),
    /did not answer http:\/\/127\.0\.0\.1:\d+\/healthz within 800 ms/,
  );
  assert.ok(Date.now() - started < 10_000, 'fails fast');
  const [home, tmp, extra, args] = fs.readFileSync(path.join(dir, 'seen'), 'utf8').trim().split('|');
  assert.equal(home, path.join(dir, 'home'), 'a private HOME');
  assert.equal(tmp, path.join(dir, 'tmp'), 'a private TMPDIR');
  assert.equal(extra, 'passed', 'extra env reaches code-server (and so the extension host)');
  assert.match(args, /^--bind-addr 127\.0\.0\.1:\d+ --auth none .*--vscode-option enable-smoke-test-driver .*\/the\/workspace$/);
  const child = Number(fs.readFileSync(path.join(dir, 'child.pid'), 'utf8'));
  for (let i = 0; i < 50 && alive(child); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(alive(child), false, 'the child of the launcher is gone too');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a missing code-server binary is a clear error', async () => {
  const dir = scratch();
  await assert.rejects(startCodeServer({ binary: path.join(dir, 'nope'), runDir: dir, workspace: dir, env: {}, readyTimeoutMs: 2000 }), /could not start .*nope: .*ENOENT/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the workbench URL opens the folder and carries the extension-test payload as vscode-remote URIs', () => {
  const url = new URL(workbenchUrl('http://127.0.0.1:4321', '/tmp/ws', '/work/main', '/work/main/out/vscode-tests/index.js'));
  assert.equal(url.searchParams.get('folder'), '/tmp/ws');
  assert.deepEqual(JSON.parse(url.searchParams.get('payload')!), [
    ['extensionDevelopmentPath', 'vscode-remote://127.0.0.1:4321/work/main'],
    ['extensionTestsPath', 'vscode-remote://127.0.0.1:4321/work/main/out/vscode-tests/index.js'],
  ]);
});

test('backend choice: test-electron first, code-server as the fallback, missing tools named', async () => {
  const dir = scratch();
  const codeServer = fakeBinary(dir, 'exit 0');
  await withEnv({ STAGECRAFT_VSCODE_EXECUTABLE: undefined, STAGECRAFT_VSCODE_BACKEND: undefined, STAGECRAFT_CODE_SERVER: codeServer, STAGECRAFT_CHROMIUM: codeServer }, () => {
    assert.deepEqual(planBackends().map((backend) => backend.kind), ['test-electron', 'code-server']);
  });
  await withEnv({ STAGECRAFT_VSCODE_BACKEND: 'code-server', STAGECRAFT_CODE_SERVER: path.join(dir, 'missing'), STAGECRAFT_VSCODE_EXECUTABLE: undefined }, () => {
    assert.throws(() => planBackends(), (error: Error) => error instanceof ToolsMissingError && /code-server is not installed .*bash scripts\/setup-code-server\.sh/.test(error.message));
  });
  await withEnv({ STAGECRAFT_CODE_SERVER: codeServer, STAGECRAFT_CHROMIUM: path.join(dir, 'no-chromium') }, () => {
    const tools = findCodeServerTools();
    assert.ok('reason' in tools && /Chromium is not installed .*apt-get install chromium/.test(tools.reason), JSON.stringify(tools));
  });
  await withEnv({ STAGECRAFT_VSCODE_EXECUTABLE: codeServer }, () => {
    assert.deepEqual(planBackends(), [{ kind: 'test-electron', executable: codeServer }]);
  });
  await withEnv({ STAGECRAFT_VSCODE_EXECUTABLE: path.join(dir, 'no-vscode') }, () => {
    assert.throws(() => planBackends(), /STAGECRAFT_VSCODE_EXECUTABLE=.* is not an executable file/);
  });
  fs.rmSync(dir, { recursive: true, force: true });
});

test('test-electron: the desktop VS Code gets the extension, the suite, the workspace and the report path', async () => {
  const dir = scratch();
  // A stand-in for `code`: records its arguments and answers with a report, as the suite would.
  const fakeCode = fakeBinary(dir, [
    `printf '%s\\n' "$@" > "${dir}/args"`,
    `echo '{"vscodeVersion":"0.0.0-fake","uiKind":"Desktop","tests":[{"title":"fake passes","state":"passed","durationMs":1}]}' > "$STAGECRAFT_VSCODE_REPORT"`,
  ].join('\n'));
  const run = await withEnv({ STAGECRAFT_VSCODE_EXECUTABLE: fakeCode }, () => runExtensionTests({ artifactsDir: dir, buildSuite: false, log: () => undefined }));
  assert.equal(run.backend, 'test-electron');
  assert.equal(run.exitCode, 0);
  assert.deepEqual(run.report.tests.map((t) => `${t.state} ${t.title}`), ['passed fake passes']);
  const args = fs.readFileSync(path.join(dir, 'args'), 'utf8').split('\n');
  assert.ok(args.includes(`--extensionDevelopmentPath=${REPO_ROOT}`), args.join(' '));
  assert.ok(args.includes(`--extensionTestsPath=${SUITE_ENTRY}`), args.join(' '));
  assert.ok(args.includes('--disable-extensions'));
  assert.ok(args.some((arg) => /stagecraft-vscode-.*\/workspace$/.test(arg)), 'a copy of the fixture workspace is opened');
  assert.ok(fs.existsSync(path.join(dir, 'report.json')), 'the report is kept as an artifact');

  const silent = fakeBinary(dir, 'exit 7');
  await withEnv({ STAGECRAFT_VSCODE_EXECUTABLE: silent }, () =>
    assert.rejects(runExtensionTests({ artifactsDir: dir, buildSuite: false, log: () => undefined }), /VS Code exited with 7 and wrote no test report/));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('code-server dying during a run is noticed at once, with its output', async () => {
  const dir = scratch();
  // Answers /healthz on the --bind-addr port once, then dies.
  const script = `const port = Number(process.argv[process.argv.indexOf('--bind-addr') + 1].split(':')[1]);
require('node:http').createServer((_, res) => {
  res.end('ok');
  setTimeout(() => { console.error('out of memory'); process.exit(9); }, 200);
}).listen(port, '127.0.0.1');`;
  fs.writeFileSync(path.join(dir, 'fake.js'), script);
  const binary = fakeBinary(dir, `exec "${process.execPath}" "${dir}/fake.js" "$@"`);
  const server = await startCodeServer({ binary, runDir: dir, workspace: dir, env: {} });
  await assert.rejects(server.died, /code-server exited \(9\) during the run[\s\S]*out of memory/);
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});
