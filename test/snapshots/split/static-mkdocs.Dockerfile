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
# The same port and fallback as the original server.
RUN printf '%s\n' 'server {' '    listen 8000;' '    root /usr/share/nginx/html;' '    index index.html;' '    location / {' '        try_files $uri $uri/ =404;' '    }' '}' > /etc/nginx/conf.d/default.conf
EXPOSE 8000
