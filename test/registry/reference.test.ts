import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackHost, parseImageReference } from '../../server/src/registry/reference';
import { parseChallenge } from '../../server/src/registry/auth';
import { selectPlatform } from '../../server/src/registry/manifest';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

test('image references are normalised like Docker does', () => {
  const cases: [string, object][] = [
    ['golang', { domain: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/golang', tag: 'latest' }],
    ['golang:1.22-alpine', { domain: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/golang', tag: '1.22-alpine' }],
    ['docker.io/x/y', { domain: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'x/y', tag: 'latest' }],
    ['index.docker.io/nginx', { domain: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/nginx', tag: 'latest' }],
    ['bitnami/redis:7', { domain: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'bitnami/redis', tag: '7' }],
    ['ghcr.io/o/i:t', { domain: 'ghcr.io', apiHost: 'ghcr.io', repository: 'o/i', tag: 't' }],
    ['gcr.io/distroless/static-debian12:nonroot', { domain: 'gcr.io', apiHost: 'gcr.io', repository: 'distroless/static-debian12', tag: 'nonroot' }],
    [`host:5000/i@${DIGEST}`, { domain: 'host:5000', apiHost: 'host:5000', repository: 'i', digest: DIGEST }],
    [`alpine:3.20@${DIGEST}`, { domain: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/alpine', tag: '3.20', digest: DIGEST }],
    ['localhost:5000/i', { domain: 'localhost:5000', apiHost: 'localhost:5000', repository: 'i', tag: 'latest' }],
    ['localhost/team/app', { domain: 'localhost', apiHost: 'localhost', repository: 'team/app', tag: 'latest' }],
    ['[::1]:5000/a/b:c', { domain: '[::1]:5000', apiHost: '[::1]:5000', repository: 'a/b', tag: 'c' }],
  ];
  for (const [image, expected] of cases) assert.deepEqual(parseImageReference(image), expected, image);
});

test('invalid references give a reason instead of a guess', () => {
  for (const image of ['', 'Golang', 'golang:', 'golang@sha256:xyz', 'ghcr.io/', 'a b', '${BASE}']) {
    const parsed = parseImageReference(image);
    assert.ok('error' in parsed, `${image} → ${JSON.stringify(parsed)}`);
  }
});

test('loopback hosts: localhost, 127.0.0.0/8 and ::1, with or without port', () => {
  assert.deepEqual(
    ['localhost', 'localhost:5000', '127.0.0.1:80', '127.8.9.10', '[::1]:5000', 'localhost.example.com', '128.0.0.1', 'ghcr.io', '10.0.0.1:5000'].map(isLoopbackHost),
    [true, true, true, true, true, false, false, false, false],
  );
});

test('WWW-Authenticate challenges: quoted values with commas, bare values, Basic', () => {
  assert.deepEqual(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/golang:pull,push"'), {
    scheme: 'bearer',
    params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/golang:pull,push' },
  });
  assert.deepEqual(parseChallenge('Basic realm=Registry'), { scheme: 'basic', params: { realm: 'Registry' } });
  assert.equal(parseChallenge(undefined), undefined);
});

test('platform selection skips attestations and matches variants like containerd', () => {
  const entry = (digest: string, os: string, architecture: string, variant?: string) => ({ digest, platform: { os, architecture, ...(variant ? { variant } : {}) } });
  const index = [
    entry('att', 'unknown', 'unknown'),
    entry('amd64-v3', 'linux', 'amd64', 'v3'),
    entry('amd64', 'linux', 'amd64'),
    entry('armv6', 'linux', 'arm', 'v6'),
    entry('armv7', 'linux', 'arm', 'v7'),
    entry('arm64', 'linux', 'arm64', 'v8'),
    entry('win', 'windows', 'amd64'),
  ];
  const pick = (os: string, architecture: string, variant?: string) => selectPlatform(index, { os, architecture, ...(variant ? { variant } : {}) })?.digest;
  assert.equal(pick('linux', 'amd64'), 'amd64');
  assert.equal(pick('linux', 'x86_64'), 'amd64');
  assert.equal(pick('linux', 'amd64', 'v3'), 'amd64-v3');
  assert.equal(pick('linux', 'arm64'), 'arm64');
  assert.equal(pick('linux', 'aarch64'), 'arm64');
  assert.equal(pick('linux', 'arm'), 'armv7');
  assert.equal(pick('linux', 'arm', 'v6'), 'armv6');
  assert.equal(pick('windows', 'amd64'), 'win');
  assert.equal(pick('unknown', 'unknown'), undefined);
  assert.equal(pick('linux', 'riscv64'), undefined);
});
