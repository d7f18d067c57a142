/**
 * InvalidBaseImagePlatform and BaseImagePlatformMissing against a real registry (Debian's
 * docker-registry on loopback): an OCI index with two platforms (and attestations), a Docker
 * manifest list with only 386, and a single-platform image. The diagnostics come only from what
 * the registry answered, after the background look-up, and never when look-ups are not allowed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createImageSizeService } from '../../server/src/registry/service';
import { ImageLookups } from '../../server/src/features/imageLookups';
import { DEFAULT_SETTINGS, StagecraftService, type ServiceSettings } from '../../server/src/service/stagecraftService';
import { LspProcess, SERVER_PATH, type PublishedDiagnostics } from '../support/lspProcess';
import { pushAttestation, pushIndex, registryOrSkip, startRegistry, type TestRegistry } from '../support/registry';

let registry: TestRegistry | { unavailable: string };
let scratchDir: string;

before(async () => {
  registry = await startRegistry();
  scratchDir = await fs.mkdtemp(path.join(os.tmpdir(), 'stagecraft-baseplatforms-'));
  if ('unavailable' in registry) return;
  const reg = registry;
  const linux = (architecture: string, variant?: string) => ({ os: 'linux', architecture, ...(variant ? { variant } : {}) });
  // multi/base:1: an OCI index for linux/amd64 and linux/arm64/v8, with attestations.
  const amd64 = await reg.pushImage('multi/base', { layerSizes: [100], platform: linux('amd64') });
  const arm64 = await reg.pushImage('multi/base', { layerSizes: [200], platform: linux('arm64', 'v8') });
  await pushIndex(reg, 'multi/base', '1', [amd64, arm64, await pushAttestation(reg, 'multi/base', amd64), await pushAttestation(reg, 'multi/base', arm64)]);
  // single/base:1: one manifest, pulled whatever platform is asked for; its config says linux/amd64.
  await reg.pushImage('single/base', { layerSizes: [300], platform: linux('amd64'), tag: '1' });
  // legacy/base:1: a Docker manifest list with only linux/386 (an amd64 build runs it).
  const i386 = await reg.pushImage('legacy/base', { layerSizes: [50], platform: linux('386'), format: 'docker' });
  await pushIndex(reg, 'legacy/base', '1', [i386], 'docker');
});

after(async () => {
  if (!('unavailable' in registry)) await registry.stop();
  await fs.rm(scratchDir, { recursive: true, force: true });
});

const running = (t: { skip(message?: string): void }) => registryOrSkip(registry, t);

async function setup(options: { enabled?: boolean; allowed?: boolean } = {}) {
  const dockerConfigDir = await fs.mkdtemp(path.join(scratchDir, 'cfg-'));
  const registryService = createImageSizeService({ enabled: options.enabled ?? true, dockerConfigDir, failureTtlMs: 0, timeoutMs: 5_000, cacheDir: await fs.mkdtemp(path.join(scratchDir, 'cache-')), disabledReason: 'no registry look-ups in an untrusted workspace' });
  let changed = 0;
  const lookups = new ImageLookups({ registry: () => registryService, lookupsAllowed: () => options.allowed ?? true, changed: () => changed++, log: () => undefined });
  const service = new StagecraftService({ log: () => undefined });
  /** What the server does: diagnostics with the answers known, then the look-ups started; `settle` waits for them. */
  const judge = async (text: string, platforms: string[], settle = true) => {
    const document = TextDocument.create('file:///work/app/Dockerfile', 'dockerfile', 1, text);
    const settings: ServiceSettings = { ...DEFAULT_SETTINGS, languageFeatures: 'stagesOnly', platforms };
    const first = service.stageDiagnostics(document, settings, undefined, lookups.answer);
    const started = lookups.request(service.baseImagesToLookUp(document, settings));
    if (settle) await started;
    const later = service.stageDiagnostics(document, settings, undefined, lookups.answer);
    const shown = (list: typeof first) => list.filter((d) => /BaseImagePlatform/.test(String(d.code))).map((d) => `${d.code}@${d.range.start.line}: ${d.message}`);
    return { first: shown(first), later: shown(later) };
  };
  return { judge, changed: () => changed, registryService };
}

