FROM python:3.12-bookworm AS builder
RUN python -m venv /venv
ENV PATH="/venv/bin:$PATH"
WORKDIR /code
COPY requirements.txt .
RUN pip install --upgrade pip && pip install -r requirements.txt

# Runtime: python without compilers (the slim variant of 3.12-bookworm).
FROM python:3.12-slim-bookworm
ENV PATH="/venv/bin:$PATH"
WORKDIR /code
COPY --from=builder /code /code
COPY --from=builder /venv /venv
COPY src/ ./src/
USER nobody
CMD ["python", "-m", "src.worker"]
