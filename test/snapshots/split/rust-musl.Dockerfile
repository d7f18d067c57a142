FROM rust:1.77-bookworm AS builder
RUN rustup target add x86_64-unknown-linux-musl \
 && apt-get update && apt-get install -y musl-tools
WORKDIR /build
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN cargo build --release --target x86_64-unknown-linux-musl --bin relay

# Runtime: a static binary on distroless static: no shell, no toolchain.
FROM gcr.io/distroless/static-debian12
WORKDIR /build
COPY --from=builder /build/target/x86_64-unknown-linux-musl/release/relay /build/target/x86_64-unknown-linux-musl/release/relay
EXPOSE 7000
ENTRYPOINT ["/build/target/x86_64-unknown-linux-musl/release/relay"]
