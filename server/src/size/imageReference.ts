/**
 * Image references as written in FROM: `golang:1.22`, `docker.io/library/node:20-alpine`,
 * `ghcr.io/o/app@sha256:...`, `localhost:5000/x`. Docker Hub spellings are folded onto the
 * official short name (`index.docker.io/library/golang` → `golang`), as the catalog keys them.
 * The parsing itself is the registry's (`registry/reference.ts`); this is the catalog's view of it.
 */
import { shortImageName, splitImageReference } from '../registry/reference';

export interface CatalogReference {
  /** Registry host, undefined for Docker Hub. */
  registry?: string;
  /** Repository path; official Docker Hub images without `library/` (`golang`, `bitnami/redis`). */
  repository: string;
  tag?: string;
  digest?: string;
  /** `repository` with the registry in front when there is one: the catalog's image key. */
  name: string;
}

/**
 * The size catalog's view of a reference, cut by the registry parser (`splitImageReference`,
 * `shortImageName`) but lenient: no validation, names lower-cased, no default tag.
 * Undefined for empty or obviously invalid text (spaces, variables left).
 */
export function parseCatalogReference(text: string): CatalogReference | undefined {
  const trimmed = text.trim();
  if (!trimmed || /[\s$]/.test(trimmed)) return undefined;
  const { name: written, tag, digest } = splitImageReference(trimmed);
  const { registry, repository, name } = shortImageName(written);
  if (!repository || repository.endsWith('/')) return undefined;
  return { registry, repository, tag: tag || undefined, digest, name };
}

/** The reference written back in its canonical short form (`golang:1.22`, `gcr.io/x/y@sha256:…`). */
export function formatCatalogReference(reference: CatalogReference): string {
  return `${reference.name}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}
