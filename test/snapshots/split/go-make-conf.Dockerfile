# The greeting service: built with make, reads its config and data from the working directory.
FROM golang:1.19-bookworm AS builder
# A static binary runs on the minimal base below.
ENV CGO_ENABLED=0
WORKDIR /srv/greeter
COPY go.mod ./
RUN go mod download
COPY . .
RUN make build

# Runtime: a static binary on distroless static: no shell, no toolchain.
FROM gcr.io/distroless/static-debian12
WORKDIR /srv/greeter
COPY --from=builder /srv/greeter/bin/greeter /srv/greeter/bin/greeter
COPY --from=builder /srv/greeter/conf /srv/greeter/conf
COPY --from=builder /srv/greeter/data /srv/greeter/data
ENV PORT=18081
EXPOSE 18081
CMD ["./bin/greeter"]
