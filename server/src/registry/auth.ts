/**
 * Answering a registry's 401: `WWW-Authenticate: Bearer realm=…,service=…,scope=…` (Docker Hub's
 * anonymous token flow, ghcr.io, quay.io, …) or `Basic realm=…`.
 *
 * Where the user's credentials for registry H may go:
 * - to H itself (Basic), and
 * - to the token realm named in H's own Bearer challenge — only a challenge H sent directly,
 *   not one from a host a redirect led to — and only over HTTPS (plain HTTP only to a loopback
 *   realm). The realm may be another host (Docker Hub's is auth.docker.io):
 *   H asked for its credentials to be presented there, as Docker does.
 * The token the realm returns is sent to H only; redirects drop it when they leave H's origin.
 */
import { RegistryError } from './errors';
import { assertAllowedUrl, httpGet, type GetOptions } from './http';
import type { CredentialSource } from './credentials';
import { remember } from './boundedMap';

/** Tokens kept (one per registry and repository). */
const MAX_GRANTS = 200;

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

export const MAX_TOKEN_BYTES = 64 * 1024;

/** Parses `Bearer realm="x",service="y"` (quoted or bare values; commas inside quotes kept). */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header ?? '');
  if (!match) return undefined;
  const params: Record<string, string> = {};
  const pair = /\s*([A-Za-z_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/gy;
  let found: RegExpExecArray | null;
  while ((found = pair.exec(match[2])) !== null && found[0]) {
    params[found[1].toLowerCase()] = found[2] !== undefined ? found[2].replace(/\\(.)/g, '$1') : found[3];
  }
  return { scheme: match[1].toLowerCase(), params };
}

export interface AuthContext {
  /** Domain as in references (credentials key) and the API host that challenged. */
  domain: string;
  apiHost: string;
  repository: string;
  credentials: CredentialSource;
  request: Omit<GetOptions, 'maxBytes' | 'headers'>;
}

export interface Grant {
  /** The `Authorization` header value for the registry host. */
  header: string;
  /** How long it may be reused for later look-ups of the same repository. */
  lifetimeMs: number;
}

/** Tokens live 60 s unless the token service says otherwise (distribution's token spec). */
const DEFAULT_TOKEN_SECONDS = 60;
const BASIC_REUSE_MS = 5 * 60_000;

/** What to retry with, or a RegistryError saying why there is nothing. */
export async function authorize(challenge: Challenge, context: AuthContext): Promise<Grant> {
  if (challenge.scheme === 'basic') {
    const credentials = await context.credentials.get(context.domain);
    if (!credentials) throw new RegistryError(`${context.domain} requires a login (docker login ${context.domain})`);
    return { header: basic(credentials.username, credentials.password), lifetimeMs: BASIC_REUSE_MS };
  }
  if (challenge.scheme !== 'bearer' || !challenge.params.realm) throw new RegistryError(`${context.apiHost} asked for an unsupported authentication (${challenge.scheme})`);
  const { token, expiresInSeconds } = await fetchToken(challenge.params, context);
  // A safety margin so a reused token does not expire in flight.
  return { header: `Bearer ${token}`, lifetimeMs: Math.max(0, expiresInSeconds - 10) * 1000 };
}

async function fetchToken(params: Record<string, string>, context: AuthContext): Promise<{ token: string; expiresInSeconds: number }> {
  let realm: URL;
  try {
    realm = new URL(params.realm);
  } catch {
    throw new RegistryError(`${context.apiHost} named an invalid token service`);
  }
  assertAllowedUrl(realm);
  if (params.service) realm.searchParams.set('service', params.service);
  realm.searchParams.set('scope', params.scope ?? `repository:${context.repository}:pull`);
  const credentials = await context.credentials.get(context.domain);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (credentials) headers.authorization = basic(credentials.username, credentials.password);

  const response = await httpGet(realm, { ...context.request, headers, maxBytes: MAX_TOKEN_BYTES });
  if (response.status === 401 || response.status === 403) {
    throw new RegistryError(credentials ? `${context.domain} rejected the stored credentials` : `${context.domain} requires a login for ${context.repository}`);
  }
  if (response.status !== 200) throw new RegistryError(`the token service of ${context.domain} answered ${response.status}`);
  let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    throw new RegistryError(`the token service of ${context.domain} sent invalid JSON`);
  }
  const token = body?.token ?? body?.access_token;
  if (typeof token !== 'string' || !token) throw new RegistryError(`the token service of ${context.domain} sent no token`);
  const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_SECONDS;
  return { token, expiresInSeconds: expiresIn };
}

/** Grants kept per registry host and repository (memory only), so later look-ups skip the 401. */
export class GrantCache {
  private readonly grants = new Map<string, { header: string; until: number }>();

  get(apiHost: string, repository: string): string | undefined {
    const grant = this.grants.get(`${apiHost}/${repository}`);
    return grant && grant.until > Date.now() ? grant.header : undefined;
  }

  set(apiHost: string, repository: string, grant: Grant): void {
    if (grant.lifetimeMs > 0) remember(this.grants, `${apiHost}/${repository}`, { header: grant.header, until: Date.now() + grant.lifetimeMs }, MAX_GRANTS);
  }
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
