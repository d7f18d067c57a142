FROM node:18-bullseye AS builder
WORKDIR /app
COPY . .
RUN npm install && npm run build
CMD npx http-server build -p 8080

# Runtime: the built site served by nginx.
FROM nginx:alpine
COPY --from=builder /app/build /usr/share/nginx/html
# The same port and fallback as the original server.
RUN printf '%s\n' 'server {' '    listen 8080;' '    root /usr/share/nginx/html;' '    index index.html;' '    location / {' '        try_files $uri $uri/ =404;' '    }' '}' > /etc/nginx/conf.d/default.conf
LABEL maintainer="web-team@example.com"
EXPOSE 8080
