/**
 * The contract between the size engine and the registry client. Anything that touches the
 * network sits behind `ImageSizeService`: cached, time-limited, never throwing.
 */

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface ImageSizeQuery {
  /** The image as written in FROM (after ARG expansion): `golang:1.22-alpine`, `ghcr.io/o/i:tag`, `name@sha256:...`. */
  image: string;
  platform: Platform;
}

export interface RemoteImageSize {
  /** Sum of the compressed layer sizes of the platform's manifest (what a pull transfers). */
  compressedBytes: number;
  layers: number;
  /** Digest of the platform manifest. */
  digest: string;
  /** Registry host that answered, e.g. `registry-1.docker.io`. */
  registry: string;
  /** Epoch milliseconds when the registry answered (from cache: when it was first fetched). */
  fetchedAt: number;
  fromCache: boolean;
}

export type ImageSizeResult =
  | { ok: true; size: RemoteImageSize }
  /** `reason` is one short sentence for the user, e.g. "registry.example.com did not answer in 5 s". */
  | { ok: false; reason: string };

export interface ImageSizeService {
  /** Never throws and never waits longer than its time limit; honours `signal`. */
  lookup(query: ImageSizeQuery, signal?: AbortSignal): Promise<ImageSizeResult>;
}

/** What a base image offers: the platforms of its index, or the one platform of a single image (from its config). */
export interface ImagePlatforms {
  /** `index`: an OCI index or Docker manifest list; `image`: one manifest, pulled whatever platform is asked for. */
  kind: 'index' | 'image';
  platforms: Platform[];
  registry: string;
  fetchedAt: number;
  fromCache: boolean;
}

/** `notFound`: the registry said the image does not exist (a 404 for its tag or digest), not that it could not answer. */
export type ImagePlatformsResult = { ok: true; image: ImagePlatforms } | { ok: false; reason: string; notFound?: true };

/** Same guarantees as ImageSizeService: cached, time-limited, never throwing, no I/O when disabled. */
export interface ImagePlatformService {
  platformsOf(image: string, signal?: AbortSignal): Promise<ImagePlatformsResult>;
}
