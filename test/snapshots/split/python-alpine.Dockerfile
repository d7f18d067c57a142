FROM python:3.12-alpine AS builder
RUN apk add --no-cache gcc musl-dev libffi-dev
WORKDIR /bot
COPY requirements.txt ./
# Dependencies go to a virtualenv the runtime copies.
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt

# Runtime: python without compilers, the app and its virtualenv.
FROM python:3.12-alpine
WORKDIR /bot
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /bot /bot
ENV PATH="/opt/venv/bin:$PATH"
COPY bot.py ./
CMD ["python", "bot.py"]