test('an index with the platform: nothing; without it: BaseImagePlatformMissing, once the look-up has answered', async (t) => {
  const reg = running(t);
  if (!reg) return;
  const { judge } = await setup();
  const text = `FROM ${reg.host}/multi/base:1\nRUN true\n`;
  const present = await judge(text, ['linux/amd64', 'linux/arm64']);
  assert.deepEqual(present, { first: [], later: [] });
  const missing = await judge(text, ['linux/amd64', 'linux/s390x']);
  assert.deepEqual(missing.later, [`BaseImagePlatformMissing@0: Base image ${reg.host}/multi/base:1 has no linux/s390x image (its index lists linux/amd64, linux/arm64): a build for linux/s390x fails with "no match for platform in manifest". linux/s390x is among the platforms you build (stagecraft.platforms, --platform, bake/compose platforms) or the stage's FROM --platform.`]);
});

test('a single-platform image pulled for another platform: BuildKit\'s InvalidBaseImagePlatform, with its words', async (t) => {
  const reg = running(t);
  if (!reg) return;
  const { judge, changed } = await setup();
  const text = `FROM ${reg.host}/single/base:1 AS app\nRUN true\n`;
  const result = await judge(text, ['linux/amd64', 'linux/arm64']);
  // Before the registry answered: nothing (a request never waits for the network).
  assert.deepEqual(result.first, []);
  assert.deepEqual(result.later, [`InvalidBaseImagePlatform@0: Base image ${reg.host}/single/base:1 was pulled with platform "linux/amd64", expected "linux/arm64" for current build`]);
  // The server is told to publish again when the answer arrives.
  await new Promise((resolve) => setTimeout(resolve, 120));
  assert.equal(changed(), 1);
  // Built for amd64 only: the image fits.
  assert.deepEqual((await judge(text, ['linux/amd64'])).later, []);
  // FROM --platform=linux/amd64 (a constant) pins the stage: no mismatch whatever else is built.
  assert.deepEqual((await judge(`FROM --platform=linux/amd64 ${reg.host}/single/base:1\n`, ['linux/arm64'])).later, []);
  // A stage built for $BUILDPLATFORM (not known here) is not judged; # check=skip switches the check off as in BuildKit.
  assert.deepEqual((await judge(`FROM --platform=$BUILDPLATFORM ${reg.host}/single/base:1\n`, ['linux/arm64'])).later, []);
  assert.deepEqual((await judge(`# check=skip=InvalidBaseImagePlatform\n${text}`, ['linux/arm64'])).later, []);
  // A stage the target does not reach is not resolved by BuildKit: not judged.
  assert.deepEqual((await judge(`FROM ${reg.host}/single/base:1 AS unused\nFROM ${reg.host}/multi/base:1\n`, ['linux/arm64'])).later, []);
});

test('an index with only a compatible platform (386 for amd64): BuildKit pulls it and warns', async (t) => {
  const reg = running(t);
  if (!reg) return;
  const { judge } = await setup();
  const result = await judge(`FROM ${reg.host}/legacy/base:1\n`, ['linux/amd64']);
  assert.deepEqual(result.later, [`InvalidBaseImagePlatform@0: Base image ${reg.host}/legacy/base:1 was pulled with platform "linux/386", expected "linux/amd64" for current build`]);
});

test('no look-ups in an untrusted workspace or with look-ups off: no diagnostic and no request to the registry', async (t) => {
  const reg = running(t);
  if (!reg) return;
  const text = `FROM ${reg.host}/single/base:1\nFROM ${reg.host}/multi/base:1\nCOPY --from=0 / /\n`;
  const requestsBefore = reg.log().split('\n').filter((line) => line.includes('/v2/single/base/')).length;
  const untrusted = await setup({ enabled: false });
  assert.deepEqual(await untrusted.judge(text, ['linux/arm64', 'linux/s390x']), { first: [], later: [] });
  assert.deepEqual(await untrusted.registryService.platformsOf(`${reg.host}/single/base:1`), { ok: false, reason: 'no registry look-ups in an untrusted workspace' });
  const off = await setup({ allowed: false });
  assert.deepEqual(await off.judge(text, ['linux/arm64', 'linux/s390x']), { first: [], later: [] });
  const requestsAfter = reg.log().split('\n').filter((line) => line.includes('/v2/single/base/')).length;
  assert.equal(requestsAfter, requestsBefore, 'the registry saw no request');
  // The count above is a real witness: an allowed look-up shows in the registry's log.
  await (await setup()).registryService.platformsOf(`${reg.host}/single/base:1`);
  assert.ok(reg.log().split('\n').filter((line) => line.includes('/v2/single/base/')).length > requestsAfter, 'an allowed look-up is logged');
});

