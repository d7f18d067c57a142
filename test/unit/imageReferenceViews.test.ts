import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseImageReference, shortImageName, splitImageReference, splitRegistryHost } from '../../server/src/registry/reference';
import { formatCatalogReference, parseCatalogReference as sizeReference } from '../../server/src/size/imageReference';
import { parseBaseImage } from '../../server/src/knowledge/baseImage';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

test('one cut for every view: digest after the first @, tag after a colon past the last slash', () => {
  assert.deepEqual(splitImageReference('golang:1.22-alpine'), { name: 'golang', tag: '1.22-alpine' });
  assert.deepEqual(splitImageReference('localhost:5000/team/app'), { name: 'localhost:5000/team/app' });
  assert.deepEqual(splitImageReference(`localhost:5000/team/app:2@${DIGEST}`), { name: 'localhost:5000/team/app', tag: '2', digest: DIGEST });
  assert.deepEqual(splitImageReference('golang:'), { name: 'golang', tag: '' });
  assert.deepEqual(splitImageReference('${REGISTRY}/node:${NODE_VERSION}'), { name: '${REGISTRY}/node', tag: '${NODE_VERSION}' });
  assert.deepEqual(splitRegistryHost('[::1]:5000/a/b'), { domain: '[::1]:5000', path: 'a/b' });
  assert.deepEqual(splitRegistryHost('bitnami/redis'), { path: 'bitnami/redis' });
});

test('short names fold every Docker Hub spelling and keep other registries', () => {
  for (const name of ['golang', 'library/golang', 'docker.io/library/golang', 'index.docker.io/library/golang', 'registry-1.docker.io/library/golang', 'registry.hub.docker.com/golang', 'DOCKER.IO/Library/Golang']) {
    assert.deepEqual(shortImageName(name), { repository: 'golang', name: 'golang' }, name);
  }
  assert.deepEqual(shortImageName('docker.io/bitnami/redis'), { repository: 'bitnami/redis', name: 'bitnami/redis' });
  assert.deepEqual(shortImageName('ghcr.io/library/x'), { registry: 'ghcr.io', repository: 'library/x', name: 'ghcr.io/library/x' });
  assert.deepEqual(shortImageName('MCR.microsoft.com/dotnet/SDK'), { registry: 'mcr.microsoft.com', repository: 'dotnet/sdk', name: 'mcr.microsoft.com/dotnet/sdk' });
});

test('split view: never fails, docker.io/library stripped, tag as written or latest', () => {
  assert.deepEqual(parseBaseImage('docker.io/library/golang:1.22'), { reference: 'docker.io/library/golang:1.22', repository: 'golang', shortName: 'golang', tag: '1.22' });
  assert.deepEqual(parseBaseImage('mcr.microsoft.com/dotnet/sdk:8.0'), { reference: 'mcr.microsoft.com/dotnet/sdk:8.0', repository: 'mcr.microsoft.com/dotnet/sdk', shortName: 'sdk', tag: '8.0' });
  assert.deepEqual(parseBaseImage('localhost:5000/app'), { reference: 'localhost:5000/app', repository: 'localhost:5000/app', shortName: 'app', tag: 'latest' });
  assert.equal(parseBaseImage(`node:20-Alpine@${DIGEST}`).tag, '20-Alpine');
  assert.equal(parseBaseImage(`node@${DIGEST}`).tag, 'latest');
  assert.equal(parseBaseImage('Golang:1.22').repository, 'golang');
  assert.equal(parseBaseImage('golang:').tag, '');
  // Unexpanded variables are cut like any text; the registry parser refuses them.
  assert.deepEqual(parseBaseImage('${BASE}'), { reference: '${BASE}', repository: '${base}', shortName: '${base}', tag: 'latest' });
  assert.deepEqual(parseBaseImage('${REGISTRY}/node:${NODE_VERSION}'), { reference: '${REGISTRY}/node:${NODE_VERSION}', repository: '${registry}/node', shortName: 'node', tag: '${NODE_VERSION}' });
  assert.ok('error' in parseImageReference('${BASE}'));
});

test('size view: lenient digests, no default tag, undefined for variables and spaces, formats back short', () => {
  assert.deepEqual(sizeReference('golang@sha256:0123456789abcdef'), { registry: undefined, repository: 'golang', tag: undefined, digest: 'sha256:0123456789abcdef', name: 'golang' });
  assert.ok('error' in parseImageReference('golang@sha256:0123456789abcdef'));
  assert.equal(sizeReference('registry-1.docker.io/library/node:20')?.name, 'node');
  assert.equal(sizeReference('public.ecr.aws/docker/library/nginx:alpine')?.name, 'public.ecr.aws/docker/library/nginx');
  assert.equal(sizeReference('golang:')?.tag, undefined);
  for (const text of ['', '  ', '${BASE}', 'node:${V}', 'a b', 'ghcr.io/', 'docker.io/library/']) assert.equal(sizeReference(text), undefined, text);
  assert.equal(formatCatalogReference(sizeReference(' index.docker.io/library/golang:1.22 ')!), 'golang:1.22');
  assert.equal(formatCatalogReference(sizeReference(`GCR.io/distroless/static@${DIGEST}`)!), `gcr.io/distroless/static@${DIGEST}`);
});

test('the three views agree on valid references', () => {
  for (const image of ['golang:1.22', 'docker.io/bitnami/redis:7', 'index.docker.io/nginx', 'ghcr.io/o/i:t', `host:5000/i@${DIGEST}`, `alpine:3.20@${DIGEST}`, '[::1]:5000/a/b:c', 'localhost/team/app']) {
    const registry = parseImageReference(image);
    assert.ok(!('error' in registry), image);
    const size = sizeReference(image)!;
    const split = parseBaseImage(image);
    const hubName = registry.domain === 'docker.io' ? registry.repository.replace(/^library\//, '') : `${registry.domain}/${registry.repository}`;
    assert.equal(size.name, hubName, image);
    assert.equal(split.repository, hubName, image);
    assert.equal(size.digest, registry.digest, image);
    assert.equal(split.tag, registry.tag ?? 'latest', image);
    assert.equal(size.tag ?? (size.digest ? undefined : 'latest'), registry.tag, image);
  }
});
