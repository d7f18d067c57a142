/**
 * "Only tags that exist": the split names its runtime image by the family's tag scheme
 * (python:3.11-bookworm → python:3.11-slim-bookworm) and, when look-ups are allowed, asks the
 * registry first. Against a real registry (Debian's docker-registry on loopback) holding
 * `library/python:3.11-slim-bookworm` and no other python tag: the split of a 3.11 app is offered
 * and its preview says the tag was checked; the split of a 3.10 app (whose slim tag the registry
 * lacks) is not offered; without look-ups nothing is asked and the preview says the tag was not
 * checked, and why. The same through the real language server over stdio.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver-types';
import { createImageSizeService } from '../../server/src/registry/service';
import { ImageLookups } from '../../server/src/features/imageLookups';
import { DEFAULT_SETTINGS, StagecraftService } from '../../server/src/service/stagecraftService';
import { ContextFileCache } from '../../server/src/workspace/contextFiles';
import { LspProcess, SERVER_PATH } from '../support/lspProcess';
import { registryOrSkip, startRegistry, type TestRegistry } from '../support/registry';

let registry: TestRegistry | { unavailable: string };
let scratchDir: string;
let project: string;

before(async () => {
  registry = await startRegistry();
  scratchDir = await fs.mkdtemp(path.join(os.tmpdir(), 'stagecraft-runtime-tags-'));
  project = path.join(scratchDir, 'app');
  await fs.mkdir(project);
  await fs.writeFile(path.join(project, 'requirements.txt'), 'flask\n');
  await fs.writeFile(path.join(project, 'app.py'), 'print("hello")\n');
  if ('unavailable' in registry) return;
  await registry.pushImage('library/python', { layerSizes: [400], platform: { os: 'linux', architecture: 'amd64' }, tag: '3.11-slim-bookworm' });
});

after(async () => {
  if (!('unavailable' in registry)) await registry.stop();
  await fs.rm(scratchDir, { recursive: true, force: true });
});

/** A pip app on the full python image of `tag`: the split's runtime is the slim variant of that tag. */
function pythonApp(host: string, tag: string): string {
  return [`FROM ${host}/library/python:${tag}`, 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install --no-cache-dir -r requirements.txt', 'COPY . .', 'CMD ["python", "app.py"]', ''].join('\n');
}

const ON_FROM = { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } };

function splitOf(actions: CodeAction[]): CodeAction | undefined {
  return actions.find((action) => action.title.startsWith('Split into builder stage'));
}

/** The preview's note on the runtime image (the description of the split's own annotation). */
function runtimeNote(action: CodeAction | undefined): string | undefined {
  return action?.edit?.changeAnnotations?.split?.description;
}

/** The service as the server drives it: look-ups through the cached registry service, allowed or not. */
async function codeActions(text: string, options: { allowed: boolean; timeoutMs?: number }) {
  const registryService = createImageSizeService({ enabled: options.allowed, dockerConfigDir: await fs.mkdtemp(path.join(scratchDir, 'cfg-')), cacheDir: await fs.mkdtemp(path.join(scratchDir, 'cache-')), failureTtlMs: 0, timeoutMs: options.timeoutMs ?? 5_000 });
  const log: string[] = [];
  const lookups = new ImageLookups({ registry: () => registryService, lookupsAllowed: () => options.allowed, offReason: () => 'no registry look-ups in an untrusted workspace', changed: () => undefined, log: (message) => log.push(message) });
  const service = new StagecraftService({ log: (message) => log.push(message) });
  const document = TextDocument.create(pathToFileURL(path.join(project, 'Dockerfile')).href, 'dockerfile', 1, text);
  const settings = { ...DEFAULT_SETTINGS, languageFeatures: 'stagesOnly' as const };
  const actions = await service.codeActionsReading(new ContextFileCache(), document, ON_FROM, [], settings, ['refactor'], { verdict: lookups.tagVerdict, lookUp: (images) => lookups.request(images) });
  return { actions, log };
}

const manifestRequests = (reg: TestRegistry, tag: string) => reg.log().split('\n').filter((line) => line.includes(`/v2/library/python/manifests/${tag}`)).length;

