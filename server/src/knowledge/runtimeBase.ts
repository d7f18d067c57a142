/**
 * The runtime base for a split: the same distro family and release as the builder's base, in
 * its smallest published variant, named by the family's own tag scheme (python:3.11-bookworm →
 * python:3.11-slim-bookworm, node:20 → node:20-slim, debian:bookworm → debian:bookworm-slim,
 * maven:3.9-eclipse-temurin-17 → eclipse-temurin:17-jre). Distroless only when nothing at
 * runtime needs a shell or a package. Every inference that could be wrong is returned as a note.
 */
import { parseBaseImage, type BaseImage } from './baseImage';
import type { PackageManager } from './packageRoles';

export type Family = 'debian' | 'ubuntu' | 'alpine' | 'rhel' | 'unknown';

export interface RuntimeBase {
  image: string;
  family: Family;
  /** Package manager of the runtime base; undefined when it has none (distroless, scratch). */
  manager?: PackageManager;
  shell: boolean;
  /** Why this base, for the stage comment. */
  reason: string;
  /** Inferences a user should check (an unwritten Debian release, a family change). */
  notes: string[];
}

// Older releases too: their tags still name them (`ruby:2.5.1-stretch` → `ruby:2.5.1-slim-stretch`).
const DEBIAN_RELEASES: Record<string, string> = { trixie: '13', bookworm: '12', bullseye: '11', buster: '10', stretch: '9', jessie: '8' };
const UBUNTU_RELEASES = ['noble', 'jammy', 'focal', 'bionic', 'xenial'];

/** The Debian/Ubuntu/Alpine release written in a tag: `1.22-bookworm` → bookworm, `3.11-alpine3.19` → alpine3.19. */
export function releaseOf(tag: string): string | undefined {
  return /(trixie|bookworm|bullseye|buster|stretch|jessie|noble|jammy|focal|bionic|xenial|alpine\d+\.\d+|alpine)/.exec(tag)?.[1];
}

export function familyOf(image: BaseImage): Family {
  const release = releaseOf(image.tag);
  if (image.shortName === 'alpine' || release?.startsWith('alpine')) return 'alpine';
  if (image.shortName === 'ubuntu' || (release && UBUNTU_RELEASES.includes(release))) return 'ubuntu';
  if (['fedora', 'centos', 'rockylinux', 'almalinux', 'oraclelinux', 'amazonlinux', 'ubi8', 'ubi9', 'ubi'].includes(image.shortName) || image.repository.includes('ubi')) return 'rhel';
  if (['debian', 'golang', 'rust', 'node', 'python', 'pypy', 'gcc', 'buildpack-deps', 'ruby', 'php', 'perl', 'haskell', 'swift'].includes(image.shortName)) return 'debian';
  if (image.repository.startsWith('mcr.microsoft.com/dotnet/')) return /alpine/.test(image.tag) ? 'alpine' : /noble|jammy/.test(image.tag) ? 'ubuntu' : 'debian';
  if (['maven', 'gradle', 'eclipse-temurin'].includes(image.shortName)) return /alpine/.test(image.tag) ? 'alpine' : 'ubuntu';
  return 'unknown';
}

export function managerOf(family: Family): PackageManager | undefined {
  return family === 'debian' || family === 'ubuntu' ? 'apt' : family === 'alpine' ? 'apk' : family === 'rhel' ? 'dnf' : undefined;
}

/** The Debian release of a toolchain tag that names none, from the versions that moved to trixie (Aug 2025). */
function defaultDebianRelease(image: BaseImage): { release: string; inferred: boolean } {
  const written = releaseOf(image.tag);
  if (written && DEBIAN_RELEASES[written]) return { release: written, inferred: false };
  const version = /^(\d+)(?:\.(\d+))?/.exec(image.tag);
  const major = version ? Number(version[1]) : undefined;
  const minor = version?.[2] !== undefined ? Number(version[2]) : undefined;
  let trixie = image.tag === 'latest' || !version;
  if (image.shortName === 'golang' && major === 1 && minor !== undefined) trixie = minor >= 25;
  if (image.shortName === 'rust' && major === 1 && minor !== undefined) trixie = minor >= 89;
  if (image.shortName === 'gcc' && major !== undefined) trixie = major >= 15;
  if (image.shortName === 'debian' || image.shortName === 'buildpack-deps') trixie = image.tag === 'latest' || image.tag === 'stable' || /^13/.test(image.tag);
  return { release: trixie ? 'trixie' : 'bookworm', inferred: true };
}

