/**
 * One image-size look-up over the OCI distribution API: GET the manifest (answering a 401 once),
 * follow an index to the platform's manifest, sum its layer sizes. Every failure is a
 * RegistryError with a short reason.
 */
import { createHash } from 'node:crypto';
import { authorize, parseChallenge, type GrantCache } from './auth';
import type { CredentialSource } from './credentials';
import { RegistryError } from './errors';
import { httpGet, registryBaseUrl, type GetOptions } from './http';
import { indexPlatforms, MANIFEST_ACCEPT, parseManifest, selectPlatform } from './manifest';
import { formatPlatform } from './platform';
import { formatReference, manifestReference, type ImageReference } from './reference';
import type { ImagePlatforms, Platform, RemoteImageSize } from './types';

export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** An index may point at another index (rare); more nesting than this is refused. */
const MAX_INDEX_DEPTH = 2;

export interface LookupContext {
  credentials: CredentialSource;
  /** Grants from earlier look-ups, tried first and refreshed on a 401. */
  grants?: GrantCache;
  connectTimeoutMs: number;
  signal: AbortSignal;
}

export type FetchedSize = Omit<RemoteImageSize, 'fetchedAt' | 'fromCache'>;

export async function fetchImageSize(reference: ImageReference, platform: Platform, context: LookupContext): Promise<FetchedSize> {
  const session = new RegistrySession(reference, context);
  let manifestRef = manifestReference(reference);
  for (let depth = 0; ; depth++) {
    const { manifest, digest } = await session.getManifest(manifestRef);
    if (manifest.kind === 'image') {
      const compressedBytes = manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
      return { compressedBytes, layers: manifest.layers.length, digest, registry: reference.apiHost };
    }
    if (manifest.kind === 'unsupported') throw new RegistryError(`${formatReference(reference)} uses an unsupported manifest format (${manifest.mediaType})`);
    if (depth >= MAX_INDEX_DEPTH) throw new RegistryError(`${formatReference(reference)} nests indexes too deeply`);
    const entry = selectPlatform(manifest.manifests, platform);
    if (!entry) throw new RegistryError(`${formatReference(reference)} has no ${formatPlatform(platform)} image`);
    manifestRef = entry.digest;
  }
}

export type FetchedPlatforms = Omit<ImagePlatforms, 'fetchedAt' | 'fromCache'>;

/** An image config read at most this big (configs hold the history: tens of KB). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The platforms an image offers: an index lists them; a single manifest has the one its config
 * names (BuildKit pulls it whatever platform is asked for, then compares: InvalidBaseImagePlatform).
 */
export async function fetchImagePlatforms(reference: ImageReference, context: LookupContext): Promise<FetchedPlatforms> {
  const session = new RegistrySession(reference, context);
  const { manifest } = await session.getManifest(manifestReference(reference));
  if (manifest.kind === 'index') return { kind: 'index', platforms: indexPlatforms(manifest.manifests), registry: reference.apiHost };
  if (manifest.kind === 'unsupported') throw new RegistryError(`${formatReference(reference)} uses an unsupported manifest format (${manifest.mediaType})`);
  if (!manifest.config) throw new RegistryError(`${formatReference(reference)} has no image config`);
  const config = await session.getBlob(manifest.config.digest, MAX_CONFIG_BYTES);
  let json: { os?: unknown; architecture?: unknown; variant?: unknown };
  try {
    json = JSON.parse(config.toString('utf8'));
  } catch {
    throw new RegistryError(`${reference.apiHost} sent an invalid image config for ${formatReference(reference)}`);
  }
  if (typeof json?.os !== 'string' || typeof json.architecture !== 'string') return { kind: 'image', platforms: [], registry: reference.apiHost };
  const platform: Platform = typeof json.variant === 'string' && json.variant ? { os: json.os, architecture: json.architecture, variant: json.variant } : { os: json.os, architecture: json.architecture };
  return { kind: 'image', platforms: [platform], registry: reference.apiHost };
}

