# Release notes site: plain-text notes rendered to HTML by a stdlib script, served on 18095.
FROM python:3.11-bookworm AS builder
WORKDIR /srv/notes
COPY tools/ tools/
COPY docs/ docs/
RUN python tools/render.py docs public

# Runtime: python without compilers (the slim variant of 3.11-bookworm).
FROM python:3.11-slim-bookworm
WORKDIR /srv/notes
COPY --from=builder /srv/notes /srv/notes
EXPOSE 18095
CMD ["python", "-m", "http.server", "18095", "--directory", "public"]
