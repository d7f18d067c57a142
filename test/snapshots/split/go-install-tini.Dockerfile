# A small job runner: tini reaps children, curl probes the health endpoint.
FROM golang:1.19-bookworm AS builder
# A static binary runs on the minimal base below.
ENV CGO_ENABLED=0
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini curl \
 && rm -rf /var/lib/apt/lists/*
ARG APP=hello
ENV APP=${APP}
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN go install ./cmd/${APP}

# Runtime: debian slim: the runtime needs a shell or packages.
FROM debian:bookworm-slim
ENV GOPATH=/go
RUN apt-get update && apt-get install -y --no-install-recommends tini curl ca-certificates && rm -rf /var/lib/apt/lists/*
ARG APP=hello
ENV APP=${APP}
WORKDIR /src
COPY --from=builder /go/bin/hello /go/bin/hello
HEALTHCHECK --interval=30s CMD curl -fsS http://127.0.0.1:18084/health || exit 1
ENTRYPOINT ["tini", "--"]
CMD $GOPATH/bin/$APP --once
