/**
 * Build files edited while the server runs are read again: the server registers a file watcher
 * (dynamic `workspace/didChangeWatchedFiles`) for the files it scans, and a change to one of them
 * (a Makefile that now targets a stage) changes the diagnostics without a restart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { isTargetMentionFile, TARGET_MENTION_GLOBS } from '../../server/src/workspace/targetMentions';
import { isScannedFile } from '../../server/src/workspace/scanTargets';
import { LspProcess, SERVER_PATH, type PublishedDiagnostics } from '../support/lspProcess';

/**
 * VS Code's glob subset the watchers use (`**` across folders, dot folders included; `*` within
 * a name; `{a,b}`), as a regular expression built from our own constant patterns.
 */
function vscodeGlob(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (c === '*') source += '[^/]*';
    else if (c === '{') source += '(?:';
    else if (c === '}') source += ')';
    else if (c === ',') source += '|';
    else source += c.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

const DOCKERFILE = ['FROM alpine:3.20 AS dev', 'RUN echo dev', '', 'FROM alpine:3.20', 'RUN echo app', ''].join('\n');

test('the watcher globs cover every file the scan reads; changes are filtered as the scan walks', () => {
  const scanned = ['Makefile', 'GNUmakefile', 'build/rules.mk', 'docker-bake.hcl', 'docker-bake.json', 'compose.yaml', 'docker-compose.prod.yml', 'package.json', '.devcontainer/devcontainer.json', 'scripts/build.sh', 'hack/release', '.github/workflows/ci.yml', '.gitlab-ci.yml', 'Jenkinsfile', 'justfile', 'Taskfile.yml'];
  for (const file of scanned) {
    assert.ok(isTargetMentionFile(file), `${file} is scanned`);
    assert.ok(TARGET_MENTION_GLOBS.some((glob) => vscodeGlob(glob).test(file)), `${file} is watched`);
  }
  const root = path.join(os.tmpdir(), 'ws');
  assert.equal(isScannedFile(root, path.join(root, 'Makefile')), true);
  assert.equal(isScannedFile(root, path.join(root, '.github', 'workflows', 'ci.yml')), true);
  assert.equal(isScannedFile(root, path.join(root, 'node_modules', 'x', 'package.json')), false, 'the scan skips node_modules');
  assert.equal(isScannedFile(root, path.join(root, '.idea', 'build.sh')), false, 'and hidden folders other than CI ones');
  assert.equal(isScannedFile(root, path.join(root, 'src', 'main.go')), false);
  assert.equal(isScannedFile(root, path.join(os.tmpdir(), 'elsewhere', 'Makefile')), false, 'outside the folder');
});

test('the language server registers the watcher and reads a changed Makefile again: the stage it targets is named in the hint', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-watch-'));
  if (!fs.existsSync(SERVER_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: path.resolve(__dirname, '../..'), stdio: 'inherit' });
  const server = await LspProcess.start();
  try {
    const dockerfile = path.join(root, 'Dockerfile');
    fs.writeFileSync(dockerfile, DOCKERFILE);
    await server.initialize({ trusted: false }, pathToFileURL(root).href, { didChangeWatchedFiles: { dynamicRegistration: true } });
    const uri = pathToFileURL(dockerfile).href;
    const unusedMessage = (published: PublishedDiagnostics) => published.diagnostics.find((d) => d.code === 'UnusedStage')?.message;
    const first = server.nextDiagnostics(uri, undefined, 15_000);
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: DOCKERFILE } });
    assert.equal(unusedMessage(await first), "Stage 'dev' is not part of the default build: BuildKit builds it only with --target dev.");
    const watched = server.registrations.find((registration) => registration.method === 'workspace/didChangeWatchedFiles');
    assert.ok(watched, `registered: ${server.registrations.map((r) => r.method).join(', ')}`);
    assert.deepEqual((watched.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern), TARGET_MENTION_GLOBS);

    // The user adds a Makefile target; the editor reports the new file.
    fs.writeFileSync(path.join(root, 'Makefile'), 'dev:\n\tdocker build --target dev -t app:dev .\n');
    server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(root, 'Makefile')).href, type: 1 }] });
    let message: string | undefined;
    for (const until = Date.now() + 15_000; Date.now() < until; ) {
      message = unusedMessage(await server.nextDiagnostics(uri, undefined, Math.max(1, until - Date.now())));
      if (message?.includes('Makefile')) break;
    }
    assert.equal(message, "Stage 'dev' is not part of the default build: BuildKit builds it only with --target dev. It is targeted in Makefile:2.");
  } finally {
    await server.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
