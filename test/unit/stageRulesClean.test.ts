/** Realistic multi-stage Dockerfiles that must stay clean, and dedup with dockerfile-utils through the service. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe, diagnose, documentOf } from '../support/diagnose';
import { DEFAULT_SETTINGS, StagecraftService } from '../../server/src/service/stagecraftService';

const CLEAN: Record<string, string> = {
  'Go with cache mounts and a distroless final stage': `# syntax=docker/dockerfile:1.7
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:\${GO_VERSION}-alpine AS build
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod \\
    --mount=type=bind,source=go.mod,target=go.mod \\
    --mount=type=bind,source=go.sum,target=go.sum \\
    go mod download -x
ARG TARGETOS TARGETARCH
RUN --mount=type=cache,target=/go/pkg/mod \\
    --mount=type=bind,target=. \\
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /bin/server ./cmd/server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /bin/server /bin/
USER nonroot:nonroot
ENTRYPOINT ["/bin/server"]
`,
  'Node with pnpm: deps, build, prod-deps, runtime': `FROM node:22-alpine AS base
ENV PNPM_HOME=/pnpm
RUN corepack enable
WORKDIR /app

FROM base AS deps
COPY package.json pnpm-lock.yaml ./
RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile

FROM deps AS build
COPY . .
RUN pnpm run build

FROM base AS prod-deps
COPY package.json pnpm-lock.yaml ./
RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --prod --frozen-lockfile

FROM base
COPY --from=prod-deps /app/node_modules /app/node_modules
COPY --from=build /app/dist /app/dist
# A comment between instructions
CMD ["node", "dist/index.js"]
`,
  'Rust with cargo-chef and a heredoc': `FROM rust:1.79 AS chef
RUN cargo install cargo-chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /app/recipe.json recipe.json
RUN cargo chef cook --release --recipe-path recipe.json
COPY . .
RUN <<EOF
set -e
cargo build --release
# COPY --from=nowhere inside a heredoc is shell text
FROM nothing
EOF

FROM debian:bookworm-slim AS runtime
RUN --mount=type=secret,id=apt_auth,target=/etc/apt/auth.conf apt-get update
COPY --from=builder /app/target/release/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]
`,
  'Python venv with a base chosen by a global ARG': `ARG PYTHON=python:3.12-slim
ARG BUILDER_BASE=\${PYTHON}
FROM \${BUILDER_BASE} AS venv
RUN python -m venv /venv
COPY requirements.txt .
RUN /venv/bin/pip install -r requirements.txt

FROM \${PYTHON}
COPY --from=venv /venv /venv
COPY --from=ghcr.io/astral-sh/uv:0.4 /uv /bin/uv
COPY --from=docker.io/library/busybox@sha256:0123456789abcdef /bin/busybox /bin/
ENV PATH=/venv/bin:$PATH
CMD ["python", "-m", "app"]
`,
  'Windows with # escape=` and CRLF': '# escape=`\r\nFROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\r\nWORKDIR C:\\src\r\nCOPY . .\r\nRUN dotnet publish -c Release `\r\n    -o C:\\out\r\n\r\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\r\nCOPY --from=build C:\\out C:\\app\r\nENTRYPOINT ["dotnet", "C:\\\\app\\\\app.dll"]\r\n',
  'a single stage': 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["curl", "--version"]\n',
  'ONBUILD triggers in a base image': 'FROM node:22 AS base\nONBUILD COPY --from=assets /dist /dist\nONBUILD RUN npm ci\nFROM base\n',
};

for (const [name, text] of Object.entries(CLEAN)) {
  test(`stays clean: ${name}`, () => {
    assert.deepEqual(describe(text, diagnose(text)), []);
  });
}

test('the clean Dockerfiles stay clean through the service with dockerfile-utils too (no stage complaints from either)', () => {
  const service = new StagecraftService({ log: () => undefined });
  for (const [name, text] of Object.entries(CLEAN)) {
    const diagnostics = service.diagnostics(documentOf(text, `file:///clean/${encodeURIComponent(name)}`), DEFAULT_SETTINGS);
    assert.deepEqual(diagnostics.filter((d) => d.source === 'stagecraft'), [], name);
  }
});

/** Diagnostics published for `text` with languageFeatures 'all', as `source:code@range`. */
function published(text: string): string[] {
  const service = new StagecraftService({ log: () => undefined });
  const diagnostics = service.diagnostics(documentOf(text), { ...DEFAULT_SETTINGS, languageFeatures: 'all' });
  return diagnostics.map((d) => `${d.source}:${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
}

test('dedup: a duplicate stage name is published once, as ours', () => {
  const text = 'FROM alpine AS build\nRUN true\nFROM alpine AS build\nRUN true\n';
  // dockerfile-utils flags both occurrences (code 10); ours flags the second and points at the first.
  const aboutNames = published(text).filter((entry) => !entry.includes(':UnusedStage@') && (entry.endsWith('@0:15-0:20') || entry.endsWith('@2:15-2:20')));
  assert.deepEqual(aboutNames, ['stagecraft:DuplicateStageName@2:15-2:20']);
});

test('dedup: --from=$X is published once, as ours', () => {
  const text = 'FROM alpine AS build\nFROM alpine\nCOPY --from=$X /a /b\nCOPY --from=build /c /d\n';
  const onRange = published(text).filter((entry) => entry.includes('@2:'));
  assert.deepEqual(onRange, ['stagecraft:VariableInFromFlag@2:12-2:14']);
});

test('dedup: dockerfile-utils problems we do not report are kept', () => {
  const text = 'FROM alpine\nEXPOSE notaport\nFROM alpine AS Build\nCOPY --from=build / /\n';
  const entries = published(text);
  assert.ok(entries.some((entry) => entry.startsWith('dockerfile-utils:') && entry.includes('@1:')), entries.join(', '));
});
