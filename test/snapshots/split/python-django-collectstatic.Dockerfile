FROM python:3.12 AS builder
WORKDIR /app
COPY requirements.txt /app/
RUN python -m pip install -r requirements.txt

# Runtime: python without compilers (the slim variant of 3.12).
FROM python:3.12-slim
WORKDIR /app
COPY --from=builder /app /app
COPY --from=builder /usr/local/lib/python3.12 /usr/local/lib/python3.12
COPY --from=builder /usr/local/bin /usr/local/bin
COPY . /app/
# Collected at image build time.
RUN python manage.py collectstatic --noinput
EXPOSE 8000
CMD gunicorn mysite.wsgi --bind 0.0.0.0:8000
