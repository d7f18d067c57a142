/**
 * Base image sizes: the catalog figure for an image on a platform, or the registry's exact
 * compressed size turned into an on-disk figure with the family's ratio.
 *
 * For other features (e.g. code-action messages, "ships ≈ 800 MB of toolchain"):
 *
 *   estimateBaseImage('golang:1.22', 'linux/amd64')
 *     → { uncompressed: 807360000, compressed: 289709620, low, high, source: 'catalog', matchedAs: 'golang:1.25-bookworm (amd64)', ... }
 */
import type { RemoteImageSize } from '../registry/types';
import { provenance, SIZE_CONSTANTS as K } from './sizeConstants';
import { shippedCatalog } from './catalogData';
import { parseCatalogReference } from './imageReference';
import { parsePlatform } from '../registry/platform';
import { catalogArch, DEFAULT_PLATFORM } from './platform';
import type { CatalogEstimate, SizeCatalog } from './sizeCatalog';
import type { SizeFigure } from './sizeFigure';

export type BaseSource = 'catalog' | 'registry' | 'scratch' | 'measured' | 'unknown';

export interface BaseImageEstimate extends SizeFigure {
  image: string;
  source: BaseSource;
  /** The catalog row used, e.g. `golang:1.25-bookworm (amd64)`; for the registry, its host and digest. */
  matchedAs?: string;
  /** One sentence on how the figure was reached. */
  note: string;
}

/**
 * The size of a base image on a platform (`linux/amd64` by default) from the shipped catalog;
 * undefined when neither the image nor its family is in the catalog. Never touches the network.
 */
export function estimateBaseImage(image: string, platform: string = DEFAULT_PLATFORM, catalog: SizeCatalog = shippedCatalog()): BaseImageEstimate | undefined {
  if (image.trim().toLowerCase() === 'scratch') return scratchImage();
  const reference = parseCatalogReference(image);
  const parsedPlatform = parsePlatform(platform) ?? parsePlatform(DEFAULT_PLATFORM)!;
  if (!reference) return undefined;
  const found = catalog.estimate(reference, catalogArch(parsedPlatform));
  return found ? fromCatalog(image, found) : undefined;
}

export function scratchImage(): BaseImageEstimate {
  return { image: 'scratch', source: 'scratch', compressed: 0, uncompressed: 0, low: 0, high: 0, note: 'FROM scratch: an empty base' };
}

export function fromCatalog(image: string, found: CatalogEstimate): BaseImageEstimate {
  const how = found.match === 'exact' ? 'catalog figure' : found.match === 'nearest' ? 'nearest catalog tag' : 'catalog figure of the same-named official image';
  const converted = found.uncompressed.viaRatio ? `; on-disk size from the ${found.ratio.key.replace('class:', '')} ratio ×${found.ratio.ratio.toFixed(2)}` : '';
  return {
    image,
    source: 'catalog',
    compressed: found.compressed.value,
    uncompressed: found.uncompressed.value,
    low: found.uncompressed.low,
    high: found.uncompressed.high,
    matchedAs: found.matchedAs,
    note: `${how}: ${found.matchedAs}${found.entry.recorded ? `, ${found.entry.recorded}` : ''}${converted}`,
  };
}

/** The registry's exact compressed size; on-disk from the family's ratio (catalog match, else all images). */
export function fromRegistry(image: string, remote: RemoteImageSize, catalog: SizeCatalog = shippedCatalog()): BaseImageEstimate {
  const reference = parseCatalogReference(image);
  const ratio = reference ? catalog.ratios.forImage(reference.name, reference.tag ?? 'latest') : catalog.ratios.forImage('', 'latest');
  return {
    image,
    source: 'registry',
    compressed: remote.compressedBytes,
    uncompressed: Math.round(remote.compressedBytes * ratio.ratio),
    low: Math.round(remote.compressedBytes * ratio.low),
    high: Math.round(remote.compressedBytes * ratio.high),
    matchedAs: `${remote.registry} ${remote.digest.slice(0, 19)}`,
    note: `registry: ${remote.layers} layers, ${remote.compressedBytes} bytes compressed (exact); on-disk from the ${ratio.key.replace('class:', '')} ratio ×${ratio.ratio.toFixed(2)}`,
  };
}

/** An image neither the catalog nor the registry knows: a wide guess so totals stay meaningful. */
export function unknownImage(image: string, why: string): BaseImageEstimate {
  return { image, source: 'unknown', compressed: K.unknownImageCompressed.value, uncompressed: K.unknownImage.value, low: K.unknownImage.low, high: K.unknownImage.high, note: `${why}; a typical image's size with a wide range${provenance('unknownImage')}` };
}
