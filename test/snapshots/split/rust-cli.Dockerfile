FROM rust:1.77 AS builder

WORKDIR /usr/src/ticker
COPY . .

# Release build; the binary name comes from Cargo.toml.
RUN cargo build --release --locked

# Runtime: a glibc binary on distroless cc (Debian 12): no shell, no toolchain.
FROM gcr.io/distroless/cc-debian12

WORKDIR /usr/src/ticker
COPY --from=builder /usr/src/ticker/target/release/ticker /usr/src/ticker/target/release/ticker

ENV RUST_LOG=info
CMD ["/usr/src/ticker/target/release/ticker"]
