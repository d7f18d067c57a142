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
  let rest = image.trim();
  if (!rest) return { error: 'empty image reference' };
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { error: `"${digest}" is not a valid digest` };
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return { error: `"${tag}" is not a valid tag` };
  }
  let domain = DOCKER_HUB;
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  // Docker's rule: the first component is a registry when it has a dot or a port, is
  // `localhost`, or has upper-case letters (repositories never do).
  if (first && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase() || first.startsWith('['))) {
    domain = first;
    rest = rest.slice(slash + 1);
    if (!DOMAIN.test(domain)) return { error: `"${domain}" is not a valid registry host` };
  }
  if (domain === 'index.docker.io') domain = DOCKER_HUB;
  if (domain === DOCKER_HUB && !rest.includes('/')) rest = `library/${rest}`;
  if (rest !== rest.toLowerCase()) return { error: `repository name "${rest}" must be lowercase` };
  if (!rest || !rest.split('/').every((part) => PATH_COMPONENT.test(part))) return { error: `"${image}" is not a valid image reference` };
  if (!tag && !digest) tag = 'latest';
  return { domain, apiHost: domain === DOCKER_HUB ? DOCKER_HUB_API : domain, repository: rest, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
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
