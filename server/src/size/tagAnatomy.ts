/**
 * What a tag says about an image: its version (`1.22.3` → [1, 22, 3]), its variant tokens
 * (`slim`, `alpine`, `jre`, ...) and the distribution codename (`bookworm`). Tag resolution
 * compares these, never the raw strings.
 */

export interface TagAnatomy {
  version: number[];
  /** Flavour tokens that change the content a lot: alpine, slim, jdk, jre, fpm, musl, ... */
  flavors: string[];
  /** Distribution codenames (bookworm, trixie, jammy, ...): same content, other package versions. */
  codenames: string[];
  /** Channel names that move (lts, stable, mainline, current). */
  channels: string[];
}

const CODENAMES = new Set(['bookworm', 'trixie', 'bullseye', 'buster', 'stretch', 'forky', 'sid', 'focal', 'jammy', 'noble', 'oracular', 'plucky', 'bionic']);
const CHANNELS = new Set(['lts', 'stable', 'mainline', 'current', 'edge', 'latest', 'rolling']);
const DEBIAN_RELEASES: Record<string, string> = { '10': 'buster', '11': 'bullseye', '12': 'bookworm', '13': 'trixie' };

export function tagAnatomy(tag: string, image = ''): TagAnatomy {
  const anatomy: TagAnatomy = { version: [], flavors: [], codenames: [], channels: [] };
  for (const piece of tag.toLowerCase().split(/[-_]/)) {
    if (!piece) continue;
    if (/^v?\d+(\.\d+)*$/.test(piece)) {
      const numbers = piece.replace(/^v/, '').split('.').map(Number);
      if (anatomy.version.length === 0) {
        const release = image === 'debian' && numbers.length === 1 ? DEBIAN_RELEASES[piece] : undefined;
        if (release) anatomy.codenames.push(release);
        else anatomy.version = numbers;
      } else anatomy.flavors.push(piece);
      continue;
    }
    if (CODENAMES.has(piece)) anatomy.codenames.push(piece);
    else if (CHANNELS.has(piece)) {
      if (piece !== 'latest') anatomy.channels.push(piece);
    } else {
      // `alpine3.19`, `debian12`, `jdk21`: the word is the flavour, its number a detail.
      const word = /^([a-z]+)(\d[\d.]*)$/.exec(piece);
      if (word && (word[1] === 'alpine' || word[1] === 'debian' || word[1] === 'ubuntu')) anatomy.flavors.push(word[1]);
      else anatomy.flavors.push(piece);
    }
  }
  if (image === 'alpine') anatomy.flavors.push('alpine');
  return anatomy;
}

/** `alpine`, `slim` or `full`: the flavour that decides most of an image's on-disk/compressed ratio. */
export function flavorOf(anatomy: TagAnatomy): 'alpine' | 'slim' | 'full' {
  if (anatomy.flavors.includes('alpine')) return 'alpine';
  if (anatomy.flavors.includes('slim')) return 'slim';
  return 'full';
}

/** Weight of a token that differs between a wanted tag and a candidate. */
function tokenWeight(kind: 'flavor' | 'codename' | 'channel'): number {
  return kind === 'flavor' ? 3 : kind === 'codename' ? 1 : 0.5;
}

/** How far a candidate's variant is from the wanted one (0 = same tokens). */
export function variantDistance(wanted: TagAnatomy, candidate: TagAnatomy): number {
  let distance = 0;
  for (const kind of ['flavor', 'codename', 'channel'] as const) {
    const a = new Set(kind === 'flavor' ? wanted.flavors : kind === 'codename' ? wanted.codenames : wanted.channels);
    const b = new Set(kind === 'flavor' ? candidate.flavors : kind === 'codename' ? candidate.codenames : candidate.channels);
    for (const token of a) if (!b.has(token)) distance += tokenWeight(kind);
    for (const token of b) if (!a.has(token)) distance += tokenWeight(kind);
  }
  return distance;
}

/** How far a candidate's version is from the wanted one (0 = same or a prefix of it); at most 99. */
export function versionDistance(wanted: number[], candidate: number[]): number {
  // No version wanted (`alpine`, `latest`): an unversioned tag, else the newest version.
  if (wanted.length === 0) return candidate.length === 0 ? 0 : 5 + 1 / (1 + candidate[0] * 1000 + (candidate[1] ?? 0));
  if (candidate.length === 0) return 20;
  const shared = Math.min(wanted.length, candidate.length);
  for (let i = 0; i < shared; i++) {
    if (wanted[i] === candidate[i]) continue;
    const gap = Math.min(Math.abs(wanted[i] - candidate[i]), 9);
    // A newer candidate is preferred over an older one at the same gap: images grow over time.
    const older = candidate[i] < wanted[i] ? 0.5 : 0;
    if (i === 0) return 40 + gap * 5 + older;
    if (i === 1) return 10 + gap + older;
    return 2 + gap * 0.1 + older;
  }
  return 0.5 * Math.abs(wanted.length - candidate.length);
}
