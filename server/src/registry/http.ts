/**
 * The only place the registry client touches the network: one GET with a size cap, a connect
 * timeout, an abort signal and a few redirects. Which URLs may be fetched is decided here too:
 * HTTPS everywhere, plain HTTP only to loopback hosts (as Docker does for localhost registries).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { RegistryError, kilobytes, seconds } from './errors';
import { isLoopbackHost } from './reference';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: URL;
  /** True when a redirect led to another origin than the one requested. */
  redirectedAway: boolean;
}

export interface GetOptions {
  headers?: Record<string, string>;
  maxBytes: number;
  connectTimeoutMs: number;
  /** Aborting rejects with `signal.reason` when it is a RegistryError. */
  signal: AbortSignal;
}

export const MAX_REDIRECTS = 3;

// Keep-alive saves a TLS handshake between token and manifest requests; idle sockets are unref'd
// by the agent, so they never keep a CLI process alive.
const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 8 }), https: new https.Agent({ keepAlive: true, maxSockets: 8 }) };

/** The scheme a registry host is spoken to with. */
export function registryBaseUrl(host: string): string {
  return `${isLoopbackHost(host) ? 'http' : 'https'}://${host}`;
}

/** Throws unless `url` is HTTPS, or plain HTTP to a loopback host. */
export function assertAllowedUrl(url: URL): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopbackHost(url.host)) return;
  throw new RegistryError(`refused to contact ${url.host} over ${url.protocol.replace(':', '')} (only HTTPS, or HTTP to localhost)`);
}

export async function httpGet(start: URL, options: GetOptions): Promise<HttpResponse> {
  const headers = { ...options.headers };
  let url = start;
  for (let redirects = 0; ; redirects++) {
    assertAllowedUrl(url);
    const response = await getOnce(url, headers, options);
    const location = response.headers.location;
    if (![301, 302, 303, 307, 308].includes(response.status) || !location) {
      return { ...response, url, redirectedAway: url.origin !== start.origin };
    }
    if (redirects >= MAX_REDIRECTS) throw new RegistryError(`${start.host} redirected more than ${MAX_REDIRECTS} times`);
    const next = new URL(location, url);
    // Credentials belong to one origin: never carry them to another host, port or scheme.
    if (next.origin !== url.origin) delete headers.authorization;
    url = next;
  }
}

function getOnce(url: URL, headers: Record<string, string>, options: GetOptions): Promise<Omit<HttpResponse, 'url' | 'redirectedAway'>> {
  return new Promise((resolve, reject) => {
    const abortReason = () => (options.signal.reason instanceof RegistryError ? options.signal.reason : new RegistryError('look-up cancelled'));
    if (options.signal.aborted) return reject(abortReason());
    const secure = url.protocol === 'https:';
    const request = (secure ? https : http).request(url, { method: 'GET', headers, agent: secure ? agents.https : agents.http });
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    const finish = (error: Error | undefined, value?: Omit<HttpResponse, 'url' | 'redirectedAway'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      options.signal.removeEventListener('abort', onAbort);
      if (error) {
        request.destroy();
        reject(error);
      } else resolve(value!);
    };
    const onAbort = () => finish(abortReason());
    options.signal.addEventListener('abort', onAbort, { once: true });

    request.on('socket', (socket) => {
      if (!socket.connecting) return; // a reused keep-alive socket
      connectTimer = setTimeout(() => finish(new RegistryError(`could not connect to ${url.host} within ${seconds(options.connectTimeoutMs)}`)), options.connectTimeoutMs);
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    request.on('error', (error: NodeJS.ErrnoException) => finish(networkError(url, error)));
    request.on('response', (response) => {
      const tooLarge = new RegistryError(`${url.host} sent more than ${kilobytes(options.maxBytes)}`);
      if (Number(response.headers['content-length']) > options.maxBytes) return finish(tooLarge);
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > options.maxBytes) return finish(tooLarge);
        chunks.push(chunk);
      });
      response.on('error', (error: NodeJS.ErrnoException) => finish(networkError(url, error)));
      response.on('aborted', () => finish(new RegistryError(`${url.host} closed the connection mid-answer`)));
      response.on('end', () => finish(undefined, { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.end();
  });
}

function networkError(url: URL, error: NodeJS.ErrnoException): RegistryError {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new RegistryError(`${url.host} refused the connection`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new RegistryError(`${url.hostname} could not be resolved (offline?)`);
    case 'ECONNRESET':
      return new RegistryError(`${url.host} closed the connection`);
    default:
      if (error.code?.startsWith('ERR_TLS') || /certificate|SSL|TLS/i.test(error.message)) return new RegistryError(`TLS error with ${url.host}: ${error.message}`);
      return new RegistryError(`network error with ${url.host}: ${error.code ?? error.message}`);
  }
}
