/**
 * Real failures from real servers on loopback: authentication flows, error statuses, silence,
 * garbage, floods and redirects. Every look-up must end quickly with a short reason, and
 * credentials must reach only their own registry.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { createImageSizeService, type ImageSizeServiceOptions } from '../../server/src/registry/service';
import type { ImageSizeResult } from '../../server/src/registry/types';
import { imageManifest, sendJson, withServers, type Handler } from '../support/loopbackServers';

const amd64 = { os: 'linux', architecture: 'amd64' };
const MANIFEST = imageManifest([1000, 24]);
const sendManifest = (response: ServerResponse) => sendJson(response, 200, MANIFEST, { 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' });
const serveManifest: Handler = (_request, response) => sendManifest(response);

let scratchDir: string;
let noCredentials: string;
before(async () => {
  scratchDir = await fs.mkdtemp(path.join(os.tmpdir(), 'stagecraft-registry-failures-'));
  noCredentials = await fs.mkdtemp(path.join(scratchDir, 'docker-'));
});
after(() => fs.rm(scratchDir, { recursive: true, force: true }));

function service(options: Partial<ImageSizeServiceOptions> = {}) {
  return createImageSizeService({ enabled: true, timeoutMs: 3_000, dockerConfigDir: noCredentials, failureTtlMs: 0, ...options });
}

/** A Docker config dir holding `auths` for the given hosts. */
async function dockerConfig(auths: Record<string, string>, extra: object = {}): Promise<string> {
  const dir = await fs.mkdtemp(path.join(scratchDir, 'docker-'));
  const entries = Object.fromEntries(Object.entries(auths).map(([host, userPass]) => [host, { auth: Buffer.from(userPass).toString('base64') }]));
  await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify({ auths: entries, ...extra }));
  return dir;
}

function reasonOf(result: ImageSizeResult): string {
  assert.equal(result.ok, false, 'expected a failure');
  return result.ok ? '' : result.reason;
}

const basicOf = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;

test('401 + Bearer token flow: the token service gets service and scope, the registry checks the token', async () => {
  let realm = '';
  const registry: Handler = (request, response) => {
    if (request.headers.authorization !== 'Bearer good-token') {
      return sendJson(response, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': `Bearer realm="${realm}",service="test-registry",scope="repository:lib/app:pull"` });
    }
    sendManifest(response);
  };
  const tokens: Handler = (request, response) => {
    const query = new URL(request.url ?? '', 'http://x').searchParams;
    if (query.get('service') !== 'test-registry' || query.get('scope') !== 'repository:lib/app:pull') return sendJson(response, 400, {});
    sendJson(response, 200, { token: 'good-token', expires_in: 300 });
  };
  await withServers([registry, tokens], async ([reg, auth]) => {
    realm = `http://${auth.host}/token`;
    const lookups = service();
    const result = await lookups.lookup({ image: `${reg.host}/lib/app:1`, platform: amd64 });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.size.compressedBytes, 1024);
    assert.equal(reg.requests.length, 2, 'one challenge, one retry');
    assert.equal(auth.requests.length, 1);
    assert.equal(auth.requests[0].headers.authorization, undefined, 'anonymous: no credentials configured');

    // Another tag of the same repository: the token (expires_in 300) is reused, no 401.
    assert.equal((await lookups.lookup({ image: `${reg.host}/lib/app:2`, platform: amd64 })).ok, true);
    assert.equal(reg.requests.length, 3);
    assert.equal(auth.requests.length, 1);
  });
});

test('a reused token the registry no longer accepts is renewed once', async () => {
  let realm = '';
  let issued = 0;
  const registry: Handler = (request, response) => {
    if (request.headers.authorization !== `Bearer token-${issued}`) return sendJson(response, 401, {}, { 'www-authenticate': `Bearer realm="${realm}",service="s"` });
    sendManifest(response);
  };
  const tokens: Handler = (_request, response) => sendJson(response, 200, { token: `token-${++issued}`, expires_in: 300 });
  await withServers([registry, tokens], async ([reg, auth]) => {
    realm = `http://${auth.host}/token`;
    const lookups = service();
    assert.equal((await lookups.lookup({ image: `${reg.host}/lib/app:1`, platform: amd64 })).ok, true);
    issued++; // the registry now wants a newer token than the one cached
    assert.equal((await lookups.lookup({ image: `${reg.host}/lib/app:2`, platform: amd64 })).ok, true);
    assert.deepEqual(reg.requests.map((r) => r.headers.authorization), [undefined, 'Bearer token-1', 'Bearer token-1', 'Bearer token-3']);
    assert.equal(auth.requests.length, 2);
  });
});

