/**
 * Exact sizes from a real registry (Debian's docker-registry on loopback): what was pushed is
 * what the client reads back, through indexes, manifest lists, attestations and digests.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createImageSizeService } from '../../server/src/registry/service';
import type { ImageSizeResult, ImageSizeService, RemoteImageSize } from '../../server/src/registry/types';
import { createBuildah, skipUnavailable } from '../support/buildah';
import { pushAttestation, pushIndex, registryOrSkip, startRegistry, type TestRegistry } from '../support/registry';

let registry: TestRegistry | { unavailable: string };
let service: ImageSizeService;
let emptyDockerConfig: string;

before(async () => {
  registry = await startRegistry();
  emptyDockerConfig = await fs.mkdtemp(path.join(os.tmpdir(), 'stagecraft-dockercfg-'));
  service = createImageSizeService({ enabled: true, timeoutMs: 5_000, dockerConfigDir: emptyDockerConfig, failureTtlMs: 0 });
});

after(async () => {
  if (!('unavailable' in registry)) await registry.stop();
  await fs.rm(emptyDockerConfig, { recursive: true, force: true });
});

const running = (t: { skip(message?: string): void }) => registryOrSkip(registry, t);

function sizeOf(result: ImageSizeResult): RemoteImageSize {
  assert.ok(result.ok, `expected a size, got: ${result.ok ? '' : result.reason}`);
  return result.size;
}

const linux = (architecture: string, variant?: string) => ({ os: 'linux', architecture, ...(variant ? { variant } : {}) });

test('OCI index with two platforms and attestations: each platform gets its own exact size', async (t) => {
  const reg = running(t);
  if (!reg) return;
  const amd64 = await reg.pushImage('multi/app', { layerSizes: [1000, 2345, 17], platform: linux('amd64') });
  const arm64 = await reg.pushImage('multi/app', { layerSizes: [4096, 512], platform: linux('arm64', 'v8') });
  const index = await pushIndex(reg, 'multi/app', '1.0', [
    amd64,
    arm64,
    await pushAttestation(reg, 'multi/app', amd64),
    await pushAttestation(reg, 'multi/app', arm64),
  ]);

  const onAmd64 = sizeOf(await service.lookup({ image: `${reg.host}/multi/app:1.0`, platform: linux('amd64') }));
  assert.deepEqual({ bytes: onAmd64.compressedBytes, layers: onAmd64.layers, digest: onAmd64.digest, registry: onAmd64.registry, fromCache: onAmd64.fromCache }, { bytes: 3362, layers: 3, digest: amd64.digest, registry: reg.host, fromCache: false });
  // arm64 without a variant means v8, as in Docker.
  const onArm64 = sizeOf(await service.lookup({ image: `${reg.host}/multi/app:1.0`, platform: linux('arm64') }));
  assert.deepEqual([onArm64.compressedBytes, onArm64.layers, onArm64.digest], [4608, 2, arm64.digest]);

  const missing = await service.lookup({ image: `${reg.host}/multi/app:1.0`, platform: linux('s390x') });
  assert.deepEqual(missing, { ok: false, reason: `${reg.host}/multi/app:1.0 has no linux/s390x image` });

  // Pinned by the index digest: same answer, through the index.
  const pinned = sizeOf(await service.lookup({ image: `${reg.host}/multi/app@${index.digest}`, platform: linux('amd64') }));
  assert.equal(pinned.compressedBytes, 3362);
});

test('Docker manifest list: the platform manifest is chosen and summed', async (t) => {
  const reg = running(t);
  if (!reg) return;
  const amd64 = await reg.pushImage('dockerlist/app', { layerSizes: [70_000, 30], platform: linux('amd64'), format: 'docker' });
  const armv7 = await reg.pushImage('dockerlist/app', { layerSizes: [50_000], platform: linux('arm', 'v7'), format: 'docker' });
  await pushIndex(reg, 'dockerlist/app', 'latest', [armv7, amd64], 'docker');

  // No tag means latest.
  assert.equal(sizeOf(await service.lookup({ image: `${reg.host}/dockerlist/app`, platform: linux('amd64') })).compressedBytes, 70_030);
  assert.equal(sizeOf(await service.lookup({ image: `${reg.host}/dockerlist/app`, platform: linux('arm', 'v7') })).compressedBytes, 50_000);
  assert.equal((await service.lookup({ image: `${reg.host}/dockerlist/app`, platform: linux('arm', 'v6') })).ok, false);
});

test('a single manifest (no index) and a digest reference', async (t) => {
  const reg = running(t);
  if (!reg) return;
  const single = await reg.pushImage('single/app', { layerSizes: [123_456, 789], tag: 'v2' });
  const byTag = sizeOf(await service.lookup({ image: `${reg.host}/single/app:v2`, platform: linux('amd64') }));
  assert.deepEqual([byTag.compressedBytes, byTag.layers, byTag.digest], [124_245, 2, single.digest]);

  const untagged = await reg.pushImage('single/app', { layerSizes: [5, 6, 7] });
  const byDigest = sizeOf(await service.lookup({ image: `${reg.host}/single/app@${untagged.digest}`, platform: linux('amd64') }));
  assert.deepEqual([byDigest.compressedBytes, byDigest.digest], [18, untagged.digest]);

  const notFound = await service.lookup({ image: `${reg.host}/single/app:nope`, platform: linux('amd64') });
  assert.deepEqual(notFound, { ok: false, reason: `${reg.host}/single/app:nope was not found on ${reg.host}` });
});

test('an image built and pushed by buildah: the registry size is the compressed layers buildah pushed', { timeout: 240_000 }, async (t) => {
  const reg = running(t);
  if (!reg) return;
  const buildah = await createBuildah();
  if ('unavailable' in buildah) return skipUnavailable(t, buildah.unavailable);
  const contextDir = await fs.mkdtemp(path.join(os.tmpdir(), 'stagecraft-context-'));
  try {
    const base = await buildah.busyboxBase();
    await fs.writeFile(path.join(contextDir, 'data.txt'), 'stagecraft '.repeat(20_000));
    await buildah.build({ contextDir, tag: 'localhost/pushed:1', dockerfileText: `FROM ${base}\nCOPY data.txt /data.txt\n` });
    const uncompressed = await buildah.imageSize('localhost/pushed:1');
    const digest = await buildah.push('localhost/pushed:1', `docker://${reg.host}/pushed/app:1`, { format: 'oci' });

    const size = sizeOf(await service.lookup({ image: `${reg.host}/pushed/app:1`, platform: linux('amd64') }));
    assert.equal(size.digest, digest);
    assert.equal(size.layers, 2);
    // Read the pushed manifest independently to get the exact expected number.
    const manifest = (await (await fetch(`${reg.baseUrl}/v2/pushed/app/manifests/${digest}`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } })).json()) as { layers: { size: number }[] };
    assert.equal(size.compressedBytes, manifest.layers.reduce((sum, layer) => sum + layer.size, 0));
    // gzip shrinks busybox and the repetitive text well below the uncompressed tars.
    assert.ok(size.compressedBytes < uncompressed * 0.7, `${size.compressedBytes} compressed vs ${uncompressed} uncompressed`);
  } finally {
    await buildah.dispose();
    await fs.rm(contextDir, { recursive: true, force: true });
  }
});
