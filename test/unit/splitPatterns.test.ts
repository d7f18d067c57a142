/**
 * Split patterns met on real Dockerfiles (the single-stage corpus), each written here as a small
 * Dockerfile of our own: where a tool the container runs finds its environment, and the stacks
 * that can be split safely.
 */
import { checkSplitCases, type SplitCase } from '../support/splitCases';

const POETRY_PROJECT = { 'pyproject.toml': '[tool.poetry]\nname = "svc"\n', 'svc/__init__.py': '' };

const CASES: SplitCase[] = [
  // ---- poetry: where `poetry run` finds the virtualenv at runtime.
  {
    name: 'poetry run: the POETRY_* ENV it reads goes to the runtime with the cache virtualenv',
    dockerfile: 'FROM python:3.12-bookworm\nENV POETRY_CACHE_DIR=/var/cache/poetry POETRY_NO_INTERACTION=1\nRUN pip install poetry\nWORKDIR /srv\nCOPY . .\nRUN poetry install --only main\nCMD ["poetry", "run", "python", "-m", "svc"]\n',
    files: POETRY_PROJECT,
    has: [/FROM python:3\.12-slim-bookworm\nENV POETRY_CACHE_DIR=\/var\/cache\/poetry POETRY_NO_INTERACTION=1\n/, /COPY --from=builder \/var\/cache\/poetry\/virtualenvs \/var\/cache\/poetry\/virtualenvs/],
    labels: [/poetry's virtualenv copied \(\/var\/cache\/poetry\/virtualenvs\)/],
  },
  {
    name: 'poetry installed for the build only: its ENV stays in the builder when the command does not run poetry',
    dockerfile: 'FROM python:3.12-bookworm\nENV POETRY_VIRTUALENVS_IN_PROJECT=true\nRUN pip install poetry\nWORKDIR /srv\nCOPY . .\nRUN poetry install --only main\nENV PATH="/srv/.venv/bin:$PATH"\nCMD ["python", "-m", "svc"]\n',
    files: POETRY_PROJECT,
    has: [/FROM python:3\.12-slim-bookworm/, /COPY --from=builder \/srv \/srv/],
    lacks: [/slim-bookworm[\s\S]*POETRY_VIRTUALENVS_IN_PROJECT/, /pypoetry/],
  },
  {
    name: 'POETRY_VIRTUALENVS_PATH decides where the virtualenv is',
    dockerfile: 'FROM python:3.11\nENV POETRY_VIRTUALENVS_PATH=/opt/venvs\nRUN pip install poetry\nWORKDIR /srv\nCOPY . .\nRUN poetry install --no-root\nCMD ["poetry", "run", "gunicorn", "svc:app"]\n',
    files: POETRY_PROJECT,
    has: [/COPY --from=builder \/opt\/venvs \/opt\/venvs/, /slim\nENV POETRY_VIRTUALENVS_PATH=\/opt\/venvs/],
    lacks: [/pypoetry/],
  },
  {
    name: '`poetry config virtualenvs.create false`: the system packages, and the config `poetry run` reads again',
    dockerfile: 'FROM python:3.11\nRUN pip install poetry\nWORKDIR /srv\nCOPY . .\nRUN poetry config virtualenvs.create false && poetry install --no-root\nCMD ["poetry", "run", "python", "-m", "svc"]\n',
    files: POETRY_PROJECT,
    has: [/COPY --from=builder \/usr\/local \/usr\/local/, /COPY --from=builder \/root\/\.config\/pypoetry \/root\/\.config\/pypoetry/],
    lacks: [/COPY[^\n]*virtualenvs/],
    labels: [/poetry's configuration copied/],
  },
  {
    name: '`poetry config virtualenvs.create false` with a plain python command: the system packages only',
    dockerfile: 'FROM python:3.11\nRUN pip install poetry\nWORKDIR /srv\nCOPY . .\nRUN poetry config virtualenvs.create false && poetry install --no-root\nCMD ["python", "-m", "svc"]\n',
    files: POETRY_PROJECT,
    has: [/COPY --from=builder \/usr\/local\/lib\/python3\.11 \/usr\/local\/lib\/python3\.11/],
    lacks: [/COPY[^\n]*virtualenvs/, /\.config\/pypoetry/],
  },
  {
    name: '`poetry config virtualenvs.in-project true`: the .venv travels with the project folder',
    dockerfile: 'FROM python:3.11\nRUN pip install poetry && poetry config virtualenvs.in-project true\nWORKDIR /srv\nCOPY . .\nRUN poetry install --no-root\nCMD ["/srv/.venv/bin/python", "-m", "svc"]\n',
    files: POETRY_PROJECT,
    has: [/COPY --from=builder \/srv \/srv/],
    lacks: [/COPY[^\n]*virtualenvs/],
  },
  {
    name: "the project's poetry.toml (in-project = true) is read",
    dockerfile: 'FROM python:3.11\nRUN pip install poetry\nWORKDIR /srv\nCOPY . .\nRUN poetry install --no-root\nCMD ["poetry", "run", "python", "-m", "svc"]\n',
    files: { ...POETRY_PROJECT, 'poetry.toml': '[virtualenvs]\nin-project = true\n' },
    has: [/COPY --from=builder \/srv \/srv/],
    lacks: [/COPY[^\n]*virtualenvs/],
  },
  // ---- Variables the toolchain reads vs. those the app reads.
  {
    name: 'RUST_LOG and GOOGLE_* set before the build are the app\'s, not the toolchain\'s: they reach the runtime',
    dockerfile: 'FROM rust:1.77-bookworm\nENV RUST_LOG=info\nENV GOOGLE_CLOUD_PROJECT=demo\nENV RUSTFLAGS="-C target-cpu=native"\nWORKDIR /w\nCOPY . .\nRUN cargo build --release\nCMD ["/w/target/release/svc"]\n',
    files: { 'Cargo.toml': '[package]\nname = "svc"\n' },
    has: [/distroless\/cc-debian12\nENV RUST_LOG=info\nENV GOOGLE_CLOUD_PROJECT=demo\n/],
    lacks: [/distroless[\s\S]*RUSTFLAGS/],
  },
  // ---- Python development servers: they need the interpreter and the dependencies, not the compilers.
  {
    name: 'flask run: offered, the development server labelled',
    dockerfile: 'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["flask", "run", "--host=0.0.0.0"]\n',
    has: [/FROM python:3\.11-slim/, /COPY --from=builder \/usr\/local\/lib\/python3\.11 \/usr\/local\/lib\/python3\.11/, /CMD \["flask", "run", "--host=0\.0\.0\.0"\]/],
    labels: [/development server \(flask run\)/],
  },
  {
    name: 'manage.py runserver in an entrypoint script, with a native build: libpq and the tools the script calls are reinstalled',
    dockerfile: 'FROM python:3.12-bookworm\nRUN apt-get update && apt-get install -y gcc libpq-dev netcat-openbsd gettext\nWORKDIR /srv\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nENTRYPOINT ["/srv/start.sh"]\n',
    files: { 'requirements.txt': 'Django\npsycopg2\n', 'start.sh': '#!/bin/sh\nwhile ! nc -z db 5432; do sleep 1; done\npython manage.py migrate --noinput\nexec python manage.py runserver 0.0.0.0:8000\n', 'manage.py': '' },
    has: [/FROM python:3\.12-slim-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 netcat-openbsd gettext/, /COPY \. \.\nENTRYPOINT/],
    labels: [/development server \(manage\.py runserver\)/, /build-only packages left in the builder: gcc, libpq-dev/],
  },
  { name: 'a dev server that compiles at runtime is still not offered', dockerfile: 'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD python manage.py compilemessages && tsc -w\n', refused: /tsc/ },
  // ---- Ruby: the gems in GEM_HOME, on the slim variant of the same tag.
  {
    name: 'Rails on ruby:3.3: slim runtime, the app folder and /usr/local/bundle copied; precompiled gems need nothing',
    dockerfile: 'FROM ruby:3.3-bookworm\nWORKDIR /rails\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .\nEXPOSE 3000\nCMD ["bin/rails", "server", "-b", "0.0.0.0"]\n',
    files: { Gemfile: 'gem "rails"\ngem "pg"\n', 'Gemfile.lock': 'GEM\n  specs:\n    pg (1.6.2-x86_64-linux)\n    rails (8.0.0)\n' },
    has: [/FROM ruby:3\.3-slim-bookworm\nWORKDIR \/rails\nCOPY --from=builder \/rails \/rails\nCOPY --from=builder \/usr\/local\/bundle \/usr\/local\/bundle\nCOPY \. \.\nEXPOSE 3000/],
    lacks: [/apt-get/],
    labels: [/\/usr\/local\/bundle copied/],
    flagged: false,
  },
  {
    name: 'a gem built from source against the full image\'s libpq: libpq5 reinstalled on the slim runtime',
    dockerfile: 'FROM ruby:3.2\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .\nCMD ["bundle", "exec", "puma"]\n',
    files: { Gemfile: 'gem "pg"\ngem "mini_magick"\n', 'Gemfile.lock': 'GEM\n  specs:\n    mini_magick (5.0.0)\n    pg (1.5.9)\n' },
    has: [/FROM ruby:3\.2-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 imagemagick/],
    labels: [/libpq5, imagemagick reinstalled/],
  },
  {
    name: 'BUNDLE_PATH outside the app: copied, and the ENV kept',
    dockerfile: 'FROM ruby:3.3\nENV BUNDLE_PATH=/gems\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["bundle", "exec", "ruby", "app.rb"]\n',
    files: { Gemfile: 'gem "sinatra"\n' },
    has: [/FROM ruby:3\.3-slim\nENV BUNDLE_PATH=\/gems/, /COPY --from=builder \/gems \/gems/],
  },
  {
    name: 'ruby:3.3-slim already: the same base again, without the compilers the stage installed',
    dockerfile: 'FROM ruby:3.3-slim\nRUN apt-get update && apt-get install -y build-essential libpq-dev\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["bundle", "exec", "rackup"]\n',
    files: { Gemfile: 'gem "pg"\n' },
    has: [/FROM ruby:3\.3-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 /],
    labels: [/build-only packages left in the builder: build-essential, libpq-dev/],
  },
  // ---- Python packages built against the full image's libraries.
  {
    name: 'psycopg2 from source on python:3.12: libpq5 on the slim runtime; psycopg2-binary needs nothing',
    dockerfile: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["gunicorn", "app:app"]\n',
    files: { 'requirements.txt': 'gunicorn==22.0\npsycopg2==2.9.9\n' },
    has: [/FROM python:3\.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 /],
    labels: [/libpq5 reinstalled/],
  },
  {
    name: 'psycopg2-binary brings its own libpq: no package added',
    dockerfile: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["gunicorn", "app:app"]\n',
    files: { 'requirements.txt': 'gunicorn==22.0\npsycopg2-binary==2.9.9\n' },
    lacks: [/apt-get/],
  },
  // ---- Files a compiled app may read from its working directory.
  {
    name: '`COPY . ./` maps the working directory to the context: its data folder is copied, nested source folders and screenshots are not',
    dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod ./\nRUN go mod download\nCOPY . ./\nRUN go build -o server .\nCMD ["./server"]\n',
    files: { 'go.mod': 'module x/s\n', 'main.go': '', 'core/http/routes.go': '', 'core/store/db.go': '', 'templates/index.html': '', 'screenshots/home.png': '', 'postman/api.json': '', 'fix.diff': '' },
    has: [/COPY --from=builder \/app\/templates \/app\/templates/],
    lacks: [/\/app\/core/, /screenshots/, /postman/, /fix\.diff/],
    labels: [/files of \/app copied: templates\//],
  },
  {
    name: 'a .env kept out of git, read with godotenv: the builder sets it aside when the context has one, the runtime copies it (also when other files are copied)',
    dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
    files: { 'go.mod': 'module x/s\nrequire github.com/joho/godotenv v1.5.1\n', '.gitignore': '.env\n', 'main.go': '', 'static/app.css': '' },
    has: [/RUN go build -o server \.\n# The \.env of the build context[^\n]*\nRUN mkdir -p \/tmp\/stagecraft-dotenv && if \[ -f \/app\/\.env \]; then cp \/app\/\.env \/tmp\/stagecraft-dotenv\/; fi\n/, /COPY --from=builder \/app\/static \/app\/static/, /COPY --from=builder \/tmp\/stagecraft-dotenv\/ \/app\/\n/],
    labels: [/the context's \.env copied when there is one/],
    flagged: false,
  },
  {
    name: 'a .env the context has is copied like any other file of the working directory',
    dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
    files: { 'go.mod': 'module x/s\nrequire github.com/joho/godotenv v1.5.1\n', '.gitignore': '.env\n', '.env': 'PORT=8080\n', 'main.go': '' },
    has: [/COPY --from=builder \/app\/\.env \/app\/\.env/],
    lacks: [/stagecraft-dotenv/],
    flagged: false,
  },
  {
    name: 'a .env kept out of git by an app with no library that reads it: nothing about it',
    dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
    files: { 'go.mod': 'module x/s\n', '.gitignore': '.env\n', 'main.go': '' },
    lacks: [/\.env/],
    flagged: false,
  },
];

checkSplitCases('split into builder stage: patterns from real Dockerfiles (check(input, expect))', CASES);
