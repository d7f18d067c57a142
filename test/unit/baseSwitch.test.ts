import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyAction, codesOf, refactorsAt } from './fixesSupport';
import { estimateBaseImage } from '../../server/src/size/baseImage';
import { formatBytes } from '../../server/src/size/sizeFigure';

/** A base's size in an action title: the size catalog's compressed figure, nothing else. */
const catalogSize = (image: string) => `≈${formatBytes(estimateBaseImage(image)!.compressed)}`;

const AT_FINAL_FROM = (line: number) => ({ start: { line, character: 1 }, end: { line, character: 1 } });

const GO_SERVICE = [
  '# syntax=docker/dockerfile:1',
  'FROM golang:1.22 AS builder',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN go mod download',
  'COPY . .',
  'RUN go build -o /out/api ./cmd/api',
  '',
  'FROM debian:12-slim',
  'RUN apt-get update && apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/*',
  'COPY --from=builder /out/api /usr/local/bin/api',
  'EXPOSE 8080',
  'CMD api --listen :8080',
  '',
].join('\n');

test('base switch: shell RUN steps rule out shell-less bases, apt-get rules out alpine', () => {
  assert.deepEqual(refactorsAt(GO_SERVICE, AT_FINAL_FROM(8)).map((a) => a.title), []);
  const apk = GO_SERVICE.replace('RUN apt-get update && apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/*', 'RUN apk add --no-cache ca-certificates');
  const actions = refactorsAt(apk, AT_FINAL_FROM(8));
  assert.deepEqual(actions.map((a) => a.title), [`Use alpine:3.20: has a shell, musl, ${catalogSize('alpine:3.20')} (adds CGO_ENABLED=0)`]);
  assert.deepEqual(codesOf(applyAction(apk, actions[0])), []);
});

const GO_MINIMAL = [
  'FROM golang:1.22 AS builder',
  'WORKDIR /src',
  'COPY . .',
  '  RUN go build -o /out/api ./cmd/api',
  '',
  'FROM debian:12-slim',
  'COPY --from=builder /out/api /api',
  'COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/',
  'ENTRYPOINT /api --listen :8080',
  '',
].join('\n');

test('base switch: every offered base leaves a Dockerfile with no new diagnostics', () => {
  const actions = refactorsAt(GO_MINIMAL, AT_FINAL_FROM(5));
  assert.deepEqual(actions.map((a) => a.title), [
    'Use scratch: no shell, static binaries only, 0 B (adds exec-form commands, CGO_ENABLED=0)',
    `Use gcr.io/distroless/static-debian12: no shell, static binaries only, ${catalogSize('gcr.io/distroless/static-debian12')} (adds exec-form commands, CGO_ENABLED=0)`,
    `Use gcr.io/distroless/static-debian12:nonroot: no shell, static binaries only, runs as nonroot, ${catalogSize('gcr.io/distroless/static-debian12:nonroot')} (adds exec-form commands, CGO_ENABLED=0, USER nonroot)`,
    `Use alpine:3.20: has a shell, musl, ${catalogSize('alpine:3.20')} (adds CGO_ENABLED=0)`,
  ]);
  for (const action of actions) {
    assert.equal(action.kind, 'refactor.rewrite');
    assert.deepEqual(codesOf(applyAction(GO_MINIMAL, action)), [], action.title);
  }
  assert.equal(applyAction(GO_MINIMAL, actions[2]), [
    'FROM golang:1.22 AS builder',
    'WORKDIR /src',
    'COPY . .',
    '  ENV CGO_ENABLED=0',
    '  RUN go build -o /out/api ./cmd/api',
    '',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'USER nonroot:nonroot',
    'COPY --from=builder /out/api /api',
    'COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/',
    'ENTRYPOINT ["/api", "--listen", ":8080"]',
    '',
  ].join('\n'));
});

test('base switch: a base the registry says does not exist is not offered; the others still are', () => {
  const all = refactorsAt(GO_MINIMAL, AT_FINAL_FROM(5)).map((a) => a.title);
  const missing = 'gcr.io/distroless/static-debian12:nonroot';
  const asked: string[] = [];
  const offered = refactorsAt(GO_MINIMAL, AT_FINAL_FROM(5), (image) => {
    asked.push(image);
    return image === missing ? { state: 'missing', reason: `${image} was not found on gcr.io` } : { state: 'found', registry: 'gcr.io' };
  }).map((a) => a.title);
  assert.ok(asked.includes(missing));
  assert.deepEqual(offered, all.filter((title) => !title.startsWith(`Use ${missing}:`)));
  assert.equal(offered.length, all.length - 1);
});

test('base switch: scratch gets CA certificates when the app makes TLS calls; CRLF is kept', () => {
  const text = [
    'FROM golang:1.22-alpine AS build',
    'RUN apk add --no-cache ca-certificates',
    'ENV CGO_ENABLED=0',
    'RUN go build -o /bin/fetcher .',
    'FROM alpine:3.20',
    'COPY --from=build /bin/fetcher /fetcher',
    'ENTRYPOINT ["/fetcher", "https://example.com"]',
    '',
  ].join('\r\n');
  const scratch = refactorsAt(text, AT_FINAL_FROM(4)).find((a) => a.title.startsWith('Use scratch'));
  assert.ok(scratch);
  assert.equal(scratch.title, 'Use scratch: no shell, static binaries only, 0 B (adds CA certificates)');
  const result = applyAction(text, scratch);
  assert.equal(result, [
    'FROM golang:1.22-alpine AS build',
    'RUN apk add --no-cache ca-certificates',
    'ENV CGO_ENABLED=0',
    'RUN go build -o /bin/fetcher .',
    'FROM scratch',
    'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/',
    'COPY --from=build /bin/fetcher /fetcher',
    'ENTRYPOINT ["/fetcher", "https://example.com"]',
    '',
  ].join('\r\n'));
  assert.deepEqual(codesOf(result), []);
});

test('base switch: a glibc Rust build is not offered scratch, static or alpine; distroless cc is', () => {
  const text = 'FROM rust:1.79 AS build\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nFROM debian:12-slim\nCOPY --from=build /app/target/release/app /usr/local/bin/app\nCMD ["app"]\n';
  const actions = refactorsAt(text, AT_FINAL_FROM(4));
  // The size catalog has no figure for distroless cc: the title says none rather than a guess.
  assert.equal(estimateBaseImage('gcr.io/distroless/cc-debian12'), undefined);
  assert.deepEqual(actions.map((a) => a.title), ['Use gcr.io/distroless/cc-debian12: no shell, glibc']);
  assert.deepEqual(codesOf(applyAction(text, actions[0])), []);
});

test('base switch: nothing off the final FROM; a single-stage Dockerfile gets "Split into builder stage" instead', () => {
  assert.deepEqual(refactorsAt(GO_MINIMAL, AT_FINAL_FROM(0)), []);
  const single = refactorsAt('FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n', AT_FINAL_FROM(0));
  assert.deepEqual(single.map((a) => [a.title, a.kind]), [['Split into builder stage', 'refactor.rewrite']]);
});
