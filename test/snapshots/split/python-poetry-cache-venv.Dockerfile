FROM python:3.11-bookworm AS builder

ARG PIP_INDEX_URL
ARG PIP_TRUSTED_HOST

RUN pip install --no-cache-dir poetry==1.3.2

WORKDIR /opt/ledger
COPY . .
RUN poetry source add --default mirror "$PIP_INDEX_URL" \
 && poetry lock --no-update \
 && poetry install --only main --no-interaction

# Runtime: python without compilers (the slim variant of 3.11-bookworm).
FROM python:3.11-slim-bookworm

WORKDIR /opt/ledger
COPY --from=builder /opt/ledger /opt/ledger
COPY --from=builder /root/.cache/pypoetry/virtualenvs /root/.cache/pypoetry/virtualenvs
COPY --from=builder /usr/local /usr/local

ENTRYPOINT ["poetry", "run", "ledger"]
CMD ["summary", "data/entries.csv"]
