/**
 * What a base image reference says about itself: repository, tag, libc, whether it is a build
 * toolchain, and which stack it is for. Judged on the name only (no registry look-up).
 */
import { parseImageReference, shortImageName, splitImageReference } from '../registry/reference';
import { parsePlatform } from '../registry/platform';
import type { Stack } from './toolCommands';

export type Libc = 'glibc' | 'musl' | 'none' | 'unknown';

export interface BaseImage {
  /** As given (global ARG defaults substituted). */
  reference: string;
  /** Repository without the docker.io/library prefix: `golang`, `mcr.microsoft.com/dotnet/sdk`. */
  repository: string;
  /** Last path element of the repository: `golang`, `sdk`. */
  shortName: string;
  tag: string;
}

/** The split code's view of a reference, cut by the registry parser; never fails, tag `latest` when none is written. */
export function parseBaseImage(reference: string): BaseImage {
  const { name, tag } = splitImageReference(reference);
  const repository = shortImageName(name).name;
  return {
    reference,
    repository,
    shortName: repository.slice(repository.lastIndexOf('/') + 1),
    tag: tag ?? 'latest',
  };
}

/** Bases with no libc: only statically linked binaries run there. */
export function isStaticOnly(image: BaseImage): boolean {
  return image.repository === 'scratch' || /distroless\/static/.test(image.repository) || image.repository === 'cgr.dev/chainguard/static';
}

const GLIBC_FAMILIES = new Set(['golang', 'rust', 'node', 'python', 'pypy', 'maven', 'gradle', 'openjdk', 'eclipse-temurin', 'amazoncorretto', 'gcc', 'buildpack-deps', 'debian', 'ubuntu', 'fedora', 'centos', 'rockylinux', 'almalinux', 'nginx', 'httpd']);

/** The libc of a base: `none` for scratch and distroless static; chainguard (Wolfi) is glibc. */
export function libcOf(image: BaseImage): Libc {
  if (isStaticOnly(image)) return 'none';
  if (image.repository.startsWith('cgr.dev/chainguard/')) return 'glibc';
  if (image.shortName === 'alpine' || /alpine|musl/.test(image.tag)) return 'musl';
  if (image.shortName === 'busybox') return /musl/.test(image.tag) ? 'musl' : 'glibc';
  if (GLIBC_FAMILIES.has(image.shortName) || image.repository.startsWith('mcr.microsoft.com/dotnet/') || image.repository.includes('distroless')) return 'glibc';
  return 'unknown';
}

/** The vendors' JDK (and JRE) images. */
export const JDK_IMAGES: ReadonlySet<string> = new Set(['openjdk', 'eclipse-temurin', 'amazoncorretto', 'sapmachine', 'ibm-semeru-runtimes', 'ibmjava']);

/** Every image that carries a JVM: the JDKs, the Java build tools, Clojure, Tomcat. */
export const JVM_IMAGES: ReadonlySet<string> = new Set([...JDK_IMAGES, 'maven', 'gradle', 'clojure', 'tomcat']);

export function stackOfImage(image: BaseImage): Stack | undefined {
  const name = image.shortName;
  if (name === 'golang') return 'go';
  if (name === 'rust') return 'rust';
  if (name === 'node') return 'node';
  if (name === 'python' || name === 'pypy') return 'python';
  if (name === 'ruby') return 'ruby';
  if (name === 'maven' || name === 'gradle' || JDK_IMAGES.has(name)) return 'java';
  if (image.repository.startsWith('mcr.microsoft.com/dotnet/')) return 'dotnet';
  if (name === 'gcc') return 'c';
  if (name === 'hugo' || name === 'jekyll') return 'static';
  return undefined;
}

/** Slim, alpine, distroless: not a full "everything included" variant. */
export function isSlimVariant(image: BaseImage): boolean {
  return /slim|alpine|distroless|minimal/.test(image.tag) || image.repository.includes('distroless');
}

/**
 * A toolchain image: shipping it means shipping compilers. `node` (full) and `python` (full:
 * it is built on buildpack-deps and carries gcc) count; their slim/alpine variants do not.
 * Returns what is shipped, or undefined.
 */
export function toolchainOf(image: BaseImage): string | undefined {
  const name = image.shortName;
  if (name === 'golang') return 'the Go toolchain';
  if (name === 'rust') return 'the Rust toolchain (rustc, cargo)';
  if (name === 'maven') return 'Maven and a JDK';
  if (name === 'gradle') return 'Gradle and a JDK';
  if (JDK_IMAGES.has(name) && !/jre/.test(image.tag)) return 'a full JDK';
  if (name === 'gcc') return 'the GCC toolchain';
  if (name === 'buildpack-deps') return 'compilers and -dev packages (buildpack-deps)';
  if (image.repository === 'mcr.microsoft.com/dotnet/sdk') return 'the .NET SDK';
  if ((name === 'python' || name === 'pypy') && !isSlimVariant(image)) return 'gcc and -dev packages (the full python image)';
  if (name === 'node' && !isSlimVariant(image)) return 'compilers and -dev packages (the full node image)';
  return undefined;
}

/** The language version in the tag: `1.22` of golang:1.22-alpine, `17` of maven:3.9-eclipse-temurin-17. */
export function languageVersion(image: BaseImage, stack: Stack): string | undefined {
  if (stack === 'java') {
    const jdk = /(?:jdk|temurin|corretto|openjdk|java)-?(\d+)/.exec(image.tag);
    if (jdk) return jdk[1];
    if (JDK_IMAGES.has(image.shortName)) return /^(\d+)/.exec(image.tag)?.[1];
    return undefined;
  }
  return /^v?(\d+(?:\.\d+)*)/.exec(image.tag)?.[1];
}

/** Whether `image` parses as Docker parses a FROM image (distribution/reference ParseNormalizedNamed). */
export function isValidImageReference(image: string): boolean {
  return image !== '' && image.trim() === image && !('error' in parseImageReference(image));
}

/** A platform's OS and architecture as containerd normalises them (`linux/x86_64` → linux, amd64); undefined when it does not parse. */
export function platformParts(text: string): { os: string; architecture: string } | undefined {
  return parsePlatform(text);
}
