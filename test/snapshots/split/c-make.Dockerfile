FROM gcc:13 AS builder
WORKDIR /usr/src/daemon
COPY . .
# The Makefile decides where the binary goes.
RUN ./configure --prefix=/usr/local \
 && make -j"$(nproc)" \
 && make install

# Runtime: debian slim, without the build tools.
FROM debian:bookworm-slim
WORKDIR /usr/src/daemon
# TODO(stagecraft): which file or folder does the build produce? Replace <artifact> below with its path in the builder stage.
COPY --from=builder <artifact> /usr/src/daemon/
CMD ["daemon", "--foreground"]
