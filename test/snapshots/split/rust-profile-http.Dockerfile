# statusd: a tiny status page, built with the size-tuned `dist` profile; reads its checks and page from the working directory.
FROM rust:1.63-bookworm AS builder
WORKDIR /usr/src/statusd
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN cargo build --profile dist --locked

# Runtime: a glibc binary on distroless cc (Debian 12): no shell, no toolchain.
FROM gcr.io/distroless/cc-debian12
WORKDIR /usr/src/statusd
COPY --from=builder /usr/src/statusd/target/dist/statusd /usr/src/statusd/target/dist/statusd
COPY config ./config
COPY public ./public
EXPOSE 18094
CMD ["./target/dist/statusd", "--listen", "0.0.0.0:18094"]
