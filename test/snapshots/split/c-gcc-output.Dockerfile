FROM gcc:13-bookworm AS builder
COPY hello.c /src/hello.c
RUN gcc -O2 -Wall -o /usr/local/bin/hello /src/hello.c

# Runtime: a glibc binary on distroless cc (Debian 12): no shell, no toolchain.
FROM gcr.io/distroless/cc-debian12
COPY --from=builder /usr/local/bin/hello /usr/local/bin/hello
ENTRYPOINT ["/usr/local/bin/hello"]
