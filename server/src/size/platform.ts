/**
 * Platforms: `linux/amd64`, `linux/arm64/v8`, `linux/arm/v7` as written in `--platform` or the
 * `stagecraft.platform` setting, and the docker-library arch names the catalog uses
 * (`amd64`, `arm64v8`, `arm32v7`, `i386`, ...).
 */
import type { Platform } from '../registry/types';

export const DEFAULT_PLATFORM = 'linux/amd64';

/** Parses `os/arch[/variant]`; a bare arch means linux. Undefined for text that holds variables or is empty. */
export function parsePlatform(text: string | undefined): Platform | undefined {
  if (!text) return undefined;
  const trimmed = text.trim().toLowerCase();
  if (!trimmed || trimmed.includes('$')) return undefined;
  const parts = trimmed.split('/');
  const [os, architecture, variant] = parts.length === 1 ? ['linux', parts[0], undefined] : parts;
  if (!os || !architecture) return undefined;
  const normalized = ARCH_ALIASES[architecture] ?? architecture;
  return variant ? { os, architecture: normalized, variant } : { os, architecture: normalized };
}

const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i686: '386', x86: '386' };

export function formatPlatform(platform: Platform): string {
  return `${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ''}`;
}

/** The docker-library arch name of a platform (`linux/arm/v7` → `arm32v7`). */
export function catalogArch(platform: Platform): string {
  switch (platform.architecture) {
    case 'amd64':
      return 'amd64';
    case 'arm64':
      return 'arm64v8';
    case 'arm':
      return `arm32${platform.variant ?? 'v7'}`;
    case '386':
      return 'i386';
    default:
      return platform.architecture;
  }
}
