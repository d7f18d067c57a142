/**
 * `ImageSizeService` for the size engine: caches (memory, disk), shares concurrent look-ups of
 * the same image, bounds every look-up by a deadline, and never throws. Constructed disabled
 * (untrusted workspace, setting off) it answers without any I/O.
 */
import { GrantCache } from './auth';
import { fetchImagePlatforms, fetchImageSize, type LookupContext } from './client';
import { AnswerCache, PLATFORMS, SizeCache, type CachedPlatforms } from './cache';
import { dockerConfigCredentials } from './credentials';
import { RegistryError, seconds } from './errors';
import { formatPlatform, normalizePlatform } from './platform';
import { manifestReference, parseImageReference, type ImageReference } from './reference';
import type { ImagePlatformService, ImagePlatformsResult, ImageSizeQuery, ImageSizeResult, ImageSizeService, Platform } from './types';
import { remember } from './boundedMap';

/** Failures remembered (per image and platform). */
const MAX_REMEMBERED = 1_000;

export interface ImageSizeServiceOptions {
  /** False in untrusted workspaces or when the user turned look-ups off: no network, no disk. */
  enabled: boolean;
  /** Why look-ups are off, shown as the reason when disabled. */
  disabledReason?: string;
  /** Directory for the on-disk cache; without it only memory caches. */
  cacheDir?: string;
  /** Deadline of one look-up, all requests included. Default 5 s. */
  timeoutMs?: number;
  /** Time allowed to open a connection. Default: the smaller of 3 s and `timeoutMs`. */
  connectTimeoutMs?: number;
  /** Where the user's Docker `config.json` is: default `$DOCKER_CONFIG`, then `~/.docker`. */
  dockerConfigDir?: string;
  /** How long an answer for a tag stays fresh. Default 24 h; answers for digests never expire. */
  ttlMs?: number;
  /** How long a failure is remembered (in memory) before the registry is asked again. Default 60 s. */
  failureTtlMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
const DEFAULT_FAILURE_TTL_MS = 60_000;

/** The registry service: image sizes for the size engine, image platforms for InvalidBaseImagePlatform. */
export type RegistryService = ImageSizeService & ImagePlatformService;

export function createImageSizeService(options: ImageSizeServiceOptions): RegistryService {
  if (!options.enabled) {
    const reason = options.disabledReason ?? 'registry look-ups are off';
    return { lookup: async () => ({ ok: false, reason }), platformsOf: async () => ({ ok: false, reason }) };
  }
  return new RegistryImageSizeService(options);
}

class RegistryImageSizeService implements RegistryService {
  private readonly sizes: SizeCache;
  private readonly platforms: AnswerCache<CachedPlatforms>;
  private readonly credentials;
  private readonly timeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly failureTtlMs: number;
  private readonly grants = new GrantCache();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly failures = new Map<string, { failure: Failure; until: number }>();

  constructor(options: ImageSizeServiceOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.connectTimeoutMs = Math.min(options.connectTimeoutMs ?? 3_000, this.timeoutMs);
    this.failureTtlMs = options.failureTtlMs ?? DEFAULT_FAILURE_TTL_MS;
    this.sizes = new SizeCache(options.cacheDir, options.ttlMs ?? DEFAULT_TTL_MS);
    this.platforms = new AnswerCache(options.cacheDir, options.ttlMs ?? DEFAULT_TTL_MS, Date.now, PLATFORMS);
    this.credentials = dockerConfigCredentials({ configDir: options.dockerConfigDir, helperTimeoutMs: Math.min(3_000, this.timeoutMs) });
  }

  async lookup(query: ImageSizeQuery, signal?: AbortSignal): Promise<ImageSizeResult> {
    const answer = await this.answer(query.image, (reference) => cacheKey(reference, query.platform), this.sizes, (reference, context) => fetchImageSize(reference, query.platform, context), signal);
    return answer.ok ? { ok: true, size: answer.value } : { ok: false, reason: answer.reason };
  }

  async platformsOf(image: string, signal?: AbortSignal): Promise<ImagePlatformsResult> {
    const answer = await this.answer(image, (reference) => `${reference.apiHost}/${reference.repository}@${manifestReference(reference)}`, this.platforms, fetchImagePlatforms, signal);
    if (answer.ok) return { ok: true, image: answer.value };
    return answer.notFound ? { ok: false, reason: answer.reason, notFound: true } : { ok: false, reason: answer.reason };
  }

