FROM python:3.11-bookworm AS builder

ARG PIP_INDEX_URL
ARG PIP_TRUSTED_HOST

ENV POETRY_VIRTUALENVS_IN_PROJECT=true \
    POETRY_NO_INTERACTION=1

RUN pip install --no-cache-dir poetry==1.3.2

WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN poetry source add --default mirror "$PIP_INDEX_URL" \
 && poetry lock --no-update \
 && poetry install --only main --no-root

# Runtime: python without compilers (the slim variant of 3.11-bookworm).
FROM python:3.11-slim-bookworm

WORKDIR /app
COPY --from=builder /app /app

COPY . .

# The project's virtualenv first on PATH: gunicorn without poetry at runtime.
ENV PATH="/app/.venv/bin:$PATH"
EXPOSE 18093
CMD ["gunicorn", "--bind", "0.0.0.0:18093", "quotes.wsgi"]
