FROM golang:1.21-alpine AS builder
# A static binary runs on the minimal base below.
ENV CGO_ENABLED=0
RUN apk add --no-cache git
WORKDIR /go/src/app
COPY . .
RUN go mod download && \
    go build -v -o /go/bin/app .

# Runtime: alpine: the runtime needs a shell or packages.
FROM alpine:3.20
WORKDIR /go/src/app
COPY --from=builder /go/bin/app /usr/local/bin/app
# Shell form: the runtime needs /bin/sh.
CMD app -config /etc/app/config.yaml
