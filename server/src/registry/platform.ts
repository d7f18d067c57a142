/**
 * Platforms as BuildKit writes them, `os/arch[/variant]` (`linux/amd64`, `linux/arm64/v8`,
 * `linux/arm/v7`): parsed from `--platform` and the `stagecraft.platform` setting, normalised the
 * way containerd matches them against an index, written back for messages and keys.
 */
import type { Platform } from './types';

// Go's GOOS and GOARCH values: what BuildKit can build for.
const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos']);
const KNOWN_ARCH = new Set(['386', 'amd64', 'arm', 'arm64', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'ppc64', 'ppc64le', 'riscv64', 's390x', 'wasm']);
const PART = /^[a-z0-9_.-]+$/;

/** containerd's architecture aliases: x86_64 → amd64, aarch64 → arm64, armhf → arm v7, armel → arm v6, i386 → 386. */
function normalizeArch(architecture: string, variant: string): { architecture: string; variant: string } {
  switch (architecture) {
    case 'x86_64':
    case 'x86-64':
      return { architecture: 'amd64', variant };
    case 'aarch64':
      return { architecture: 'arm64', variant };
    case 'armhf':
      return { architecture: 'arm', variant: 'v7' };
    case 'armel':
      return { architecture: 'arm', variant: 'v6' };
    case 'i386':
    case 'i686':
    case 'x86':
      return { architecture: '386', variant };
    default:
      return { architecture, variant };
  }
}

/**
 * Parses `os/arch[/variant]`; a bare architecture means linux. Undefined for empty text, text
 * with variables, an unknown OS or architecture, or more than three parts. No default variant
 * is added: `linux/arm64` stays as written.
 */
export function parsePlatform(text: string | undefined): Platform | undefined {
  const trimmed = text?.trim().toLowerCase();
  if (!trimmed) return undefined;
  const parts = trimmed.split('/');
  if (parts.length > 3 || !parts.every((part) => PART.test(part))) return undefined;
  const [os, writtenArch, writtenVariant] = parts.length === 1 ? ['linux', parts[0], undefined] : parts;
  const { architecture, variant } = normalizeArch(writtenArch, writtenVariant ?? '');
  if (!KNOWN_OS.has(os) || !KNOWN_ARCH.has(architecture)) return undefined;
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Why `text` is no platform, for error messages; undefined when it is one. */
export function platformProblem(text: string): string | undefined {
  if (parsePlatform(text)) return undefined;
  const parts = text.trim().toLowerCase().split('/');
  if (text.includes('$')) return `'${text}' holds a variable`;
  if (parts.length > 3 || !parts.every((part) => PART.test(part))) return `'${text}' is not os/arch[/variant]`;
  if (parts.length > 1 && !KNOWN_OS.has(parts[0])) return `unknown operating system '${parts[0]}' in '${text}'`;
  return `unknown architecture '${parts.length === 1 ? parts[0] : parts[1]}' in '${text}'`;
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** containerd's normalisation for matching: aliases folded, arm64 variant v8 and arm variant v7 by default, amd64 v1 dropped. */
export function normalizePlatform(platform: Platform): Required<Platform> {
  const os = platform.os.toLowerCase();
  let { architecture, variant } = normalizeArch(platform.architecture.toLowerCase(), (platform.variant ?? '').toLowerCase());
  if (architecture === 'arm64' && (variant === '' || variant === '8')) variant = 'v8';
  if (architecture === 'arm' && variant === '') variant = 'v7';
  if (architecture === 'arm' && /^\d$/.test(variant)) variant = `v${variant}`;
  if (architecture === 'amd64' && variant === 'v1') variant = '';
  return { os, architecture, variant };
}

/**
 * A list of platforms as the user writes it (the `stagecraft.platforms` setting, `--platform
 * linux/amd64,linux/arm64` repeated or comma-separated): each parsed and written back, duplicates
 * dropped. `problems` says why an entry was left out.
 */
export function parsePlatformList(value: unknown): { platforms: string[]; problems: string[] } {
  const platforms: string[] = [];
  const problems: string[] = [];
  const entries = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value.flatMap((item) => (typeof item === 'string' ? item.split(',') : [])) : [];
  // Bounded: a setting of thousands of entries is cut short.
  for (const entry of entries.slice(0, 64)) {
    if (entry.trim() === '') continue;
    const parsed = parsePlatform(entry);
    if (!parsed) {
      problems.push(platformProblem(entry) ?? `'${entry}' is no platform`);
      continue;
    }
    const written = formatPlatform(parsed);
    if (!platforms.includes(written)) platforms.push(written);
  }
  return { platforms, problems };
}
