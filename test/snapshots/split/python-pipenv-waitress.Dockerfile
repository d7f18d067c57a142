FROM python:3.11-bookworm AS builder

ARG PIP_INDEX_URL
ARG PIP_TRUSTED_HOST

RUN pip install --no-cache-dir pipenv==2022.12.19

WORKDIR /app
COPY Pipfile Pipfile.lock ./
RUN pipenv install --deploy

# Runtime: python without compilers (the slim variant of 3.11-bookworm).
FROM python:3.11-slim-bookworm

WORKDIR /app
COPY --from=builder /app /app
COPY --from=builder /root/.local/share/virtualenvs /root/.local/share/virtualenvs
COPY --from=builder /usr/local /usr/local

COPY . .
EXPOSE 18092
CMD ["pipenv", "run", "waitress-serve", "--port=18092", "menu:app"]
