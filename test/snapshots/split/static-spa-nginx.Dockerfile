# Team handbook: a single-page app built with Vite, served with client-side routing (unknown paths get index.html).
FROM node:18-bookworm AS builder
WORKDIR /usr/src/handbook
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
EXPOSE 18093
CMD ["npx", "serve", "--single", "--no-clipboard", "--listen", "18093", "dist"]

# Runtime: the built site served by nginx.
FROM nginx:alpine
COPY --from=builder /usr/src/handbook/dist /usr/share/nginx/html
# The same port and fallback as the original server.
RUN printf '%s\n' 'server {' '    listen 18093;' '    root /usr/share/nginx/html;' '    index index.html;' '    location / {' '        try_files $uri $uri.html $uri/ /index.html;' '    }' '}' > /etc/nginx/conf.d/default.conf
EXPOSE 18093