/** The requests of one look-up against one repository, sharing the authorization obtained. */
class RegistrySession {
  private authorization: string | undefined;
  /** A 401 is answered once per look-up; a second one means the grant is not enough. */
  private answeredChallenge = false;
  private readonly base: string;

  constructor(private readonly reference: ImageReference, private readonly context: LookupContext) {
    this.base = `${registryBaseUrl(reference.apiHost)}/v2/${reference.repository}/manifests/`;
    this.authorization = context.grants?.get(reference.apiHost, reference.repository);
  }

  async getManifest(ref: string): Promise<{ manifest: NonNullable<ReturnType<typeof parseManifest>>; digest: string }> {
    let response = await this.get(ref);
    if (response.status === 401 && !this.answeredChallenge && !response.redirectedAway) {
      this.answeredChallenge = true;
      const challenge = parseChallenge(first(response.headers['www-authenticate']));
      if (!challenge) throw new RegistryError(`${this.reference.apiHost} requires authentication but sent no challenge`);
      const grant = await authorize(challenge, {
        domain: this.reference.domain,
        apiHost: this.reference.apiHost,
        repository: this.reference.repository,
        credentials: this.context.credentials,
        request: this.requestOptions(),
      });
      this.authorization = grant.header;
      this.context.grants?.set(this.reference.apiHost, this.reference.repository, grant);
      response = await this.get(ref);
    }
    this.assertOk(response.status, ref);
    const manifest = parseManifest(response.body, first(response.headers['content-type']));
    if (!manifest) throw new RegistryError(`${this.reference.apiHost} sent an invalid manifest for ${formatReference(this.reference)}`);
    const digest = `sha256:${createHash('sha256').update(response.body).digest('hex')}`;
    // Content addressed: what a digest names must hash to it.
    if (ref.startsWith('sha256:') && ref !== digest) throw new RegistryError(`${this.reference.apiHost} sent a manifest that does not match ${ref.slice(0, 19)}…`);
    return { manifest, digest };
  }

  /** A blob (an image config), checked against its digest. The authorization of the manifest request is reused. */
  async getBlob(digest: string, maxBytes: number): Promise<Buffer> {
    const headers: Record<string, string> = {};
    if (this.authorization) headers.authorization = this.authorization;
    const url = new URL(`${registryBaseUrl(this.reference.apiHost)}/v2/${this.reference.repository}/blobs/${digest}`);
    const response = await httpGet(url, { ...this.requestOptions(), headers, maxBytes });
    this.assertOk(response.status, digest);
    if (`sha256:${createHash('sha256').update(response.body).digest('hex')}` !== digest) throw new RegistryError(`${this.reference.apiHost} sent a blob that does not match ${digest.slice(0, 19)}…`);
    return response.body;
  }

  private get(ref: string) {
    const headers: Record<string, string> = { accept: MANIFEST_ACCEPT };
    if (this.authorization) headers.authorization = this.authorization;
    return httpGet(new URL(this.base + ref), { ...this.requestOptions(), headers, maxBytes: MAX_MANIFEST_BYTES });
  }

  private requestOptions(): Omit<GetOptions, 'maxBytes' | 'headers'> {
    return { connectTimeoutMs: this.context.connectTimeoutMs, signal: this.context.signal };
  }

  private assertOk(status: number, ref: string): void {
    if (status === 200) return;
    const image = formatReference(this.reference);
    const host = this.reference.apiHost;
    if (status === 404) {
      if (ref.startsWith('sha256:') && ref !== this.reference.digest) throw new RegistryError(`${host} lost a platform manifest of ${image}`);
      throw new RegistryError(`${image} was not found on ${host}`, true);
    }
    if (status === 401) throw new RegistryError(`${host} refused access to ${this.reference.repository}`);
    if (status === 403) throw new RegistryError(`${host} denied access to ${this.reference.repository}`);
    if (status === 429) throw new RegistryError(`${host} rate-limited the look-up (429); try again later`);
    if (status >= 500) throw new RegistryError(`${host} had a server error (${status})`);
    throw new RegistryError(`${host} answered ${status} for ${image}`);
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
