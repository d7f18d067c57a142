# Monthly budget report, run as an unprivileged user; the ledger library is vendored (built from source, no index).
FROM python:3.11-bookworm AS builder
RUN useradd --create-home --uid 1500 analyst
USER analyst
WORKDIR /home/analyst/report
ENV PATH=/home/analyst/.local/bin:$PATH PYTHONDONTWRITEBYTECODE=1
COPY --chown=analyst:analyst libs/ libs/
RUN pip install --user --no-index --no-build-isolation ./libs/ledgerkit

# Runtime: python without compilers (the slim variant of 3.11-bookworm).
FROM python:3.11-slim-bookworm
RUN useradd --create-home --uid 1500 analyst
USER analyst
WORKDIR /home/analyst/report
ENV PATH=/home/analyst/.local/bin:$PATH PYTHONDONTWRITEBYTECODE=1
COPY --from=builder --chown=analyst /home/analyst/report /home/analyst/report
COPY --from=builder --chown=analyst /home/analyst/.local /home/analyst/.local
COPY --chown=analyst:analyst data/ data/
CMD ["budget-report", "data/budget-2024.csv"]
