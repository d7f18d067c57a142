# syntax=docker/dockerfile:1.7
ARG GO_VERSION=1.22

# The API server, built and run in one image.
FROM golang:${GO_VERSION}-bookworm AS builder
# A static binary runs on the minimal base below.
ENV CGO_ENABLED=0

WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download

# Sources (no separate module download yet).
COPY . .

RUN go build \
      -trimpath \
      -ldflags="-s -w" \
      -o /usr/local/bin/api ./cmd/api

# Runtime: a static binary on distroless static: no shell, no toolchain.
FROM gcr.io/distroless/static-debian12

WORKDIR /src
COPY --from=builder /usr/local/bin/api /usr/local/bin/api

ENV PORT=8080 \
    GIN_MODE=release
EXPOSE 8080
USER nobody
ENTRYPOINT ["/usr/local/bin/api"]
