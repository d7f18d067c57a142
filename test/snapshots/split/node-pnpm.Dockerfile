FROM node:20 AS builder
RUN corepack enable
WORKDIR /srv/app
COPY pnpm-lock.yaml package.json ./
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm run build
# Only production dependencies go to the runtime.
RUN pnpm prune --prod

# Runtime: node without compilers (the slim variant of 20).
FROM node:20-slim
WORKDIR /srv/app
COPY --from=builder /srv/app /srv/app
CMD ["node", "build/index.js"]
