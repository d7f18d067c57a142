FROM golang:1.22 AS builder
# A static binary runs on the minimal base below.
ENV CGO_ENABLED=0
WORKDIR /workspace
# Dependencies first: cached until go.mod changes.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY cmd/ cmd/
COPY internal/ internal/
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go install ./cmd/worker

# Runtime: a static binary on distroless static: no shell, no toolchain.
FROM gcr.io/distroless/static-debian12
WORKDIR /workspace
COPY --from=builder /go/bin/worker /go/bin/worker
LABEL org.opencontainers.image.source="https://github.com/acme/worker"
ENTRYPOINT ["/go/bin/worker"]