test('a token service that refuses, and a Basic challenge without credentials, say a login is needed', async () => {
  let realm = '';
  const bearer: Handler = (_request, response) => sendJson(response, 401, {}, { 'www-authenticate': `Bearer realm="${realm}",service="s"` });
  const refuse: Handler = (_request, response) => sendJson(response, 401, {});
  const basic: Handler = (_request, response) => sendJson(response, 401, {}, { 'www-authenticate': 'Basic realm="private"' });
  await withServers([bearer, refuse, basic], async ([reg, auth, basicReg]) => {
    realm = `http://${auth.host}/token`;
    assert.equal(reasonOf(await service().lookup({ image: `${reg.host}/private/app`, platform: amd64 })), `${reg.host} requires a login for private/app`);
    assert.equal(reasonOf(await service().lookup({ image: `${basicReg.host}/private/app`, platform: amd64 })), `${basicReg.host} requires a login (docker login ${basicReg.host})`);
  });
});

test('404, 429 and 500 become short reasons', async () => {
  const statuses: Handler = (request, response) => sendJson(response, Number(request.url?.split('/')[2].replace('s', '')), { errors: [] });
  await withServers([statuses], async ([reg]) => {
    const reason = async (status: number) => reasonOf(await service().lookup({ image: `${reg.host}/s${status}/app:1`, platform: amd64 }));
    assert.equal(await reason(404), `${reg.host}/s404/app:1 was not found on ${reg.host}`);
    assert.equal(await reason(429), `${reg.host} rate-limited the look-up (429); try again later`);
    assert.equal(await reason(500), `${reg.host} had a server error (500)`);
    assert.equal(await reason(403), `${reg.host} denied access to s403/app`);
  });
});

test('a server that never answers: the look-up ends at its deadline', async () => {
  const silent: Handler = () => undefined;
  await withServers([silent], async ([reg]) => {
    const started = Date.now();
    const reason = reasonOf(await service({ timeoutMs: 400 }).lookup({ image: `${reg.host}/slow/app`, platform: amd64 }));
    const elapsed = Date.now() - started;
    assert.equal(reason, `${reg.host} did not answer in 0.4 s`);
    assert.ok(elapsed >= 350 && elapsed < 1_500, `took ${elapsed} ms`);
  });
});

test("the caller's abort signal ends the wait at once", async () => {
  const silent: Handler = () => undefined;
  await withServers([silent], async ([reg]) => {
    const started = Date.now();
    const result = await service({ timeoutMs: 5_000 }).lookup({ image: `${reg.host}/slow/app`, platform: amd64 }, AbortSignal.timeout(100));
    assert.equal(reasonOf(result), 'look-up cancelled');
    assert.ok(Date.now() - started < 1_000);
  });
});

test('malformed JSON and an oversized answer are refused', async () => {
  const garbage: Handler = (request, response) => {
    if (request.url?.includes('/broken/')) return sendJson(response, 200, '{"schemaVersion": 2, "layers": [', { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
    if (request.url?.includes('/declared/')) return sendJson(response, 200, 'x'.repeat(5 * 1024 * 1024));
    // No Content-Length: the cap must hold while streaming.
    response.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < 8 * 1024 * 1024 && !response.destroyed) {
        sent += chunk.length;
        if (!response.write(chunk)) return response.once('drain', pump);
      }
      response.end();
    };
    pump();
  };
  await withServers([garbage], async ([reg]) => {
    assert.equal(reasonOf(await service().lookup({ image: `${reg.host}/broken/app`, platform: amd64 })), `${reg.host} sent an invalid manifest for ${reg.host}/broken/app:latest`);
    assert.equal(reasonOf(await service().lookup({ image: `${reg.host}/declared/app`, platform: amd64 })), `${reg.host} sent more than 4 MB`);
    assert.equal(reasonOf(await service().lookup({ image: `${reg.host}/streamed/app`, platform: amd64 })), `${reg.host} sent more than 4 MB`);
  });
});

