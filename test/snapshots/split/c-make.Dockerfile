FROM gcc:13 AS builder
WORKDIR /usr/src/daemon
COPY . .
# The Makefile decides where the binary goes.
RUN ./configure --prefix=/usr/local \
 && make -j"$(nproc)" \
 && make install

# Runtime: a glibc binary on distroless cc (Debian 12): no shell, no toolchain.
FROM gcr.io/distroless/cc-debian12
WORKDIR /usr/src/daemon
# TODO(stagecraft): which file does the build produce for `daemon`? Replace <artifact> with its path in the builder stage.
COPY --from=builder <artifact> /usr/local/bin/daemon
CMD ["daemon", "--foreground"]