/** The GCC whose libstdc++ and libgcc_s each Debian release ships. */
const DEBIAN_SYSTEM_GCC: Record<string, number> = { trixie: 14, bookworm: 12, bullseye: 10, buster: 8 };

/**
 * The official gcc image builds its GCC from source into /usr/local; a C++ binary it links may
 * need a libstdc++ newer than the one of the Debian release under it (gcc:14 on bookworm, whose
 * libstdc++ is GCC 12's). Undefined when the release's own is as new (or the image is not gcc).
 */
export function newerGccThanRelease(image: BaseImage): { gcc: string; release: string; releaseGcc: number } | undefined {
  if (image.repository !== 'gcc') return undefined;
  const { release } = defaultDebianRelease(image);
  const releaseGcc = DEBIAN_SYSTEM_GCC[release];
  const major = /^(\d+)/.exec(image.tag)?.[1];
  const latest = image.tag === 'latest' || !major;
  if (releaseGcc === undefined || (!latest && Number(major) <= releaseGcc)) return undefined;
  return { gcc: latest ? `the GCC of ${image.reference}` : `GCC ${major}`, release, releaseGcc };
}

function debianSlim(image: BaseImage): { image: string; note?: string; release: string } {
  const { release, inferred } = defaultDebianRelease(image);
  return { image: `debian:${release}-slim`, release, note: inferred ? `${image.reference} names no Debian release: taken as ${release} (Debian ${DEBIAN_RELEASES[release]}); check it matches, a binary needs the same glibc` : undefined };
}

function alpineOf(image: BaseImage): string {
  const release = releaseOf(image.tag);
  const version = release && /^alpine(\d+\.\d+)$/.exec(release)?.[1];
  if (image.shortName === 'alpine') return image.reference.replace(/^docker\.io\/(library\/)?/, '');
  return `alpine:${version ?? '3.20'}`;
}

export interface BaseRequest {
  /** What the runtime must run: a static binary, a glibc binary, or the language runtime itself. */
  kind: 'static' | 'glibc' | 'language' | 'site';
  /** A shell or a package is needed at runtime. */
  needsShell: boolean;
  languageVersion?: string;
  /** .NET: the app is an ASP.NET Core app. */
  web?: boolean;
  /** The package manager the original stage's RUNs call, when any. */
  managerUsed?: PackageManager;
}

/** Node, Python and Ruby: the slim variant of the same tag (same release, so the same glibc). */
function slimVariant(image: BaseImage): string | undefined {
  const name = image.reference.slice(0, image.reference.length - (image.reference.includes(':') ? image.tag.length + 1 : 0)).replace(/^docker\.io\/(library\/)?/, '');
  const tag = image.tag;
  if (/alpine|slim/.test(tag)) return `${name}:${tag}`;
  const release = releaseOf(tag);
  if (image.shortName === 'python' || image.shortName === 'pypy' || image.shortName === 'ruby') {
    if (tag === 'latest') return `${name}:slim`;
    if (release) return `${name}:${tag.replace(`-${release}`, '')}-slim-${release}`;
    return `${name}:${tag}-slim`;
  }
  if (image.shortName === 'node') {
    if (tag === 'latest') return `${name}:slim`;
    if (release) return `${name}:${tag}-slim`;
    return `${name}:${tag}-slim`;
  }
  return undefined;
}