test('a redirect to another host does not carry the credentials along', async () => {
  let target = '';
  const first: Handler = (request, response) => {
    if (!request.headers.authorization) return sendJson(response, 401, {}, { 'www-authenticate': 'Basic realm="r"' });
    response.writeHead(307, { location: `${target}${request.url}` }).end();
  };
  await withServers([first, serveManifest], async ([reg, other]) => {
    target = `http://${other.host}`;
    const config = await dockerConfig({ [reg.host]: 'alice:s3cret' });
    const result = await service({ dockerConfigDir: config }).lookup({ image: `${reg.host}/team/app:1`, platform: amd64 });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.size.compressedBytes, 1024);
    assert.equal(reg.requests.at(-1)?.headers.authorization, basicOf('alice:s3cret'));
    assert.equal(other.requests.length, 1);
    assert.equal(other.requests[0].headers.authorization, undefined, 'the Authorization header must not follow the redirect');
  });
});

test('a challenge from a host a redirect led to gets no credentials; redirects are capped and HTTP only to loopback', async () => {
  let other = '';
  let realm = '';
  const redirector: Handler = (request, response) => {
    const to = request.url?.includes('/loop/') ? request.url : request.url?.includes('/plain/') ? `http://registry.invalid${request.url}` : `${other}${request.url}`;
    response.writeHead(302, { location: to }).end();
  };
  const challenger: Handler = (_request, response) => sendJson(response, 401, {}, { 'www-authenticate': `Bearer realm="${realm}"` });
  const tokens: Handler = (_request, response) => sendJson(response, 200, { token: 't' });
  await withServers([redirector, challenger, tokens], async ([reg, second, auth]) => {
    other = `http://${second.host}`;
    realm = `http://${auth.host}/token`;
    const config = await dockerConfig({ [reg.host]: 'alice:s3cret', [second.host]: 'bob:other' });
    const lookups = service({ dockerConfigDir: config });
    assert.equal(reasonOf(await lookups.lookup({ image: `${reg.host}/team/app`, platform: amd64 })), `${reg.host} refused access to team/app`);
    assert.equal(auth.requests.length, 0, 'no token request on behalf of a host we were redirected to');
    assert.ok(second.requests.every((r) => r.headers.authorization === undefined));
    assert.equal(reasonOf(await lookups.lookup({ image: `${reg.host}/loop/app`, platform: amd64 })), `${reg.host} redirected more than 3 times`);
    assert.equal(reasonOf(await lookups.lookup({ image: `${reg.host}/plain/app`, platform: amd64 })), 'refused to contact registry.invalid over http (only HTTPS, or HTTP to localhost)');
  });
});

test("credentials from the user's Docker config reach their own registry and its token realm only", async () => {
  let realm = '';
  const privateRegistry: Handler = (request, response) => {
    if (request.headers.authorization !== 'Bearer alice-token') return sendJson(response, 401, {}, { 'www-authenticate': `Bearer realm="${realm}",service="private"` });
    sendManifest(response);
  };
  const tokens: Handler = (request, response) => {
    if (request.headers.authorization !== basicOf('alice:s3cret')) return sendJson(response, 401, {});
    sendJson(response, 200, { access_token: 'alice-token' });
  };
  const stranger: Handler = (_request, response) => sendJson(response, 401, {}, { 'www-authenticate': 'Basic realm="x"' });
  await withServers([privateRegistry, tokens, stranger], async ([reg, auth, other]) => {
    realm = `http://${auth.host}/token`;
    const config = await dockerConfig({ [`http://${reg.host}/v2/`]: 'alice:s3cret' });
    const lookups = service({ dockerConfigDir: config });
    const result = await lookups.lookup({ image: `${reg.host}/team/app`, platform: amd64 });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(auth.requests[0].headers.authorization, basicOf('alice:s3cret'));
    assert.ok(reg.requests.every((r) => r.headers.authorization !== basicOf('alice:s3cret')), 'the registry only ever sees the token');

    // Same IP, other port: another registry, alice's credentials are not for it.
    assert.equal(reasonOf(await lookups.lookup({ image: `${other.host}/team/app`, platform: amd64 })), `${other.host} requires a login (docker login ${other.host})`);
    assert.ok(other.requests.every((r) => r.headers.authorization === undefined));
  });
});

