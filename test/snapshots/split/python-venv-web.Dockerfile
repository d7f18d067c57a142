FROM python:3.11-bookworm AS builder
ENV PYTHONUNBUFFERED=1
# Dependencies in a virtualenv (it sees the system setuptools and wheel); the library is vendored (no index needed).
RUN python -m venv --system-site-packages /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /app
COPY vendor/ vendor/
RUN pip install --no-index --no-build-isolation ./vendor/greetlib

# Runtime: python without compilers (the slim variant of 3.11-bookworm).
FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /app
COPY --from=builder /app /app
COPY --from=builder /opt/venv /opt/venv
COPY . .
EXPOSE 18082
CMD ["python", "-m", "webapp"]
