FROM debian:bookworm AS builder
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential cmake \
 && rm -rf /var/lib/apt/lists/*
COPY . /opt/src
RUN cd /opt/src && cmake -B build && cmake --build build

# Runtime: debian slim, without the build tools.
FROM debian:bookworm-slim
# TODO(stagecraft): which file or folder does the build produce? Replace <artifact> below with its path in the builder stage.
COPY --from=builder <artifact> /app/
CMD ["/opt/src/build/tool"]
