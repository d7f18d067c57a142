/**
 * Realistic multi-stage Dockerfiles of a given size for the benchmarks: global ARGs, stages of
 * ten lines each with COPY --from references to earlier stages, RUN with continuations and
 * cache/bind mounts, heredocs, comments. Deterministic, so runs compare.
 */

const LINES_PER_STAGE = 10;

/** The ten lines of stage `index`; every stage after the first refers back to earlier ones. */
function stageLines(index: number): string[] {
  const previous = `stage-${Math.max(0, index - 1)}`;
  const older = `stage-${Math.floor(index / 2)}`;
  const base = index % 3 === 0 && index > 0 ? previous : 'alpine:${ALPINE_VERSION}';
  const run = index % 10 === 5
    // One stage in ten runs a heredoc script whose body must not be read as instructions.
    ? ['RUN <<-EOS', '\tFROM is not an instruction here; echo part', 'EOS']
    : [
        'RUN --mount=type=cache,target=/root/.cache/go-build \\',
        `    --mount=type=bind,from=${previous},source=/out,target=/prev \\`,
        `    GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/part-${index} ./cmd/part${index}`,
      ];
  return [
    `# stage ${index}: builds part ${index} of the app`,
    `FROM --platform=$BUILDPLATFORM ${base} AS stage-${index}`,
    'ARG TARGETOS TARGETARCH',
    `COPY --from=${older} /out/ /deps/${index}/`,
    ...run,
    `COPY <<EOF /etc/part-${index}.conf`,
    `part=${index}`,
    'EOF',
  ];
}

/** The first stage, after the parser directive and the global ARG (also ten lines). */
const FIRST_STAGE = [
  '# syntax=docker/dockerfile:1',
  'ARG GO_VERSION=1.22 ALPINE_VERSION=3.20',
  'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS stage-0',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN --mount=type=cache,target=/go/pkg/mod \\',
  '    --mount=type=bind,source=.,target=/src \\',
  '    go mod download',
  'COPY . .',
  'RUN ["go", "build", "-o", "/out/app", "./cmd/app"]',
];

/** A Dockerfile of exactly `lines` lines rounded to whole stages (`lines / 10` stages). */
export function generateDockerfile(lines: number): string {
  const stages = Math.max(1, Math.round(lines / LINES_PER_STAGE));
  const out = [...FIRST_STAGE];
  for (let index = 1; index < stages; index++) out.push(...stageLines(index));
  return out.join('\n') + '\n';
}