test('the platforms answer is cached (memory and disk) like the sizes: a second service reads the disk, not the registry', async (t) => {
  const reg = running(t);
  if (!reg) return;
  const cacheDir = await fs.mkdtemp(path.join(scratchDir, 'shared-cache-'));
  const dockerConfigDir = await fs.mkdtemp(path.join(scratchDir, 'cfg-'));
  const first = createImageSizeService({ enabled: true, cacheDir, dockerConfigDir, failureTtlMs: 0 });
  const answer = await first.platformsOf(`${reg.host}/multi/base:1`);
  assert.ok(answer.ok && answer.image.kind === 'index' && !answer.image.fromCache);
  assert.deepEqual(answer.ok && answer.image.platforms, [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }]);
  const single = await first.platformsOf(`${reg.host}/single/base:1`);
  assert.deepEqual(single.ok && { kind: single.image.kind, platforms: single.image.platforms }, { kind: 'image', platforms: [{ os: 'linux', architecture: 'amd64' }] });
  const second = createImageSizeService({ enabled: true, cacheDir, dockerConfigDir, failureTtlMs: 0 });
  const cached = await second.platformsOf(`${reg.host}/multi/base:1`);
  assert.ok(cached.ok && cached.image.fromCache);
  const missing = await first.platformsOf(`${reg.host}/nothing/here:1`);
  assert.deepEqual(missing, { ok: false, reason: `${reg.host}/nothing/here:1 was not found on ${reg.host}`, notFound: true });
});

test('stagecraft check --registry asks the registry (and only then): BuildKit\'s warning in the CLI output', async (t) => {
  const reg = running(t);
  if (!reg) return;
  const root = path.resolve(__dirname, '../..');
  const cli = path.join(root, 'dist/cli.js');
  if (!existsSync(cli)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  const project = await fs.mkdtemp(path.join(scratchDir, 'cli-'));
  await fs.writeFile(path.join(project, 'Dockerfile'), `FROM ${reg.host}/single/base:1\nRUN true\n`);
  const env = { ...process.env, XDG_CACHE_HOME: path.join(project, 'cache'), DOCKER_CONFIG: path.join(project, 'docker') };
  const check = (...flags: string[]) => spawnSync(process.execPath, [cli, 'check', '--stages-only', ...flags, 'Dockerfile'], { cwd: project, env, encoding: 'utf8', timeout: 60_000 });
  const withRegistry = check('--registry', '--platform', 'linux/amd64,linux/arm64');
  assert.equal(withRegistry.stderr, '');
  assert.deepEqual(withRegistry.stdout.split('\n').filter((line) => line.includes('BaseImagePlatform')), [`Dockerfile:1:6: warning InvalidBaseImagePlatform: Base image ${reg.host}/single/base:1 was pulled with platform "linux/amd64", expected "linux/arm64" for current build`]);
  assert.equal(check('--platform', 'linux/arm64').stdout.includes('BaseImagePlatform'), false, 'no look-up without --registry');
});

test('the language server over stdio: trusted, the warning is published once the registry answered; untrusted, never', async (t) => {
  const reg = running(t);
  if (!reg) return;
  const root = path.resolve(__dirname, '../..');
  if (!existsSync(SERVER_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  const uri = 'file:///nonexistent/stagecraft-platforms/Dockerfile';
  const text = `FROM ${reg.host}/single/base:1\nRUN true\n`;
  /** The codes of the diagnostics published within `ms` after opening the document (the settings' default platforms: linux/amd64, linux/arm64). */
  const published = async (initializationOptions: Record<string, unknown>, ms: number) => {
    const server = await LspProcess.start();
    try {
      await server.initialize(initializationOptions);
      const seen: string[] = [];
      const until = Date.now() + ms;
      const next = server.nextDiagnostics(uri, undefined, ms);
      server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
      let waiting: Promise<PublishedDiagnostics> = next;
      while (Date.now() < until) {
        const result = await waiting.catch(() => undefined);
        if (!result) break;
        const messages = result.diagnostics.filter((d) => String(d.code).includes('BaseImagePlatform')).map((d) => d.message);
        seen.push(...messages);
        if (messages.length > 0) break;
        waiting = server.nextDiagnostics(uri, undefined, Math.max(1, until - Date.now()));
      }
      return seen;
    } finally {
      await server.shutdown();
    }
  };
  const cacheDir = await fs.mkdtemp(path.join(scratchDir, 'lsp-cache-'));
  assert.deepEqual(await published({ trusted: true, registryLookups: true, cacheDir }, 15_000), [`Base image ${reg.host}/single/base:1 was pulled with platform "linux/amd64", expected "linux/arm64" for current build`]);
  assert.deepEqual(await published({ trusted: false, cacheDir }, 2_000), []);
});
