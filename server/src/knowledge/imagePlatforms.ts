/**
 * Which platform a base image gives a build, as BuildKit resolves it: from an index, containerd's
 * matcher for the wanted platform (platforms.Only) takes the same architecture first and else a
 * compatible one (amd64 runs 386, arm64 runs arm); a single image is taken whatever its platform.
 * BuildKit then compares OS and architecture with the platform it builds for
 * (dockerfile2llb validateBaseImagePlatform): the InvalidBaseImagePlatform check.
 */
import { normalizePlatform, parsePlatform } from '../registry/platform';
import type { Platform } from '../registry/types';

export type { Platform } from '../registry/types';

/** What a registry says about a base image (see registry ImagePlatforms). */
export interface BaseImagePlatforms {
  kind: 'index' | 'image';
  platforms: Platform[];
}

/** A platform as written (`linux/arm64`, `aarch64`), or undefined. */
export function readPlatform(text: string): Platform | undefined {
  return parsePlatform(text);
}

/** BuildKit's text of a platform (containerd `FormatAll(Normalize(p))`): `linux/arm64`, `linux/arm/v7`, `linux/amd64`. */
export function buildkitPlatformText(platform: Platform): string {
  const normal = normalizePlatform(platform);
  // containerd's Normalize drops arm64's default v8 (ours keeps it for matching).
  const variant = normal.architecture === 'arm64' && normal.variant === 'v8' ? '' : normal.variant;
  return [normal.os, normal.architecture, variant].filter(Boolean).join('/');
}

/** Architectures a platform also runs, in containerd's order of preference after its own. */
const COMPATIBLE: Record<string, string[]> = { amd64: ['386'], arm64: ['arm'] };

function variantNumber(variant: string): number {
  const match = /^v(\d+)/.exec(variant);
  return match ? Number(match[1]) : 0;
}

/**
 * The platform BuildKit pulls from an index when building for `wanted`: the same OS and
 * architecture (for arm, a variant no newer than the wanted one), else a compatible architecture;
 * undefined when none fits ("no match for platform in manifest": the build fails).
 */
export function platformFromIndex(entries: readonly Platform[], wanted: Platform): Platform | undefined {
  const target = normalizePlatform(wanted);
  const normal = entries.map((entry) => ({ entry, normal: normalizePlatform(entry) }));
  const sameOs = normal.filter((candidate) => candidate.normal.os === target.os);
  const exact = sameOs.find((candidate) => candidate.normal.architecture === target.architecture && (target.architecture !== 'arm' || variantNumber(candidate.normal.variant) <= variantNumber(target.variant)));
  if (exact) return exact.entry;
  for (const architecture of COMPATIBLE[target.architecture] ?? []) {
    const compatible = sameOs.find((candidate) => candidate.normal.architecture === architecture);
    if (compatible) return compatible.entry;
  }
  return undefined;
}

/** Whether BuildKit's check passes: the same OS and architecture (the variant is not compared). */
export function samePlatform(actual: Platform, expected: Platform): boolean {
  const a = normalizePlatform(actual);
  const e = normalizePlatform(expected);
  return a.os === e.os && a.architecture === e.architecture;
}