export function chooseRuntimeBase(rawBase: string, request: BaseRequest): RuntimeBase {
  const image = parseBaseImage(rawBase);
  const named = familyOf(image);
  // An image we do not know by name: the package manager its RUNs use tells the family.
  const family = named === 'unknown' && request.managerUsed ? (request.managerUsed === 'apk' ? 'alpine' : request.managerUsed === 'apt' ? 'debian' : 'rhel') : named;
  const notes: string[] = [];
  if (named === 'unknown' && family !== 'unknown') notes.push(`${image.reference} is taken as ${family} (its RUNs use ${request.managerUsed})`);
  const withManager = (imageName: string, fam: Family, reason: string): RuntimeBase => ({ image: imageName, family: fam, manager: managerOf(fam), shell: true, reason, notes });

  if (request.kind === 'site') return withManager('nginx:alpine', 'alpine', 'the built site served by nginx');

  if (request.kind === 'language') {
    if (image.shortName === 'node' || image.shortName === 'python' || image.shortName === 'pypy' || image.shortName === 'ruby') {
      const slim = slimVariant(image) as string;
      const already = /alpine|slim/.test(image.tag);
      return withManager(slim, family, already ? `${slim} again, without the build's packages` : `${image.shortName} without compilers (the slim variant of ${image.tag})`);
    }
    if (image.repository.startsWith('mcr.microsoft.com/dotnet/')) {
      const flavour = request.web ? 'aspnet' : 'runtime';
      return withManager(`mcr.microsoft.com/dotnet/${flavour}:${image.tag}`, family, `the ${request.web ? 'ASP.NET Core' : '.NET'} runtime instead of the SDK`);
    }
    const javaVersion = request.languageVersion ?? '17';
    if (['maven', 'gradle', 'eclipse-temurin'].includes(image.shortName) || ['openjdk', 'amazoncorretto', 'sapmachine'].includes(image.shortName)) {
      const alpine = family === 'alpine';
      if (!['maven', 'gradle', 'eclipse-temurin'].includes(image.shortName)) notes.push(`${image.reference} has no JRE variant: eclipse-temurin's JRE (Ubuntu) replaces it`);
      if (!request.languageVersion) notes.push(`the Java version is not in ${image.reference}: Java ${javaVersion} assumed`);
      return withManager(`eclipse-temurin:${javaVersion}-jre${alpine ? '-alpine' : ''}`, alpine ? 'alpine' : 'ubuntu', 'a JRE instead of the JDK and build tool');
    }
    // A language we do not slim: the same base, without what the build installed.
    return withManager(image.reference, family, `${image.reference} again, without the build's packages`);
  }

  // Compiled binaries.
  if (family === 'alpine') {
    if (request.kind === 'static' && !request.needsShell) return { image: 'gcr.io/distroless/static-debian12', family: 'unknown', shell: false, reason: 'a static binary on distroless static: no shell, no toolchain', notes };
    return withManager(alpineOf(image), 'alpine', request.needsShell ? 'alpine: the runtime needs a shell or packages' : 'a musl binary on alpine');
  }
  if (family === 'ubuntu') return withManager(image.shortName === 'ubuntu' ? image.reference : `ubuntu:${releaseOf(image.tag) ?? 'noble'}`, 'ubuntu', 'ubuntu without the build packages');
  if (family === 'rhel') return withManager(image.reference, 'rhel', `${image.reference} without the build packages`);
  const debian = debianSlim(image);
  const number = DEBIAN_RELEASES[debian.release];
  if (!request.needsShell) {
    if (request.kind === 'static') return { image: `gcr.io/distroless/static-debian${number}`, family: 'unknown', shell: false, reason: 'a static binary on distroless static: no shell, no toolchain', notes };
    if (debian.note) notes.push(debian.note);
    return { image: `gcr.io/distroless/cc-debian${number}`, family: 'unknown', shell: false, reason: `a glibc binary on distroless cc (Debian ${number}): no shell, no toolchain`, notes };
  }
  if (debian.note && request.kind !== 'static') notes.push(debian.note);
  return withManager(debian.image, 'debian', `debian slim: the runtime needs a shell or packages`);
}

/**
 * The runtime base a split of this stage would start from, judged on the stack alone (the
 * split itself refines it with the runtime's needs): for the size note of BuildToolsInFinalStage.
 */
export function likelyRuntimeBase(info: { stack: string; base: BaseImage; needsShell: boolean; goCgo?: string; rustTarget?: string; baseLibc: string; languageVersion?: string }): string {
  const kind: BaseRequest['kind'] =
    info.stack === 'static' ? 'site'
      : info.stack === 'go' ? (info.goCgo === 'enabled' ? 'glibc' : 'static')
        : info.stack === 'rust' ? (info.rustTarget?.includes('musl') || info.baseLibc === 'musl' ? 'static' : 'glibc')
          : info.stack === 'c' || info.stack === 'unknown' ? 'glibc' : 'language';
  return chooseRuntimeBase(info.base.reference, { kind, needsShell: info.needsShell || info.stack === 'unknown', languageVersion: info.languageVersion }).image;
}
