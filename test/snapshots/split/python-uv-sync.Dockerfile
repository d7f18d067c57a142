FROM python:3.12-bookworm AS builder
RUN pip install uv==0.4.30
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

# Runtime: python without compilers (the slim variant of 3.12-bookworm).
FROM python:3.12-slim-bookworm
WORKDIR /app
COPY --from=builder /app /app
COPY . .
ENV PATH="/app/.venv/bin:$PATH"
EXPOSE 8000
CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", "8000"]
