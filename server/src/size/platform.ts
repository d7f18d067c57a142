/**
 * The size engine's platform defaults and the docker-library arch names the catalog uses
 * (`amd64`, `arm64v8`, `arm32v7`, `i386`, ...). Parsing and writing platforms: registry/platform.ts.
 */
import type { Platform } from '../registry/types';

export const DEFAULT_PLATFORM = 'linux/amd64';

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
