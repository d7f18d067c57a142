FROM python:3.12-alpine AS builder
RUN apk add --no-cache gcc musl-dev libffi-dev
WORKDIR /bot
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

# Runtime: python:3.12-alpine again, without the build's packages.
FROM python:3.12-alpine
RUN apk add --no-cache libffi
WORKDIR /bot
COPY --from=builder /bot /bot
COPY --from=builder /usr/local/lib/python3.12 /usr/local/lib/python3.12
COPY --from=builder /usr/local/bin /usr/local/bin
COPY bot.py ./
CMD ["python", "bot.py"]
