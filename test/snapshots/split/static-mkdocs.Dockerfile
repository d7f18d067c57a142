FROM python:3.12 AS builder
WORKDIR /docs
RUN pip install mkdocs-material==9.5.18
COPY . .
RUN mkdocs build --strict
EXPOSE 8000
CMD ["python", "-m", "http.server", "--directory", "site", "8000"]

# Runtime: the built site served by nginx.
FROM nginx:alpine
COPY --from=builder /docs/site /usr/share/nginx/html
