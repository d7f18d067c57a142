# The greeter service. In test/build/split.test.ts the golang image is a busybox stand-in whose
# `go` writes a small executable, so the build runs offline.
FROM golang:1.22-bookworm AS builder
# A static binary runs on the minimal base below.
ENV CGO_ENABLED=0

WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN go build \
      -o /usr/local/bin/greeter \
      ./cmd/greeter

# Runtime: a static binary on distroless static: no shell, no toolchain.
FROM gcr.io/distroless/static-debian12

WORKDIR /src
COPY --from=builder /usr/local/bin/greeter /usr/local/bin/greeter

ENV GREETING=hello
ENTRYPOINT ["/usr/local/bin/greeter"]
