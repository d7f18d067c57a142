/**
 * A real registry for tests: Debian's `docker-registry` (CNCF distribution 2.8) on 127.0.0.1 with
 * a random port and storage in a temp dir, plus plain-HTTP upload helpers so a test can push
 * blobs, image manifests, OCI indexes (with attestation entries) and Docker manifest lists whose
 * layer sizes it knows exactly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { skipUnavailable } from './buildah';

export const REGISTRY_INSTALL_HINT = 'install with: apt-get install -y docker-registry';

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  inToto: 'application/vnd.in-toto+json',
} as const;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
  annotations?: Record<string, string>;
}

export interface TestRegistry {
  /** `127.0.0.1:PORT`, as written in an image reference. */
  readonly host: string;
  readonly port: number;
  readonly baseUrl: string;
  /** The registry's log so far (for failure messages). */
  log(): string;
  uploadBlob(repository: string, content: Buffer | string): Promise<{ digest: string; size: number }>;
  /** PUTs a manifest (any media type) under a tag or digest; returns its descriptor. */
  putManifest(repository: string, reference: string | undefined, manifest: object, mediaType: string): Promise<Descriptor>;
  /**
   * Uploads random layers of the given sizes and a config for `platform`, then the image manifest
   * (OCI or Docker schema 2). The descriptor's digest addresses it; `layerBytes` is their sum.
   */
  pushImage(repository: string, options: PushImageOptions): Promise<Descriptor & { layerBytes: number }>;
  stop(): Promise<void>;
}

export interface PushImageOptions {
  layerSizes: number[];
  platform?: { os: string; architecture: string; variant?: string };
  format?: 'oci' | 'docker';
  /** Tag to put the manifest under; without it the manifest is only addressable by digest. */
  tag?: string;
}

const START_TIMEOUT_MS = 10_000;

