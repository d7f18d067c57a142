FROM python:3.12-bookworm AS builder
RUN python -m venv /venv
ENV PATH="/venv/bin:$PATH"
WORKDIR /code
COPY requirements.txt .
RUN pip install --upgrade pip && pip install -r requirements.txt

# Runtime: python without compilers, the app and its virtualenv.
FROM python:3.12-bookworm-slim
WORKDIR /code
COPY --from=builder /venv /venv
COPY --from=builder /code /code
ENV PATH="/venv/bin:$PATH"
COPY src/ ./src/
USER nobody
CMD ["python", "-m", "src.worker"]