test('a credential helper named in credHelpers is asked with the registry host on stdin', async () => {
  const binDir = await fs.mkdtemp(path.join(scratchDir, 'bin-'));
  const asked = path.join(binDir, 'asked.txt');
  await fs.writeFile(
    path.join(binDir, 'docker-credential-stagecraft-test'),
    `#!/bin/sh\n[ "$1" = get ] || exit 1\ncat > '${asked}'\necho '{"ServerURL":"x","Username":"helper-user","Secret":"helper-pass"}'\n`,
    { mode: 0o755 },
  );
  const originalPath = process.env.PATH;
  process.env.PATH = `${binDir}:${originalPath}`;
  try {
    const basicOnly: Handler = (request, response) => {
      if (request.headers.authorization !== basicOf('helper-user:helper-pass')) return sendJson(response, 401, {}, { 'www-authenticate': 'Basic realm="r"' });
      sendManifest(response);
    };
    await withServers([basicOnly], async ([reg]) => {
      const config = await dockerConfig({}, { credHelpers: { [reg.host]: 'stagecraft-test' } });
      const result = await service({ dockerConfigDir: config }).lookup({ image: `${reg.host}/team/app`, platform: amd64 });
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(await fs.readFile(asked, 'utf8'), reg.host);
    });
  } finally {
    process.env.PATH = originalPath;
  }
});

test('disabled: answers with the reason and touches neither network nor disk', async () => {
  await withServers([serveManifest], async ([reg]) => {
    const cacheDir = path.join(scratchDir, 'disabled-cache');
    const disabled = createImageSizeService({ enabled: false, cacheDir, disabledReason: 'untrusted workspace: no registry look-ups' });
    const result = await disabled.lookup({ image: `${reg.host}/team/app`, platform: amd64 });
    assert.deepEqual(result, { ok: false, reason: 'untrusted workspace: no registry look-ups' });
    assert.equal(reg.requests.length, 0);
    await assert.rejects(fs.stat(cacheDir), { code: 'ENOENT' });
  });
});

test('caches: memory, then disk across instances, TTL for tags, none for digests, one request for concurrent look-ups', async () => {
  await withServers([serveManifest], async ([reg]) => {
    const cacheDir = await fs.mkdtemp(path.join(scratchDir, 'cache-'));
    const query = { image: `${reg.host}/team/app:1`, platform: amd64 };
    const first = service({ cacheDir });
    const together = await Promise.all([first.lookup(query), first.lookup(query), first.lookup(query)]);
    assert.ok(together.every((r) => r.ok && r.size.compressedBytes === 1024 && !r.size.fromCache));
    assert.equal(reg.requests.length, 1, 'concurrent look-ups share one request');

    const again = await first.lookup(query);
    assert.ok(again.ok && again.size.fromCache);
    const fromDisk = await service({ cacheDir }).lookup(query);
    const firstFetch = together[0].ok ? together[0].size.fetchedAt : 0;
    assert.ok(fromDisk.ok && fromDisk.size.fromCache && fromDisk.size.fetchedAt === firstFetch);
    assert.equal(reg.requests.length, 1, 'memory and disk answers need no network');

    // Another platform is another key.
    await first.lookup({ ...query, platform: { os: 'linux', architecture: 'arm64' } });
    assert.equal(reg.requests.length, 2);

    // A 1 ms TTL: the tag answer is stale at once, the digest answer never.
    const shortLived = service({ cacheDir: await fs.mkdtemp(path.join(scratchDir, 'cache-')), ttlMs: 1 });
    const digest = together[0].ok ? together[0].size.digest : '';
    await shortLived.lookup(query);
    await shortLived.lookup({ ...query, image: `${reg.host}/team/app@${digest}` });
    const before = reg.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal((await shortLived.lookup(query)).ok, true);
    const pinned = await shortLived.lookup({ ...query, image: `${reg.host}/team/app@${digest}` });
    assert.ok(pinned.ok && pinned.size.fromCache);
    assert.equal(reg.requests.length, before + 1, 'only the tag was asked again');
  });
});

test('a failure is remembered briefly so a failing registry is not hammered', async () => {
  const failing: Handler = (_request, response) => sendJson(response, 500, {});
  await withServers([failing], async ([reg]) => {
    const lookups = service({ failureTtlMs: 60_000 });
    const query = { image: `${reg.host}/team/app`, platform: amd64 };
    assert.equal(reasonOf(await lookups.lookup(query)), reasonOf(await lookups.lookup(query)));
    assert.equal(reg.requests.length, 1);
  });
});
