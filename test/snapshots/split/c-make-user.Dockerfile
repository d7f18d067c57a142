FROM gcc:12-bookworm AS builder
# The service runs unprivileged and keeps its state in /var/lib/hello.
RUN useradd --create-home --uid 1001 app \
 && mkdir -p /var/lib/hello \
 && chown app:app /var/lib/hello
WORKDIR /usr/src/hello
COPY . .
RUN make && make install PREFIX=/usr/local

# Runtime: debian slim: the runtime needs a shell or packages.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1001 app \
    && mkdir -p /var/lib/hello \
    && chown app:app /var/lib/hello
WORKDIR /usr/src/hello
COPY --from=builder /usr/local/bin/hello /usr/local/bin/hello
USER app
CMD ["hello"]
