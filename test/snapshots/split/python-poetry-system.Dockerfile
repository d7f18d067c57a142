FROM python:3.11-bookworm AS builder

ARG PIP_INDEX_URL
ARG PIP_TRUSTED_HOST

RUN pip install --no-cache-dir "poetry==1.3.2" \
 && poetry config virtualenvs.create false

WORKDIR /app
COPY . .
# The company mirror as poetry's default source, then the app and its dependencies into the system Python.
RUN poetry source add --default mirror "$PIP_INDEX_URL" \
 && poetry lock --no-update \
 && poetry install --only main --no-interaction --no-ansi

# Runtime: python without compilers (the slim variant of 3.11-bookworm).
FROM python:3.11-slim-bookworm

WORKDIR /app
COPY --from=builder /app /app
COPY --from=builder /usr/local/lib/python3.11 /usr/local/lib/python3.11
COPY --from=builder /usr/local/bin /usr/local/bin

ENV PORT=18091
EXPOSE 18091
CMD ["noticeboard"]
