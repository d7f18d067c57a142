/**
 * Image references parsed the way Docker does (distribution/reference `ParseNormalizedNamed`):
 * `golang` → docker.io/library/golang:latest, `ghcr.io/o/i:t`, `host:5000/i@sha256:…`.
 */

export interface ImageReference {
  /** As the user would write it: `docker.io`, `ghcr.io`, `localhost:5000`, `[::1]:5000`. */
  domain: string;
  /** Host (and port) the API is spoken to: `registry-1.docker.io` for Docker Hub. */
  apiHost: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/;

/** The parsed reference, or a short reason why `image` is not one. */
export function parseImageReference(image: string): ImageReference | { error: string } {
  const trimmed = image.trim();
  if (!trimmed) return { error: 'empty image reference' };
  const { name, tag: writtenTag, digest } = splitImageReference(trimmed);
  if (digest !== undefined && !DIGEST.test(digest)) return { error: `"${digest}" is not a valid digest` };
  if (writtenTag !== undefined && !TAG.test(writtenTag)) return { error: `"${writtenTag}" is not a valid tag` };
  const host = splitRegistryHost(name);
  if (host.domain !== undefined && !DOMAIN.test(host.domain)) return { error: `"${host.domain}" is not a valid registry host` };
  const domain = host.domain === undefined || host.domain === 'index.docker.io' ? DOCKER_HUB : host.domain;
  const repository = domain === DOCKER_HUB && !host.path.includes('/') ? `library/${host.path}` : host.path;
  if (repository !== repository.toLowerCase()) return { error: `repository name "${repository}" must be lowercase` };
  if (!repository || !repository.split('/').every((part) => PATH_COMPONENT.test(part))) return { error: `"${image}" is not a valid image reference` };
  const tag = writtenTag ?? (digest ? undefined : 'latest');
  return { domain, apiHost: domain === DOCKER_HUB ? DOCKER_HUB_API : domain, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** A reference cut where Docker cuts it, nothing checked or normalised: `name[:tag][@digest]`. */
export interface ReferenceParts {
  /** Registry host (if any) and repository path, as written. */
  name: string;
  /** As written: `''` for a trailing `:`, undefined when there is no tag. */
  tag?: string;
  digest?: string;
}

/**
 * The one place that says where the digest and tag of a reference start: the digest after the
 * first `@`, the tag after a `:` past the last `/` (`localhost:5000/app` has no tag). Never fails;
 * unexpanded `$VAR`s and other invalid text are cut the same way.
 */
export function splitImageReference(image: string): ReferenceParts {
  let name = image;
  let digest: string | undefined;
  const at = name.indexOf('@');
  if (at >= 0) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
  }
  let tag: string | undefined;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/**
 * Docker's rule for the registry in front of a name: the first component is a registry host
 * when it has a dot or a port, is `localhost`, is a bracketed IPv6 address, or has upper-case
 * letters (repositories never do). Unvalidated.
 */
export function splitRegistryHost(name: string): { domain?: string; path: string } {
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  if (first && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase() || first.startsWith('['))) return { domain: first, path: name.slice(slash + 1) };
  return { path: name };
}

const DOCKER_HUB_HOSTS = new Set([DOCKER_HUB, 'index.docker.io', DOCKER_HUB_API, 'registry.hub.docker.com']);

/**
 * A reference name in its short, Docker Hub-relative form, as image catalogs and rules key
 * images: lower-cased, any Docker Hub host and the `library/` of official images dropped
 * (`index.docker.io/library/golang` → `golang`, `docker.io/bitnami/redis` → `bitnami/redis`),
 * other registries kept (`ghcr.io/o/app` → registry `ghcr.io`, repository `o/app`).
 * Lenient: nothing is validated, and mistakes Docker would reject are lower-cased instead.
 */
export function shortImageName(name: string): { registry?: string; repository: string; name: string } {
  const { domain, path } = splitRegistryHost(name.toLowerCase());
  if (domain !== undefined && !DOCKER_HUB_HOSTS.has(domain)) return { registry: domain, repository: path, name: `${domain}/${path}` };
  const repository = path.startsWith('library/') ? path.slice('library/'.length) : path;
  return { repository, name: repository };
}

/** The manifest reference to request: the digest when pinned (the tag is then ignored, as Docker does). */
export function manifestReference(reference: ImageReference): string {
  return reference.digest ?? reference.tag ?? 'latest';
}

/** `docker.io/library/golang:1.22` for messages and cache keys. */
export function formatReference(reference: ImageReference): string {
  return `${reference.domain}/${reference.repository}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}

/** Hosts Docker speaks plain HTTP to by default: localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostWithPort: string): boolean {
  const host = hostWithPort.startsWith('[') ? hostWithPort.slice(0, hostWithPort.indexOf(']') + 1) : hostWithPort.replace(/:\d+$/, '');
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
