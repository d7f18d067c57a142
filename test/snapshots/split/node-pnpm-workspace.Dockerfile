FROM node:20-bookworm AS builder
RUN corepack enable
WORKDIR /repo
COPY . .
RUN pnpm install --frozen-lockfile && pnpm --filter api build

# Runtime: node without compilers (the slim variant of 20-bookworm).
FROM node:20-bookworm-slim
WORKDIR /repo
COPY --from=builder /repo /repo
ENV PORT=4000
CMD ["node", "apps/api/dist/index.js"]
