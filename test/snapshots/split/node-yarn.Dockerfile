FROM node:18 AS builder
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
COPY . .
RUN yarn build
# Only production dependencies go to the runtime.
RUN yarn install --production --ignore-scripts --prefer-offline

# Runtime: node without compilers (the slim variant of 18).
FROM node:18-slim
WORKDIR /app
COPY --from=builder /app /app
ENV PORT=4000 HOST=0.0.0.0
EXPOSE 4000
HEALTHCHECK --interval=30s CMD node healthcheck.js
CMD ["yarn", "start"]
