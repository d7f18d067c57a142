/**
 * Small real HTTP servers on 127.0.0.1 (random ports) that misbehave on purpose: they record
 * every request (with headers) so tests can assert what reached them, and close all their
 * connections on `close()`, hung ones included.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface LoopbackServer {
  /** `127.0.0.1:PORT`, usable as a registry host in an image reference. */
  readonly host: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse, server: LoopbackServer) => void;

export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const loopback: LoopbackServer = {
    host: `127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('request', (request, response) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    handler(request, response, loopback);
  });
  return loopback;
}

/** Starts the servers, runs `body`, and always closes them. */
export async function withServers<T>(handlers: Handler[], body: (servers: LoopbackServer[]) => Promise<T>): Promise<T> {
  const servers: LoopbackServer[] = [];
  try {
    for (const handler of handlers) servers.push(await startLoopbackServer(handler));
    return await body(servers);
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}

export function sendJson(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** A Docker schema-2 image manifest with layers of the given sizes, as a registry would send it. */
export function imageManifest(layerSizes: number[]): object {
  const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
  return {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: digest(0), size: 100 },
    layers: layerSizes.map((size, i) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: digest(i + 1), size })),
  };
}
