/**
 * The base-image size catalog and tag resolution: an image reference and an arch in, the
 * catalog row that stands for it out (exact, or the nearest of its family by variant and
 * version), with compressed and on-disk figures and a low–high range.
 */
import type { CatalogEntry } from './catalogTypes';
import { deriveDiskRatios, type DiskRatios } from './diskRatios';
import { SIZE_CONSTANTS as K } from './sizeConstants';
import { distrolessDebian, familyOf } from './imageFamily';
import type { CatalogReference } from './imageReference';
import { tagAnatomy, variantDistance, versionDistance, type TagAnatomy } from './tagAnatomy';

export type CatalogMatch = 'exact' | 'nearest' | 'family';

export interface Figure {
  value: number;
  low: number;
  high: number;
  /** True when the figure was converted from the other measure with a disk ratio. */
  viaRatio: boolean;
}

export interface CatalogEstimate {
  entry: CatalogEntry;
  match: CatalogMatch;
  /** e.g. `golang:1.25-bookworm (amd64)`. */
  matchedAs: string;
  compressed: Figure;
  uncompressed: Figure;
  /** The ratio used (or that would be used) between the two measures. */
  ratio: { ratio: number; low: number; high: number; key: string };
}

interface IndexedEntry {
  entry: CatalogEntry;
  family: string;
  anatomy: TagAnatomy;
}

