FROM rust:1.63-bookworm AS builder
WORKDIR /usr/src/ticker
COPY . .
# Installs into $CARGO_HOME/bin, which the rust image puts on PATH.
RUN cargo install --path . --root /usr/local/cargo

# Runtime: a glibc binary on distroless cc (Debian 12): no shell, no toolchain.
FROM gcr.io/distroless/cc-debian12
WORKDIR /usr/src/ticker
COPY --from=builder /usr/local/cargo/bin/ticker /usr/local/bin/ticker
ENV TICKER_SYMBOLS=ACME,GLOBX
CMD ["ticker", "--count", "2"]
