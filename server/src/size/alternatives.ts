/**
 * What the final image would weigh on another base: distroless/static for static binaries, the
 * alpine or slim variant of the same image, distroless/base for glibc programs. Each figure is
 * the final image with its base swapped, nothing else changed.
 */
import { estimateBaseImage, type BaseImageEstimate } from './baseImage';
import { parseCatalogReference } from './imageReference';
import type { SizeCatalog } from './sizeCatalog';
import type { Alternative } from './sizeEstimate';
import type { SizeFigure } from './sizeFigure';

function swapBase(final: SizeFigure, current: BaseImageEstimate, replacement: BaseImageEstimate): SizeFigure {
  return {
    compressed: Math.max(0, final.compressed - current.compressed + replacement.compressed),
    uncompressed: Math.max(0, final.uncompressed - current.uncompressed + replacement.uncompressed),
    low: Math.max(0, final.low - current.low + replacement.low),
    high: Math.max(0, final.high - current.high + replacement.high),
  };
}

/** `shipsStaticBinary`: the final image runs a static binary (knowledge/binaryLinking.ts decides). */
export function alternativesFor(current: BaseImageEstimate, final: SizeFigure, shipsStaticBinary: boolean, platform: string, catalog: SizeCatalog): Alternative[] {
  const reference = parseCatalogReference(current.image);
  const candidates: { image: string; why: string }[] = [];
  const staticBinary = shipsStaticBinary || current.source === 'scratch';
  if (staticBinary) candidates.push({ image: 'gcr.io/distroless/static-debian12', why: 'a static binary needs no libc' });
  if (reference && catalog.hasFamily(reference.name)) {
    const tag = reference.tag ?? 'latest';
    const version = /^[\d.]+/.exec(tag)?.[0];
    if (!/alpine/.test(tag)) candidates.push({ image: `${reference.name}:${version ? `${version}-` : ''}alpine`, why: 'the alpine variant of the same image' });
    if (!/slim|alpine/.test(tag) && reference.name !== 'alpine') candidates.push({ image: `${reference.name}:${version ? `${version}-` : ''}slim`, why: 'the slim variant of the same image' });
  }
  if (!staticBinary && /debian|ubuntu/.test(current.image)) candidates.push({ image: 'gcr.io/distroless/base-debian12', why: 'glibc without a shell or package manager' });
  const alternatives: Alternative[] = [];
  for (const candidate of candidates) {
    if (candidate.image === current.image) continue;
    const replacement = estimateBaseImage(candidate.image, platform, catalog);
    if (!replacement) continue;
    // Only a real variant: a fallback to some other tag of the family is no alternative.
    if (/alpine|slim/.test(candidate.image) && !(replacement.matchedAs ?? '').includes(/alpine/.test(candidate.image) ? 'alpine' : 'slim')) continue;
    const bytes = swapBase(final, current, replacement);
    if (bytes.uncompressed < final.uncompressed * 0.9) alternatives.push({ base: candidate.image, bytes, why: candidate.why });
  }
  return alternatives.sort((a, b) => a.bytes.uncompressed - b.bytes.uncompressed);
}