test('a runtime tag the registry has: the split is offered, and its preview says the tag was checked', async (t) => {
  const reg = registryOrSkip(registry, t);
  if (!reg) return;
  const { actions } = await codeActions(pythonApp(reg.host, '3.11-bookworm'), { allowed: true });
  const split = splitOf(actions);
  assert.ok(split, `split offered: ${actions.map((action) => action.title).join(', ')}`);
  assert.match(runtimeNote(split) ?? '', new RegExp(`${reg.host.replace(/\./g, '\\.')}/library/python:3\\.11-slim-bookworm was checked: ${reg.host.replace(/\./g, '\\.')} has it\\.`));
  assert.match(JSON.stringify(split.edit), /FROM 127\.0\.0\.1:\d+\/library\/python:3\.11-slim-bookworm/);
});

test('a runtime tag the registry does not have: the split is not offered, and the log says why', async (t) => {
  const reg = registryOrSkip(registry, t);
  if (!reg) return;
  const before = manifestRequests(reg, '3.10-slim-bookworm');
  const { actions, log } = await codeActions(pythonApp(reg.host, '3.10-bookworm'), { allowed: true });
  assert.equal(splitOf(actions), undefined);
  assert.ok(manifestRequests(reg, '3.10-slim-bookworm') > before, 'the registry was asked for the slim tag');
  assert.ok(log.some((line) => line === `Split into builder stage not offered: ${reg.host}/library/python:3.10-slim-bookworm was not found on ${reg.host}`), log.join('\n'));
});

test('look-ups not allowed: nothing is asked, the split is offered and its preview says the tag was not checked, and why', async (t) => {
  const reg = registryOrSkip(registry, t);
  if (!reg) return;
  const before = manifestRequests(reg, '3.10-slim-bookworm');
  const { actions } = await codeActions(pythonApp(reg.host, '3.10-bookworm'), { allowed: false });
  const split = splitOf(actions);
  assert.ok(split);
  assert.match(runtimeNote(split) ?? '', /python:3\.10-slim-bookworm was not checked against its registry — no registry look-ups in an untrusted workspace\./);
  assert.equal(manifestRequests(reg, '3.10-slim-bookworm'), before, 'no request reached the registry');
});

test('a registry that cannot answer: the split is still offered, saying the tag was not checked and what went wrong', async (t) => {
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  const { actions } = await codeActions(pythonApp('127.0.0.1:1', '3.11-bookworm'), { allowed: true, timeoutMs: 2_000 });
  const split = splitOf(actions);
  assert.ok(split);
  assert.match(runtimeNote(split) ?? '', /127\.0\.0\.1:1\/library\/python:3\.11-slim-bookworm was not checked against its registry — .+\. It follows the image's published tag scheme\./);
  assert.doesNotMatch(runtimeNote(split) ?? '', /has not answered yet/);
});

test('the language server over stdio: trusted, the split of a tag the registry lacks is not offered; untrusted, it is, unchecked', async (t) => {
  const reg = registryOrSkip(registry, t);
  if (!reg) return;
  const root = path.resolve(__dirname, '../..');
  if (!existsSync(SERVER_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  const uri = pathToFileURL(path.join(project, 'Dockerfile')).href;
  const titles = async (initializationOptions: Record<string, unknown>, tag: string) => {
    const server = await LspProcess.start();
    try {
      await server.initialize(initializationOptions);
      server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: pythonApp(reg.host, tag) } });
      const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: ON_FROM, context: { diagnostics: [], only: ['refactor'] } }, 30_000);
      return actions.map((action) => `${action.title} | ${runtimeNote(action) ?? ''}`);
    } finally {
      await server.shutdown();
    }
  };
  const cacheDir = await fs.mkdtemp(path.join(scratchDir, 'lsp-cache-'));
  const trusted = { trusted: true, registryLookups: true, cacheDir };
  const found = await titles(trusted, '3.11-bookworm');
  assert.equal(found.filter((line) => line.startsWith('Split into builder stage') && line.includes('was checked')).length, 1, found.join('\n'));
  assert.deepEqual((await titles(trusted, '3.10-bookworm')).filter((line) => line.startsWith('Split into builder stage')), []);
  const untrusted = await titles({ trusted: false, cacheDir }, '3.10-bookworm');
  assert.equal(untrusted.filter((line) => line.startsWith('Split into builder stage') && line.includes('not checked against its registry — no registry look-ups in an untrusted workspace.')).length, 1, untrusted.join('\n'));
});
