import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { describe, diagnose } from '../support/diagnose';

test('ShellInShellLessBase: shell-form RUN, CMD, ENTRYPOINT and HEALTHCHECK on distroless, on the exact command', () => {
  const text = [
    'FROM golang:1.22 AS builder',
    'RUN CGO_ENABLED=0 go build -o /app .',
    'FROM gcr.io/distroless/static-debian12',
    'COPY --from=builder /app /app',
    'RUN mkdir -p /data',
    'RUN ["/app", "migrate"]',
    'HEALTHCHECK --interval=5s CMD /app health || exit 1',
    'ENTRYPOINT /app serve',
    'CMD ["--port", "8080"]',
  ].join('\n');
  const diagnostics = diagnose(text);
  assert.deepEqual(describe(text, diagnostics), [
    'ShellInShellLessBase@4:4-4:18 "mkdir -p /data"',
    'ShellInShellLessBase@6:30-6:51 "/app health || exit 1"',
    'ShellInShellLessBase@7:11-7:21 "/app serve"',
  ]);
  assert.equal(diagnostics[0].severity, DiagnosticSeverity.Error);
  assert.match(String(diagnostics[0].message), /gcr\.io\/distroless\/static-debian12, which has no shell: the build fails/);
  assert.match(String(diagnostics[2].message), /the container fails to start/);
  assert.match(String(diagnostics[0].codeDescription?.href), /docs\/rules\/ShellInShellLessBase\.md$/);
});

test('ShellInShellLessBase: follows FROM <stage> chains to scratch; debug tags, SHELL and a copied busybox are fine', () => {
  const chained = 'FROM scratch AS base\nCOPY app /app\nFROM base\nCMD /app\n';
  assert.deepEqual(describe(chained, diagnose(chained)), ['ShellInShellLessBase@3:4-3:8 "/app"']);
  assert.match(String(diagnose(chained)[0].message), /scratch \(through stage 'base'\)/);
  const clean = [
    'FROM gcr.io/distroless/base-debian12:debug',
    'RUN ["/busybox/sh", "-c", "true"]',
    'RUN echo debug images have busybox',
    'FROM scratch',
    'COPY --from=busybox:1.36 /bin/busybox /bin/sh',
    'RUN echo now there is a shell',
    'FROM alpine:3.20',
    'CMD echo fine',
  ].join('\n');
  assert.deepEqual(describe(clean, diagnose(clean)).filter((d) => d.startsWith('Shell')), []);
});

test('DynamicBinaryOnStaticBase: Go without CGO_ENABLED=0 and glibc Rust into scratch or distroless static', () => {
  const go = 'FROM golang:1.22 AS builder\nWORKDIR /src\nRUN go build -o /out/server ./cmd/server\nFROM scratch\nCOPY --from=builder /out/server /server\nCOPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nENTRYPOINT ["/server"]\n';
  const diagnostics = diagnose(go);
  assert.deepEqual(describe(go, diagnostics), ['DynamicBinaryOnStaticBase@4:20-4:31 "/out/server"']);
  assert.equal(diagnostics[0].severity, DiagnosticSeverity.Warning);
  assert.match(String(diagnostics[0].message), /has no libc: it fails at start .*CGO_ENABLED=0/);
  const rust = 'FROM rust:1.79 AS build\nRUN cargo build --release\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /target/release/app /app\nCMD ["/app"]\n';
  assert.deepEqual(describe(rust, diagnose(rust)), ['DynamicBinaryOnStaticBase@3:18-3:37 "/target/release/app"']);
});

test('DynamicBinaryOnStaticBase: static builds are clean (CGO_ENABLED=0 by ENV or inline, musl target, golang:alpine)', () => {
  const clean = [
    'FROM golang:1.22 AS a\nENV CGO_ENABLED=0\nRUN go build -o /a .\nFROM scratch\nCOPY --from=a /a /a\n',
    'FROM golang:1.22 AS a\nRUN CGO_ENABLED=0 go build -o /a .\nFROM scratch\nCOPY --from=a /a /a\n',
    'FROM golang:1.22-alpine AS a\nRUN go build -o /a .\nFROM scratch\nCOPY --from=a /a /a\n',
    'FROM rust:1.79 AS a\nRUN cargo build --release --target x86_64-unknown-linux-musl\nFROM scratch\nCOPY --from=a /target/x86_64-unknown-linux-musl/release/app /app\n',
  ];
  for (const text of clean) assert.deepEqual(describe(text, diagnose(text)), [], text);
});

test('LibcMismatch: glibc Rust binary or node_modules into alpine, musl build into debian; data files and static Go are fine', () => {
  const rust = 'FROM rust:1.79 AS build\nRUN cargo build --release\nFROM alpine:3.20\nCOPY --from=build /target/release/app /usr/local/bin/app\n';
  const diagnostics = diagnose(rust);
  assert.deepEqual(describe(rust, diagnostics), ['LibcMismatch@3:18-3:37 "/target/release/app"']);
  assert.match(String(diagnostics[0].message), /built against glibc on rust:1\.79 is copied into alpine:3\.20, which has musl/);
  const node = 'FROM node:20 AS deps\nRUN npm ci\nFROM node:20-alpine\nCOPY --from=deps /app/node_modules ./node_modules\nCOPY --from=deps /app/dist ./dist\n';
  assert.deepEqual(describe(node, diagnose(node)), ['LibcMismatch@3:17-3:34 "/app/node_modules"']);
  const reverse = 'FROM golang:1.22-alpine AS build\nRUN apk add build-base\nRUN CGO_ENABLED=1 go build -o /app .\nFROM debian:12-slim\nCOPY --from=build /app /app\n';
  assert.deepEqual(describe(reverse, diagnose(reverse)), ['LibcMismatch@4:18-4:22 "/app"']);
  const clean = 'FROM node:20 AS web\nRUN npm ci && npm run build\nFROM nginx:alpine\nCOPY --from=web /app/dist /usr/share/nginx/html\nFROM golang:1.22 AS go\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=go /app /app\nCOPY --from=web /app/dist /static\n';
  assert.deepEqual(describe(clean, diagnose(clean)).filter((d) => d.startsWith('Libc')), []);
});
