FROM node:20-bookworm AS builder

ENV NODE_ENV=production
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
# Dev dependencies are needed for tsc.
RUN npm ci --include=dev

COPY . .
RUN npm run build
# Only production dependencies go to the runtime.
RUN npm prune --omit=dev

# Runtime: node without compilers (the slim variant of 20-bookworm).
FROM node:20-bookworm-slim

ENV NODE_ENV=production
WORKDIR /usr/src/app
COPY --from=builder /usr/src/app /usr/src/app

EXPOSE 3000
USER node
CMD ["node", "dist/server.js"]
