# Link shortener: keeps its links in a state folder owned by the unprivileged user it runs as.
FROM golang:1.19-bookworm AS builder
# A static binary runs on the minimal base below.
ENV CGO_ENABLED=0
WORKDIR /src/shortener
COPY go.mod ./
COPY cmd/ cmd/
RUN go build -o /usr/local/bin/shortener ./cmd/shortener

# Runtime: debian slim: the runtime needs a shell or packages.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /src/shortener
COPY --from=builder /usr/local/bin/shortener /usr/local/bin/shortener
RUN mkdir -p /var/lib/shortener && chown 65532:65532 /var/lib/shortener
USER 65532:65532
EXPOSE 18098
CMD ["shortener", "-data", "/var/lib/shortener", "-listen", ":18098"]
