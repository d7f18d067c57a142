# tally: sums a sales export per region (C++17, built with g++).
FROM gcc:12-bookworm AS builder
WORKDIR /opt/tally
COPY src/ src/
RUN g++ -std=c++17 -O2 -Wall -o /usr/local/bin/tally src/main.cpp src/csv.cpp

# Runtime: a glibc binary on distroless cc (Debian 12): no shell, no toolchain.
FROM gcr.io/distroless/cc-debian12
WORKDIR /opt/tally
COPY --from=builder /usr/local/bin/tally /usr/local/bin/tally
COPY data/ data/
ENTRYPOINT ["tally"]
CMD ["data/sales-2024-q1.csv"]
