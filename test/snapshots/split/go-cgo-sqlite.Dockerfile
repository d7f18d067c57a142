FROM golang:1.22-bookworm AS builder

# go-sqlite3 needs cgo and a C compiler.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -o /app/notes ./cmd/notes

# Runtime: a glibc binary on distroless cc (Debian 12): no shell, no toolchain.
FROM gcr.io/distroless/cc-debian12

WORKDIR /app
COPY --from=builder /app/notes /app/notes

VOLUME /data
ENV NOTES_DB=/data/notes.db
CMD ["/app/notes", "serve"]
