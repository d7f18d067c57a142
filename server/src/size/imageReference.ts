/**
 * Image references as written in FROM: `golang:1.22`, `docker.io/library/node:20-alpine`,
 * `ghcr.io/o/app@sha256:...`, `localhost:5000/x`. Docker Hub spellings are folded onto the
 * official short name (`index.docker.io/library/golang` → `golang`), as the catalog keys them.
 */

export interface ImageReference {
  /** Registry host, undefined for Docker Hub. */
  registry?: string;
  /** Repository path; official Docker Hub images without `library/` (`golang`, `bitnami/redis`). */
  repository: string;
  tag?: string;
  digest?: string;
  /** `repository` with the registry in front when there is one: the catalog's image key. */
  name: string;
}

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** Parses an image reference; undefined for empty or obviously invalid text (spaces, variables left). */
export function parseImageReference(text: string): ImageReference | undefined {
  const trimmed = text.trim();
  if (!trimmed || /[\s$]/.test(trimmed)) return undefined;
  let rest = trimmed;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const firstSlash = rest.indexOf('/');
  if (firstSlash > 0) {
    const head = rest.slice(0, firstSlash);
    if (head.includes('.') || head.includes(':') || head === 'localhost') {
      registry = head.toLowerCase();
      rest = rest.slice(firstSlash + 1);
    }
  }
  if (registry && DOCKER_HUB_HOSTS.has(registry)) registry = undefined;
  let repository = rest.toLowerCase();
  if (!registry && repository.startsWith('library/')) repository = repository.slice('library/'.length);
  if (!repository || repository.endsWith('/')) return undefined;
  return { registry, repository, tag: tag || undefined, digest, name: registry ? `${registry}/${repository}` : repository };
}

/** The reference written back in its canonical short form (`golang:1.22`, `gcr.io/x/y@sha256:…`). */
export function formatImageReference(reference: ImageReference): string {
  return `${reference.name}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}