  /** One cached, shared, time-limited look-up of `image`; never throws. */
  private async answer<T extends { fetchedAt: number }>(
    image: string,
    keyOf: (reference: ImageReference) => string,
    cache: AnswerCache<T>,
    fetch: (reference: ImageReference, context: LookupContext) => Promise<Omit<T, 'fetchedAt'>>,
    signal: AbortSignal | undefined,
  ): Promise<{ ok: true; value: T & { fromCache: boolean } } | Failure> {
    try {
      if (image.trim().toLowerCase() === 'scratch') return { ok: false, reason: 'scratch is empty, not an image in a registry' };
      const reference = parseImageReference(image);
      if ('error' in reference) return { ok: false, reason: reference.error };
      const key = `${cache.kind.folder}|${keyOf(reference)}`;
      const cached = await cache.get(keyOf(reference));
      if (cached) return { ok: true, value: { ...cached, fromCache: true } };
      const failure = this.failures.get(key);
      if (failure && failure.until > Date.now()) return failure.failure;

      let shared = this.inFlight.get(key) as Promise<{ ok: true; value: T & { fromCache: boolean } } | Failure> | undefined;
      if (!shared) {
        shared = this.fetchAndRemember(key, keyOf(reference), reference, cache, fetch).finally(() => this.inFlight.delete(key));
        this.inFlight.set(key, shared);
      }
      return await untilAborted(shared, signal);
    } catch (error) {
      return failureOf(error);
    }
  }

  private async fetchAndRemember<T extends { fetchedAt: number }>(
    key: string,
    cacheKeyOf: string,
    reference: ImageReference,
    cache: AnswerCache<T>,
    fetch: (reference: ImageReference, context: LookupContext) => Promise<Omit<T, 'fetchedAt'>>,
  ): Promise<{ ok: true; value: T & { fromCache: boolean } } | Failure> {
    const deadline = new AbortController();
    const timeout = new RegistryError(`${reference.apiHost} did not answer in ${seconds(this.timeoutMs)}`);
    const timer = setTimeout(() => deadline.abort(timeout), this.timeoutMs);
    try {
      const lookup = fetch(reference, { credentials: this.credentials, grants: this.grants, connectTimeoutMs: this.connectTimeoutMs, signal: deadline.signal });
      // The race also bounds steps that do not watch the signal (a slow credential helper).
      const fetched = await Promise.race([lookup, new Promise<never>((_, reject) => deadline.signal.addEventListener('abort', () => reject(timeout)))]);
      const value = { ...fetched, fetchedAt: Date.now() } as unknown as T;
      await cache.set(cacheKeyOf, value, reference.digest !== undefined);
      this.failures.delete(key);
      return { ok: true, value: { ...value, fromCache: false } };
    } catch (error) {
      const failure = failureOf(error);
      if (this.failureTtlMs > 0) remember(this.failures, key, { failure, until: Date.now() + this.failureTtlMs }, MAX_REMEMBERED);
      return failure;
    } finally {
      clearTimeout(timer);
      deadline.abort(timeout); // ends any request still open
    }
  }
}

/** A look-up that gave no answer; `notFound` when the registry said the image does not exist. */
interface Failure {
  ok: false;
  reason: string;
  notFound?: true;
}

function failureOf(error: unknown): Failure {
  if (!(error instanceof RegistryError)) return { ok: false, reason: `registry look-up failed: ${(error as Error).message}` };
  return error.notFound ? { ok: false, reason: error.reason, notFound: true } : { ok: false, reason: error.reason };
}

/** Registry, repository, manifest reference and normalised platform. */
function cacheKey(reference: ImageReference, platform: Platform): string {
  return `${reference.apiHost}/${reference.repository}@${manifestReference(reference)}|${formatPlatform(normalizePlatform(platform))}`;
}

/** The shared look-up, or a cancellation answer as soon as this caller's signal aborts. */
function untilAborted<R>(shared: Promise<R | { ok: false; reason: string }>, signal: AbortSignal | undefined): Promise<R | { ok: false; reason: string }> {
  if (!signal) return shared;
  const cancelled = { ok: false as const, reason: 'look-up cancelled' };
  if (signal.aborted) return Promise.resolve(cancelled);
  return new Promise((resolve) => {
    const onAbort = () => resolve(cancelled);
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(resolve, () => resolve(cancelled)).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
