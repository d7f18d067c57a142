FROM node:18-bookworm AS builder
ENV NODE_ENV=production
WORKDIR /home/node/site
COPY package.json package-lock.json ./
COPY tools/ tools/
COPY lib/ lib/
# Dev dependencies (the site generator) are needed for the build.
RUN npm ci --include=dev
COPY . .
RUN npm run build
# Only production dependencies go to the runtime.
RUN npm prune --omit=dev

# Runtime: node without compilers (the slim variant of 18-bookworm).
FROM node:18-bookworm-slim
ENV NODE_ENV=production
WORKDIR /home/node/site
COPY --from=builder /home/node/site /home/node/site
USER node
EXPOSE 18083
CMD ["node", "server.js"]
