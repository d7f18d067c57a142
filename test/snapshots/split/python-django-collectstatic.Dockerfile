FROM python:3.12 AS builder
WORKDIR /app
COPY requirements.txt /app/
# Dependencies go to a virtualenv the runtime copies.
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN python -m pip install -r requirements.txt

# Runtime: python without compilers, the app and its virtualenv.
FROM python:3.12-slim
WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /app /app
ENV PATH="/opt/venv/bin:$PATH"
COPY . /app/
# Collected at image build time.
RUN python manage.py collectstatic --noinput
EXPOSE 8000
CMD gunicorn mysite.wsgi --bind 0.0.0.0:8000
