FROM golang:1.22 AS builder
# A static binary runs on the minimal base below.
ENV CGO_ENABLED=0
WORKDIR /app
COPY go.mod ./
RUN go mod download
COPY . .
RUN go vet ./... && go build

# Runtime: debian slim: the runtime needs a shell or packages.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=builder /app/shop /app/shop
# An unprivileged account for the service.
RUN useradd --system --uid 10001 shop
USER shop
EXPOSE 9000
CMD ["./shop"]
