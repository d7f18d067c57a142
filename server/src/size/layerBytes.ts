/**
 * From file sizes to layer sizes. A layer is a tar stream: each file adds a 512-byte header and
 * is padded to 512 bytes (that is what `buildah inspect` counts; `docker images` shows a little
 * less for many small files). Compressed sizes use gzip ratios by file type.
 */

import { SIZE_CONSTANTS as K } from './sizeConstants';

export const TAR_BLOCK = 512;

/** Tar bytes of one file entry: header plus content padded to a block. */
export function tarEntryBytes(size: number): number {
  return TAR_BLOCK + Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;
}

const ALREADY_COMPRESSED = /\.(gz|tgz|zip|jar|war|ear|whl|png|jpe?g|gif|webp|avif|woff2?|mp[34]|mov|webm|ogg|br|xz|txz|zst|bz2|7z|rar|apk|deb|rpm|pdf|ico)$/i;
const TEXT = /\.(js|mjs|cjs|ts|tsx|jsx|json|map|html?|css|scss|md|txt|py|go|rs|java|kt|rb|php|c|h|cc|cpp|hpp|cs|xml|ya?ml|toml|ini|cfg|conf|sh|svg|csv|tsv|sql|lock|mod|sum|gradle|properties|env|vue|svelte)$/i;

/** gzip's output/input ratio for a file, judged by its name. */
export function compressionRatio(path: string): number {
  if (ALREADY_COMPRESSED.test(path)) return 1;
  if (TEXT.test(path)) return K.ratioSources.value;
  return K.ratioBinary.value;
}

/** Ratio for content whose kind is known rather than its name. */
export const CONTENT_RATIO = {
  zeros: K.ratioZeros.value,
  random: K.ratioRandom.value,
  /** Installed Debian/Alpine packages: binaries, libraries, docs. */
  packages: K.ratioPackages.value,
  /** Language packages (node_modules, site-packages): mostly text. */
  sources: K.ratioSources.value,
  binary: K.ratioBinary.value,
  /** Build caches: object files and archives. */
  cache: K.ratioCache.value,
} as const;