/** Official images mirrored elsewhere under their own name (same content). */
const MIRROR_PREFIXES = [/^public\.ecr\.aws\/docker\/library\//, /^mirror\.gcr\.io\/(?:library\/)?/, /^[^/]+\/library\//];

export class SizeCatalog {
  readonly ratios: DiskRatios;
  private readonly byFamily = new Map<string, IndexedEntry[]>();

  constructor(readonly entries: readonly CatalogEntry[]) {
    this.ratios = deriveDiskRatios(entries);
    for (const entry of mergeSameTag(entries)) {
      const family = familyOf(entry.image);
      const anatomy = tagAnatomy(entry.tag.startsWith('sha256:') ? '' : entry.tag, family);
      const debian = distrolessDebian(entry.image);
      if (debian) anatomy.codenames.push(`debian${debian}`);
      const list = this.byFamily.get(family) ?? [];
      list.push({ entry, family, anatomy });
      this.byFamily.set(family, list);
    }
  }

  hasFamily(name: string): boolean {
    return this.byFamily.has(familyOf(name));
  }

  /** The catalog's figure for an image on an arch (`amd64`, `arm64v8`, ...); undefined for unknown families. */
  estimate(reference: CatalogReference, arch: string): CatalogEstimate | undefined {
    const { family, viaFamilyName } = this.familyFor(reference);
    const candidates = family ? this.byFamily.get(family) : undefined;
    if (!family || !candidates) return undefined;
    const wanted = tagAnatomy(reference.tag ?? (reference.digest ? '' : 'latest'), family);
    const debian = distrolessDebian(reference.name);
    if (debian) wanted.codenames.push(`debian${debian}`);
    const digestHex = reference.digest?.replace(/^sha256:/, '');
    let best: { indexed: IndexedEntry; score: number } | undefined;
    for (const indexed of candidates) {
      const score = this.score(indexed, wanted, arch, reference, digestHex);
      if (!best || score < best.score) best = { indexed, score };
    }
    if (!best) return undefined;
    return this.figures(best.indexed, best.score, viaFamilyName, candidates);
  }

  private familyFor(reference: CatalogReference): { family?: string; viaFamilyName: boolean } {
    const direct = familyOf(reference.name);
    if (this.byFamily.has(direct)) return { family: direct, viaFamilyName: false };
    for (const prefix of MIRROR_PREFIXES) {
      const stripped = reference.name.replace(prefix, '');
      if (stripped !== reference.name && this.byFamily.has(stripped)) return { family: stripped, viaFamilyName: false };
    }
    // `bitnami/python`, `registry.example.com/team/node`: the last path part names a known family.
    const last = reference.repository.split('/').pop() ?? '';
    if (this.byFamily.has(last)) return { family: last, viaFamilyName: true };
    return { viaFamilyName: false };
  }

  private score(indexed: IndexedEntry, wanted: TagAnatomy, arch: string, reference: CatalogReference, digestHex?: string): number {
    const { entry, anatomy } = indexed;
    if (digestHex && entry.tag.startsWith('sha256:') && digestHex.startsWith(entry.tag.slice(7))) return 0;
    let score = variantDistance(wanted, anatomy) * 100 + versionDistance(wanted.version, anatomy.version);
    if (entry.arch === undefined) score += 1;
    // Another arch of the same variant is closer than another variant on this arch.
    else if (entry.arch !== arch) score += 150;
    if (entry.image !== reference.name) score += 0.5;
    // Rows without a compressed figure are a last resort for the same tag.
    if (entry.compressed === undefined) score += 0.3;
    if (entry.approximate) score += 0.2;
    return score;
  }

  private figures(indexed: IndexedEntry, score: number, viaFamilyName: boolean, candidates: IndexedEntry[]): CatalogEstimate {
    const { entry } = indexed;
    const ratio = this.ratios.forImage(entry.image, entry.tag);
    const match: CatalogMatch = viaFamilyName ? 'family' : score < 1 ? 'exact' : 'nearest';
    // Tags move and neighbours differ: the further the match, the wider the range.
    let spread = match === 'family'
      ? K.catalogFamilySpread.value
      : match === 'exact'
        ? K.catalogExactSpread.value
        : Math.min(K.catalogNearestSpread.high, K.catalogNearestSpread.value + (score % 100) * K.catalogPerVersionStep.value + Math.floor(score / 100) * K.catalogPerVariantStep.value);
    if (entry.approximate) spread += K.catalogApproximateSpread.value;
    // On another arch, the same tag's amd64 on-disk size is scaled by the arch's compressed ratio.
    const sameTagAmd64 = entry.arch !== 'amd64' ? candidates.find((c) => c.entry.image === entry.image && c.entry.tag === entry.tag && c.entry.arch === 'amd64') : undefined;
    const pairRatio = sameTagAmd64?.entry.compressed && sameTagAmd64.entry.uncompressed ? sameTagAmd64.entry.uncompressed / sameTagAmd64.entry.compressed : undefined;
    const compressed = entry.compressed !== undefined
      ? measured(entry.compressed, spread)
      : converted(entry.uncompressed ?? 0, spread, 1 / ratio.ratio, 1 / ratio.high, 1 / ratio.low);
    const uncompressed = entry.uncompressed !== undefined
      ? measured(entry.uncompressed, spread)
      : pairRatio !== undefined
        ? converted(compressed.value, spread + K.catalogPairRatioSpread.value, pairRatio, pairRatio * (1 - K.catalogPairRatioSpread.value), pairRatio * (1 + K.catalogPairRatioSpread.value))
        : converted(compressed.value, spread, ratio.ratio, ratio.low, ratio.high);
    return {
      entry,
      match,
      matchedAs: `${entry.image}:${entry.tag}${entry.arch ? ` (${entry.arch})` : ''}`,
      compressed,
      uncompressed,
      ratio,
    };
  }
}

function measured(value: number, spread: number): Figure {
  return { value, low: Math.round(value * (1 - spread)), high: Math.round(value * (1 + spread)), viaRatio: false };
}

function converted(source: number, spread: number, ratio: number, low: number, high: number): Figure {
  return {
    value: Math.round(source * ratio),
    low: Math.round(source * (1 - spread) * Math.min(low, ratio)),
    high: Math.round(source * (1 + spread) * Math.max(high, ratio)),
    viaRatio: true,
  };
}

/** Rows of one image, tag and arch from different sources complete each other (one compressed, one on-disk). */
function mergeSameTag(entries: readonly CatalogEntry[]): CatalogEntry[] {
  const merged = new Map<string, CatalogEntry>();
  for (const entry of entries) {
    const key = `${entry.image}|${entry.tag}|${entry.arch ?? ''}`;
    const earlier = merged.get(key);
    if (!earlier) merged.set(key, { ...entry });
    else {
      earlier.compressed ??= entry.compressed;
      earlier.uncompressed ??= entry.uncompressed;
      if (earlier.origin !== entry.origin) earlier.origin = `${earlier.origin}; ${entry.origin}`;
    }
  }
  return [...merged.values()];
}
