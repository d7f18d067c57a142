/**
 * The false-positive patterns found on real Dockerfiles (issue 10, docs/corpus.md), each as a
 * Dockerfile of our own: what must not be reported, and the true finding next to it that must stay.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { computeStageDiagnostics } from '../../server/src/features/diagnostics';
import { analyzeDocument } from '../../server/src/analysis/documentAnalysis';
import { documentOf } from '../support/diagnose';

interface Row {
  name: string;
  dockerfile: string;
  file?: string;
  /** `code:severity` of every finding of these codes. */
  expect: string[];
}

const CODES = new Set(['BuildToolsInFinalStage', 'DynamicBinaryOnStaticBase', 'LibcMismatch', 'ShellInShellLessBase']);
const SEVERITY: Record<number, string> = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning', [DiagnosticSeverity.Information]: 'information', [DiagnosticSeverity.Hint]: 'hint' };
const lines = (...text: string[]) => `${text.join('\n')}\n`;

const ROWS: Row[] = [
  // BuildToolsInFinalStage: the tools are the product.
  { name: 'a CI image by its path', file: 'test/container/Dockerfile', dockerfile: lines('FROM ubuntu:24.04', 'RUN apt-get update && apt-get install -y gcc make', 'CMD ["/run-tests.sh"]'), expect: [] },
  { name: 'a lint image by its file name', file: 'dockerfiles/Dockerfile.lint', dockerfile: lines('FROM golang:1.22-alpine', 'RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.59.0', 'ENTRYPOINT ["golangci-lint"]'), expect: [] },
  { name: 'a bare shell as command: a workbench', dockerfile: lines('FROM golang:1.22', 'RUN go build -o /usr/local/bin/tool ./cmd/tool', 'CMD ["bash"]'), expect: [] },
  { name: 'a shell running the app script is an application', dockerfile: lines('FROM python:3.12-alpine', 'RUN apk add --no-cache gcc musl-dev postgresql-dev', 'RUN pip install -r requirements.txt', 'CMD ["sh", "entrypoints/django.sh"]'), expect: ['BuildToolsInFinalStage:warning'] },
  { name: 'a builder image: toolchain base, no command', dockerfile: lines('FROM maven:3.9-eclipse-temurin-21', 'COPY . .', 'RUN mvn -pl app -am package'), expect: [] },
  { name: 'compilers on a plain base and a build, no command: the app is built and ships them', dockerfile: lines('FROM alpine:3.20', 'RUN apk add --no-cache g++ openssl-dev', 'COPY src/ /src/', 'RUN g++ /src/server.cpp -o /server -lssl'), expect: ['BuildToolsInFinalStage:warning'] },
  { name: 'the toolchain runs the app from source, nothing built', dockerfile: lines('FROM golang:1.23-alpine', 'WORKDIR /app', 'COPY . .', 'CMD ["go", "run", "."]'), expect: [] },
  { name: 'hugo server: the toolchain is what runs', dockerfile: lines('FROM klakegg/hugo:ext-alpine', 'COPY . /src', 'RUN hugo --minify', 'CMD ["hugo", "server"]'), expect: [] },
  { name: 'already split, the jar runs on a full JDK: a hint for a JRE, not a split', dockerfile: lines('FROM maven:3.9 AS build', 'RUN mvn package', 'FROM openjdk:17-jdk-slim', 'COPY --from=build /target/app.jar /app.jar', 'CMD ["java", "-jar", "/app.jar"]'), expect: ['BuildToolsInFinalStage:hint'] },
  // ShellInShellLessBase: a file system copied whole from another image brings its shell.
  { name: 'FROM scratch with COPY --from=alpine / /: RUN has a shell', dockerfile: lines('FROM scratch', 'COPY --from=alpine:3.20 / /', 'RUN echo hi', 'CMD ["/bin/sh"]'), expect: [] },
  { name: 'FROM scratch without it: RUN has no shell', dockerfile: lines('FROM scratch', 'COPY app /app', 'RUN echo hi', 'CMD ["/app"]'), expect: ['ShellInShellLessBase:error'] },
  // DynamicBinaryOnStaticBase.
  { name: 'an export-only scratch stage (no CMD/ENTRYPOINT, only COPY) is never run', dockerfile: lines('FROM golang:1.22 AS build', 'RUN go build -o /out/app .', 'FROM scratch AS binary', 'COPY --from=build /out/app /app'), expect: [] },
  { name: 'the same copy into a scratch image that runs it is reported', dockerfile: lines('FROM golang:1.22 AS build', 'RUN go build -o /out/app .', 'FROM scratch', 'COPY --from=build /out/app /app', 'ENTRYPOINT ["/app"]'), expect: ['DynamicBinaryOnStaticBase:warning'] },
  { name: 'a Go build hidden behind make is not judged', dockerfile: lines('FROM golang:1.22 AS build', 'RUN make build', 'FROM scratch', 'COPY --from=build /out/app /app', 'ENTRYPOINT ["/app"]'), expect: [] },
  { name: 'go install of a tool is no build of the copied binary', dockerfile: lines('FROM golang:1.22', 'RUN ./scripts/build && GOBIN=/usr/local/bin go install github.com/google/go-licenses@latest', 'FROM gcr.io/distroless/static-debian12', 'COPY --from=0 /usr/local/bin/app /app', 'ENTRYPOINT ["/app"]'), expect: [] },
  { name: 'static by -extldflags -static in a variable and xx-verify --static', dockerfile: lines('FROM golang:1.22 AS build', 'RUN export LD_EXTRA="-extldflags \'-static\'" && CGO_ENABLED=1 go build -ldflags="$LD_EXTRA" -o /out/app . && xx-verify --static /out/app', 'FROM scratch', 'COPY --from=build /out/app /app', 'ENTRYPOINT ["/app"]'), expect: [] },
  { name: 'a musl target chosen indirectly (rust_target.txt, cargo zigbuild)', dockerfile: lines('FROM rust:1.80 AS build', 'RUN echo "x86_64-unknown-linux-musl" > rust_target.txt', 'RUN cargo zigbuild --release --target $(cat rust_target.txt) && cp target/*/release/app /app', 'FROM scratch', 'COPY --from=build /app /app', 'ENTRYPOINT ["/app"]'), expect: [] },
];

for (const row of ROWS) {
  test(row.name, () => {
    const analysis = analyzeDocument(documentOf(row.dockerfile, `file:///work/${row.file ?? 'Dockerfile'}`));
    const found = computeStageDiagnostics(analysis).filter((d) => CODES.has(String(d.code))).map((d) => `${d.code}:${SEVERITY[d.severity ?? 1]}`);
    assert.deepEqual(found, row.expect);
  });
}
