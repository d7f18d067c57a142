FROM python:3.11 AS builder
ENV POETRY_VERSION=1.8.3
RUN pip install "poetry==$POETRY_VERSION"
WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN poetry install --only main --no-root

# Runtime: python without compilers (the slim variant of 3.11).
FROM python:3.11-slim
ENV POETRY_VERSION=1.8.3
WORKDIR /app
COPY --from=builder /app /app
COPY --from=builder /root/.cache/pypoetry/virtualenvs /root/.cache/pypoetry/virtualenvs
COPY --from=builder /usr/local /usr/local
COPY . .
CMD ["poetry", "run", "python", "-m", "app"]