/** A running registry, or why it cannot start here (for `t.skip`). */
export async function startRegistry(): Promise<TestRegistry | { unavailable: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stagecraft-registry-'));
  const config = path.join(dir, 'config.yml');
  await fs.writeFile(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: info',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      '  addr: 127.0.0.1:0',
      '',
    ].join('\n'),
  );
  // REGISTRY_* variables would override the file; start from a clean environment.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('REGISTRY_')));
  let child: ChildProcess;
  try {
    child = spawn('docker-registry', ['serve', config], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    return { unavailable: `docker-registry could not start (${(error as Error).message}); ${REGISTRY_INSTALL_HINT}` };
  }
  let log = '';
  const port = await new Promise<number | string>((resolve) => {
    const timer = setTimeout(() => resolve(`docker-registry did not report its port within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code === 'ENOENT' ? `docker-registry is not installed; ${REGISTRY_INSTALL_HINT}` : `docker-registry failed: ${error.message}`);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(`docker-registry exited (${code}) before listening:\n${log}`);
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    await fs.rm(dir, { recursive: true, force: true });
  };
  if (typeof port === 'string') {
    await stop();
    return { unavailable: port };
  }
  return new RunningRegistry(port, () => log, stop);
}

class RunningRegistry implements TestRegistry {
  readonly host: string;
  readonly baseUrl: string;

  constructor(readonly port: number, readonly log: () => string, readonly stop: () => Promise<void>) {
    this.host = `127.0.0.1:${port}`;
    this.baseUrl = `http://${this.host}`;
  }

  async uploadBlob(repository: string, content: Buffer | string): Promise<{ digest: string; size: number }> {
    const bytes = Buffer.from(content);
    const digest = sha256(bytes);
    const started = await this.send('POST', `/v2/${repository}/blobs/uploads/`, undefined, {}, 202);
    const location = new URL(started.headers.get('location') ?? '', this.baseUrl);
    location.searchParams.set('digest', digest);
    await this.send('PUT', location.pathname + location.search, bytes, { 'content-type': 'application/octet-stream' }, 201);
    return { digest, size: bytes.length };
  }

  async putManifest(repository: string, reference: string | undefined, manifest: object, mediaType: string): Promise<Descriptor> {
    const body = Buffer.from(JSON.stringify(manifest, null, 2));
    const digest = sha256(body);
    await this.send('PUT', `/v2/${repository}/manifests/${reference ?? digest}`, body, { 'content-type': mediaType }, 201);
    return { mediaType, digest, size: body.length };
  }

  async pushImage(repository: string, options: PushImageOptions): Promise<Descriptor & { layerBytes: number }> {
    const platform = options.platform ?? { os: 'linux', architecture: 'amd64' };
    const oci = (options.format ?? 'oci') === 'oci';
    const layers: Descriptor[] = [];
    for (const size of options.layerSizes) {
      const blob = await this.uploadBlob(repository, randomBytes(size));
      layers.push({ mediaType: oci ? MEDIA.ociLayer : MEDIA.dockerLayer, ...blob });
    }
    const configBody = JSON.stringify({ ...platform, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) }, config: {} });
    const config = { mediaType: oci ? MEDIA.ociConfig : MEDIA.dockerConfig, ...(await this.uploadBlob(repository, configBody)) };
    const mediaType = oci ? MEDIA.ociManifest : MEDIA.dockerManifest;
    const descriptor = await this.putManifest(repository, options.tag, { schemaVersion: 2, mediaType, config, layers }, mediaType);
    return { ...descriptor, platform, layerBytes: options.layerSizes.reduce((a, b) => a + b, 0) };
  }

  private async send(method: string, pathAndQuery: string, body: Buffer | undefined, headers: Record<string, string>, expected: number): Promise<Response> {
    const response = await fetch(this.baseUrl + pathAndQuery, { method, body, headers, signal: AbortSignal.timeout(10_000) });
    if (response.status !== expected) {
      throw new Error(`${method} ${pathAndQuery} → ${response.status} (expected ${expected}): ${await response.text()}`);
    }
    await response.arrayBuffer();
    return response;
  }
}

/** An attestation entry as BuildKit writes it into an index (`unknown/unknown`). */
export async function pushAttestation(registry: TestRegistry, repository: string, subject: Descriptor): Promise<Descriptor> {
  const statement = await registry.uploadBlob(repository, JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', predicateType: 'https://spdx.dev/Document' }));
  const config = await registry.uploadBlob(repository, '{"architecture":"unknown","os":"unknown","config":{},"rootfs":{"type":"layers","diff_ids":[]}}');
  const manifest = await registry.putManifest(
    repository,
    undefined,
    { schemaVersion: 2, mediaType: MEDIA.ociManifest, config: { mediaType: MEDIA.ociConfig, ...config }, layers: [{ mediaType: MEDIA.inToto, ...statement }] },
    MEDIA.ociManifest,
  );
  return {
    ...manifest,
    platform: { os: 'unknown', architecture: 'unknown' },
    annotations: { 'vnd.docker.reference.digest': subject.digest, 'vnd.docker.reference.type': 'attestation-manifest' },
  };
}

/** Puts an OCI index or a Docker manifest list of `entries` under `tag`. */
export function pushIndex(registry: TestRegistry, repository: string, tag: string, entries: Descriptor[], format: 'oci' | 'docker' = 'oci'): Promise<Descriptor> {
  const mediaType = format === 'oci' ? MEDIA.ociIndex : MEDIA.dockerList;
  const manifests = entries.map(({ mediaType: entryType, digest, size, platform, annotations }) => ({ mediaType: entryType, digest, size, platform, ...(annotations ? { annotations } : {}) }));
  return registry.putManifest(repository, tag, { schemaVersion: 2, mediaType, manifests }, mediaType);
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The started registry, or the test skipped (SKIPPED outside CI; in CI a missing registry fails). */
export function registryOrSkip(registry: TestRegistry | { unavailable: string }, t: { skip(message?: string): void }): TestRegistry | undefined {
  if (!('unavailable' in registry)) return registry;
  skipUnavailable(t, registry.unavailable);
  return undefined;
}
