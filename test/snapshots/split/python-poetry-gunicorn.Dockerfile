FROM python:3.11-bookworm AS builder

# PyPI is reached through the build's mirror (pip reads these; poetry gets it as its default source below).
ARG PIP_INDEX_URL
ARG PIP_TRUSTED_HOST

ENV PYTHONUNBUFFERED=1 \
    POETRY_NO_INTERACTION=1 \
    POETRY_VIRTUALENVS_IN_PROJECT=1

RUN pip install --no-cache-dir "poetry==1.3.2"

WORKDIR /srv/inventory
COPY pyproject.toml poetry.lock ./
RUN poetry source add --default mirror "$PIP_INDEX_URL" \
 && poetry lock --no-update \
 && poetry install --only main --no-root

# Runtime: python without compilers (the slim variant of 3.11-bookworm).
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    POETRY_NO_INTERACTION=1 \
    POETRY_VIRTUALENVS_IN_PROJECT=1

WORKDIR /srv/inventory
COPY --from=builder /srv/inventory /srv/inventory
COPY --from=builder /usr/local /usr/local

COPY . .

EXPOSE 18090
CMD ["poetry", "run", "gunicorn", "--bind", "0.0.0.0:18090", "--workers", "2", "inventory:app"]
