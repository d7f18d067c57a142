FROM python:3.11-bookworm AS builder
WORKDIR /srv/reports
COPY tools/ tools/
# The reporter installs system-wide with its console script.
RUN pip install --no-index --no-build-isolation ./tools/reporter

# Runtime: python without compilers (the slim variant of 3.11-bookworm).
FROM python:3.11-slim-bookworm
WORKDIR /srv/reports
COPY --from=builder /srv/reports /srv/reports
COPY --from=builder /usr/local/lib/python3.11 /usr/local/lib/python3.11
COPY --from=builder /usr/local/bin /usr/local/bin
COPY data/ data/
CMD ["report", "data/metrics.csv"]
