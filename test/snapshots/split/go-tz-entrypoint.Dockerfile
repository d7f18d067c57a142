# Reminder service: schedules in the users' time zones, TLS to the mail relay, config rendered at start.
FROM golang:1.19-bookworm AS builder
# A static binary runs on the minimal base below.
ENV CGO_ENABLED=0
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata gettext-base \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src/reminder
COPY go.mod ./
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags="-s -w" -o /usr/local/bin/reminder ./cmd/reminder

# Runtime: debian slim: the runtime needs a shell or packages.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata gettext-base && rm -rf /var/lib/apt/lists/*
WORKDIR /src/reminder
COPY --from=builder /usr/local/bin/reminder /usr/local/bin/reminder
COPY --from=builder /src/reminder/conf /src/reminder/conf
COPY deploy/docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV TZ=UTC MAIL_RELAY=smtp.internal:587
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["reminder", "-config", "/tmp/reminder.conf"]
