FROM node:20-alpine AS builder
# node-gyp needs python and a compiler for the native addon.
RUN apk add --no-cache python3 make g++
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build && npm test
# Only production dependencies go to the runtime.
RUN npm prune --omit=dev

# Runtime: node:20-alpine again, without the build's packages.
FROM node:20-alpine
WORKDIR /app
COPY --from=builder /app /app
CMD ["npm", "start"]
