FROM debian:bookworm AS builder
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential cmake \
 && rm -rf /var/lib/apt/lists/*
COPY . /opt/src
RUN cd /opt/src && cmake -B build && cmake --build build

# Runtime: a glibc binary on distroless cc (Debian 12): no shell, no toolchain.
FROM gcr.io/distroless/cc-debian12
COPY --from=builder /opt/src/build/tool /opt/src/build/tool
CMD ["/opt/src/build/tool"]
