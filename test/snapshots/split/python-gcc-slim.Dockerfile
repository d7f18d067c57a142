FROM python:3.11-slim AS builder
# psycopg2 builds from source.
RUN apt-get update && apt-get install -y --no-install-recommends \
        build-essential \
        libpq-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY requirements.txt .
RUN pip install -r requirements.txt

# Runtime: python:3.11-slim again, without the build's packages.
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY --from=builder /srv /srv
COPY --from=builder /usr/local/lib/python3.11 /usr/local/lib/python3.11
COPY --from=builder /usr/local/bin /usr/local/bin
COPY . .
ENV DJANGO_SETTINGS_MODULE=site.settings
CMD ["gunicorn", "site.wsgi", "--bind", "0.0.0.0:8000"]
