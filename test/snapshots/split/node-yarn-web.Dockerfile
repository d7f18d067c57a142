# Order-tracking page: the client script bundled with esbuild, served with its assets by a small node server.
FROM node:18-bookworm AS builder
RUN npm install --global yarn@1.22.22
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --non-interactive
COPY . .
RUN yarn build
# Only production dependencies go to the runtime.
RUN yarn install --production --ignore-scripts --prefer-offline

# Runtime: node without compilers (the slim variant of 18-bookworm).
FROM node:18-bookworm-slim
WORKDIR /app
COPY --from=builder /app /app
COPY --from=builder /usr/local/lib/node_modules /usr/local/lib/node_modules
COPY --from=builder /usr/local/bin /usr/local/bin
ENV PORT=18092
EXPOSE 18092
CMD ["yarn", "start"]
