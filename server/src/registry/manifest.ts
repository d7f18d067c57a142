/**
 * Reading manifests: an index (OCI index or Docker manifest list) names one manifest per
 * platform, plus attestation entries (`unknown/unknown`) that are skipped; an image manifest
 * (OCI or Docker schema 2) lists its layers with their exact compressed sizes.
 */
import { normalizePlatform } from './platform';
import type { Platform } from './types';

export const MANIFEST_MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/** All four, or registries answer 404 for OCI content or down-convert to schema 1. */
export const MANIFEST_ACCEPT = Object.values(MANIFEST_MEDIA_TYPES).join(', ');

interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

export type ParsedManifest =
  | { kind: 'index'; manifests: Descriptor[] }
  | { kind: 'image'; layers: { digest: string; size: number }[]; config?: { digest: string; size?: number } }
  | { kind: 'unsupported'; mediaType: string };

/** Classifies a manifest body; undefined when it is not a manifest at all. */
export function parseManifest(body: Buffer, contentType: string | undefined): ParsedManifest | undefined {
  let json: { mediaType?: unknown; schemaVersion?: unknown; manifests?: unknown; layers?: unknown };
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object') return undefined;
  const mediaType = typeof json.mediaType === 'string' ? json.mediaType : (contentType ?? '').split(';')[0].trim();
  if (Array.isArray(json.manifests)) {
    const manifests = json.manifests.filter((m): m is Descriptor => !!m && typeof m === 'object' && typeof (m as Descriptor).digest === 'string');
    return { kind: 'index', manifests };
  }
  if (json.schemaVersion === 2 && Array.isArray(json.layers)) {
    const layers = json.layers.map((l: { digest?: unknown; size?: unknown }) => ({ digest: String(l?.digest), size: l?.size }));
    if (!layers.every((l): l is { digest: string; size: number } => Number.isSafeInteger(l.size) && (l.size as number) >= 0)) return undefined;
    const config = (json as { config?: { digest?: unknown; size?: unknown } }).config;
    const configDigest = typeof config?.digest === 'string' && /^sha256:[a-f0-9]{64}$/.test(config.digest) ? config.digest : undefined;
    return { kind: 'image', layers, ...(configDigest ? { config: { digest: configDigest, size: Number.isSafeInteger(config?.size) ? (config?.size as number) : undefined } } : {}) };
  }
  return { kind: 'unsupported', mediaType: mediaType || `schema ${String(json.schemaVersion)}` };
}

/** The entry for `wanted`, skipping attestations; undefined when the index has none for it. */
export function selectPlatform(manifests: Descriptor[], wanted: Platform): Descriptor | undefined {
  const images = manifests.filter((m) => !isAttestation(m));
  const target = normalizePlatform(wanted);
  const candidates = images.filter((m) => {
    if (!m.platform?.os || !m.platform.architecture) return false;
    const entry = normalizePlatform({ os: m.platform.os, architecture: m.platform.architecture, variant: m.platform.variant });
    return entry.os === target.os && entry.architecture === target.architecture;
  });
  const sameVariant = candidates.find((m) => normalizePlatform(m.platform as Platform).variant === target.variant);
  if (sameVariant) return sameVariant;
  // Asked for no particular variant: any build for the architecture will do.
  if (wanted.variant === undefined && candidates.length > 0) return candidates[0];
  // An index without platform data and a single image: that image is the answer.
  if (images.length === 1 && !images[0].platform) return images[0];
  return undefined;
}

/** The platforms an index offers (attestations and entries without a platform left out). */
export function indexPlatforms(manifests: Descriptor[]): Platform[] {
  const platforms: Platform[] = [];
  for (const entry of manifests) {
    if (isAttestation(entry) || !entry.platform?.os || !entry.platform.architecture) continue;
    const { os, architecture, variant } = entry.platform;
    platforms.push(variant ? { os: String(os), architecture: String(architecture), variant: String(variant) } : { os: String(os), architecture: String(architecture) });
  }
  return platforms;
}

function isAttestation(entry: Descriptor): boolean {
  return entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' || (entry.platform?.os === 'unknown' && entry.platform.architecture === 'unknown');
}
