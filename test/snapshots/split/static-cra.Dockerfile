FROM node:18-bullseye AS builder
WORKDIR /app
COPY . .
RUN npm install && npm run build
CMD npx http-server build -p 8080

# Runtime: the built site served by nginx.
FROM nginx:alpine
COPY --from=builder /app/build /usr/share/nginx/html
LABEL maintainer="web-team@example.com"
