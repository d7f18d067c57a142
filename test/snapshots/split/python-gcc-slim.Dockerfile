FROM python:3.11-slim AS builder
# psycopg2 builds from source.
RUN apt-get update && apt-get install -y --no-install-recommends \
        build-essential \
        libpq-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY requirements.txt .
# Dependencies go to a virtualenv the runtime copies.
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install -r requirements.txt

# Runtime: python without compilers, the app and its virtualenv.
FROM python:3.11-slim
WORKDIR /srv
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /srv /srv
ENV PATH="/opt/venv/bin:$PATH"
COPY . .
ENV DJANGO_SETTINGS_MODULE=site.settings
CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]
