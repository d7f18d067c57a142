FROM node:20 AS builder
WORKDIR /web
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
RUN npm install -g serve@14
EXPOSE 5000
# Client-side routes: every unknown path gets index.html.
CMD ["serve", "--single", "dist", "--listen", "5000"]

# Runtime: the built site served by nginx.
FROM nginx:alpine
COPY --from=builder /web/dist /usr/share/nginx/html
# The same port and fallback as the original server.
RUN printf '%s\n' 'server {' '    listen 5000;' '    root /usr/share/nginx/html;' '    index index.html;' '    location / {' '        try_files $uri $uri.html $uri/ /index.html;' '    }' '}' > /etc/nginx/conf.d/default.conf
EXPOSE 5000
