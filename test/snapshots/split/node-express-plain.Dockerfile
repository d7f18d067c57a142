FROM node:20 AS builder
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev
COPY . .

# Runtime: node without compilers (the slim variant of 20).
FROM node:20-slim
WORKDIR /app
COPY --from=builder /app /app
EXPOSE 8080
CMD ["node", "index.js"]
