import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateBaseImage } from '../../server/src/size/baseImage';
import { shippedCatalog } from '../../server/src/size/catalogData';
import { parseCatalogReference } from '../../server/src/size/imageReference';
import { catalogArch } from '../../server/src/size/platform';
import { parsePlatform } from '../../server/src/registry/platform';

const matched = (image: string, platform = 'linux/amd64') => estimateBaseImage(image, platform)?.matchedAs;

test('image references fold Docker Hub spellings onto the official name', () => {
  for (const spelling of ['golang:1.22', 'docker.io/library/golang:1.22', 'index.docker.io/library/golang:1.22', 'library/golang:1.22']) {
    const reference = parseCatalogReference(spelling);
    assert.equal(reference?.name, 'golang', spelling);
    assert.equal(reference?.tag, '1.22', spelling);
  }
  assert.deepEqual(parseCatalogReference('localhost:5000/team/app:2@sha256:abc'), { registry: 'localhost:5000', repository: 'team/app', tag: '2', digest: 'sha256:abc', name: 'localhost:5000/team/app' });
  assert.equal(parseCatalogReference('ghcr.io/o/app')?.tag, undefined);
});

test('tags not in the catalog resolve to the nearest tag of the same family and variant', () => {
  assert.equal(matched('golang:1.22.3-bookworm'), 'golang:1.25-bookworm (amd64)');
  assert.equal(matched('docker.io/library/golang:1.26-alpine'), 'golang:1.26-alpine (amd64)');
  assert.equal(matched('node:20-alpine3.19'), 'node:20-alpine (amd64)');
  assert.equal(matched('python:3.12-slim'), 'python:3.12-slim (amd64)');
  assert.equal(matched('python:3.10-slim'), 'python:3.11-slim (amd64)');
  assert.match(matched('python:3.12.4-alpine3.20') ?? '', /^python:3\.12-alpine /);
  assert.equal(matched('alpine'), 'alpine:latest (amd64)');
  assert.equal(matched('debian:12-slim'), 'debian:bookworm-slim (amd64)');
  assert.equal(matched('eclipse-temurin:21-jre-alpine'), 'eclipse-temurin:21-jre-alpine (amd64)');
});

test('digests, registry prefixes and mirrors of official images', () => {
  assert.equal(matched('golang@sha256:0123456789abcdef'), 'golang:latest (amd64)');
  assert.equal(matched('public.ecr.aws/docker/library/nginx:alpine'), 'nginx:alpine (amd64)');
  assert.equal(estimateBaseImage('bitnami/nginx:1.25')?.source, 'catalog');
  assert.match(estimateBaseImage('bitnami/nginx:1.25')?.note ?? '', /same-named official image/);
  assert.equal(estimateBaseImage('registry.example.com/team/unknown-app:1'), undefined);
  assert.equal(matched('ghcr.io/chainguard-images/static@sha256:663f032985c38bdabf2a8410065216e0d4c7d0619ce5ee3e5a9c8d5751070504'), 'ghcr.io/chainguard-images/static:sha256:663f032985c3');
});

test('distroless and chainguard rows are found by family', () => {
  assert.match(matched('gcr.io/distroless/static-debian12') ?? '', /^gcr\.io\/distroless\/static-debian12:latest/);
  assert.match(matched('gcr.io/distroless/static-debian11:nonroot') ?? '', /^gcr\.io\/distroless\/static/);
  assert.match(matched('cgr.dev/chainguard/static:latest') ?? '', /chainguard/);
  const staticImage = estimateBaseImage('gcr.io/distroless/static-debian12')!;
  assert.ok(staticImage.uncompressed > 1_000_000 && staticImage.uncompressed < 5_000_000, String(staticImage.uncompressed));
});

test('scratch is empty; the platform picks the arch row and keeps the amd64 on-disk ratio of the tag', () => {
  assert.deepEqual({ ...estimateBaseImage('scratch'), note: '' }, { image: 'scratch', source: 'scratch', compressed: 0, uncompressed: 0, low: 0, high: 0, note: '' });
  assert.equal(catalogArch(parsePlatform('linux/arm64')!), 'arm64v8');
  assert.equal(catalogArch(parsePlatform('linux/arm/v7')!), 'arm32v7');
  const amd = estimateBaseImage('debian:bookworm', 'linux/amd64')!;
  const arm = estimateBaseImage('debian:bookworm', 'linux/arm64')!;
  assert.equal(arm.matchedAs, 'debian:bookworm (arm64v8)');
  assert.notEqual(arm.compressed, amd.compressed);
  const row = shippedCatalog().entries.find((entry) => entry.image === 'debian' && entry.tag === 'bookworm' && entry.arch === 'arm64v8')!;
  assert.equal(arm.compressed, row.compressed);
  assert.ok(Math.abs(arm.uncompressed / arm.compressed - amd.uncompressed / amd.compressed) < 0.01);
});

test('on-disk sizes for compressed-only rows come from ratios derived from the dataset pairs', () => {
  const ratios = shippedCatalog().ratios;
  const alpineClass = ratios.table.get('class:alpine')!;
  const toolchain = ratios.table.get('class:toolchain')!;
  assert.ok(alpineClass.ratio > 2 && alpineClass.ratio < 2.6, String(alpineClass.ratio));
  assert.ok(toolchain.ratio > 2.5 && toolchain.ratio < 3.1, String(toolchain.ratio));
  const node24 = estimateBaseImage('node:24')!; // compressed only in the data
  const row = shippedCatalog().entries.find((entry) => entry.image === 'node' && entry.tag === '24' && entry.arch === 'amd64')!;
  assert.equal(row.uncompressed, undefined);
  const figure = ratios.forImage('node', '24');
  assert.equal(node24.uncompressed, Math.round(row.compressed! * figure.ratio));
  assert.ok(node24.low < node24.uncompressed && node24.high > node24.uncompressed);
});
