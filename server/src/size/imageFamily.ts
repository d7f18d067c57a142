/**
 * Image families: which catalog rows can stand in for an image that is not in the catalog, and
 * which on-disk/compressed ratio class an image belongs to.
 */
import { JVM_IMAGES } from '../knowledge/baseImage';
import { flavorOf, tagAnatomy } from './tagAnatomy';

/**
 * The family key of a catalog image name: distroless images without their Debian suffix
 * (`gcr.io/distroless/static-debian12` → `distroless/static`), Chainguard images under one name,
 * everything else as is.
 */
export function familyOf(image: string): string {
  const distroless = /^gcr\.io\/distroless\/([a-z0-9]+?)(?:-debian\d+)?$/.exec(image);
  if (distroless) return `distroless/${distroless[1]}`;
  const chainguard = /^(?:cgr\.dev\/chainguard|ghcr\.io\/chainguard-images)\/([a-z0-9-]+)$/.exec(image);
  if (chainguard) return `chainguard/${chainguard[1]}`;
  return image;
}

/** The Debian release a distroless image name carries (`-debian12`), as a codename token source. */
export function distrolessDebian(image: string): string | undefined {
  return /-debian(\d+)$/.exec(image)?.[1];
}

const TOOLCHAIN_IMAGES = new Set(['golang', 'rust', 'node', 'python', 'ruby', 'php', 'gcc', 'buildpack-deps', 'swift', 'julia', 'r-base', 'pypy', 'elixir', 'erlang', 'perl', 'haskell', 'composer', 'dart']);

export type RatioClass = 'busybox' | 'distroless' | 'jdk' | 'toolchain' | 'alpine' | 'distro';

/** The ratio class of an image: the README's groups (alpine-based ≈ 2.3, debian-based ≈ 2.6, toolchains ≈ 2.8, JDK ≈ 2). */
export function ratioClassOf(image: string, tag: string): RatioClass {
  const family = familyOf(image);
  if (family === 'busybox' || family === 'hello-world') return 'busybox';
  if (family.startsWith('distroless/') || family.startsWith('chainguard/')) return 'distroless';
  const base = family.split('/').pop() ?? family;
  if (JVM_IMAGES.has(base)) return 'jdk';
  if (TOOLCHAIN_IMAGES.has(base)) return 'toolchain';
  if (flavorOf(tagAnatomy(tag, base)) === 'alpine') return 'alpine';
  return 'distro';
}

/** Ratio keys from the most to the least specific: family+flavour, family, class. */
export function ratioKeys(image: string, tag: string): string[] {
  const family = familyOf(image);
  return [`${family}:${flavorOf(tagAnatomy(tag, family))}`, family, `class:${ratioClassOf(image, tag)}`];
}
