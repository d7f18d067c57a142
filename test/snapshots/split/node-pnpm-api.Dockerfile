# Inventory API: TypeScript compiled with pnpm, the stock list read from data/ at start-up.
FROM node:18-bookworm AS builder
RUN npm install -g pnpm@8.15.9
WORKDIR /srv/inventory
COPY package.json pnpm-lock.yaml ./
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm run build
# Only production dependencies go to the runtime.
RUN pnpm prune --prod

# Runtime: node without compilers (the slim variant of 18-bookworm).
FROM node:18-bookworm-slim
WORKDIR /srv/inventory
COPY --from=builder /srv/inventory /srv/inventory
ENV NODE_ENV=production PORT=18091
EXPOSE 18091
USER node
CMD ["node", "dist/server.js"]
