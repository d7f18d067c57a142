# A static site built with npm. In test/build/split.test.ts the node image is a busybox stand-in
# whose `npm run build` copies src/ to dist/.
FROM node:20 AS builder
WORKDIR /site
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
EXPOSE 3000
CMD ["npx", "serve", "-s", "dist"]

# Runtime: the built site served by nginx.
FROM nginx:alpine
COPY --from=builder /site/dist /usr/share/nginx/html
# The same port and fallback as the original server.
RUN printf '%s\n' 'server {' '    listen 3000;' '    root /usr/share/nginx/html;' '    index index.html;' '    location / {' '        try_files $uri $uri.html $uri/ /index.html;' '    }' '}' > /etc/nginx/conf.d/default.conf
EXPOSE 3000
