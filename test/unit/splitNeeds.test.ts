/**
 * The split decided from what the running container needs: check(input, expect) cases on
 * Dockerfile strings with an in-memory build context. Each case names what must (and must not)
 * appear in the result, or that the split is not offered.
 */
import { checkSplitCases, type SplitCase } from '../support/splitCases';

const CASES: SplitCase[] = [
  {
    name: 'no CMD or ENTRYPOINT: not offered',
    dockerfile: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\n',
    refused: /no CMD or ENTRYPOINT/,
  },
  { name: 'go run: not offered', dockerfile: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\nCMD ["go", "run", "."]\n', refused: /go run/ },
  { name: 'cargo run: not offered', dockerfile: 'FROM rust:1.77\nWORKDIR /src\nCOPY . .\nRUN cargo build\nCMD cargo run --release\n', refused: /cargo run/ },
  { name: 'nodemon through npm run dev: not offered', dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["npm", "start"]\n', files: { 'package.json': '{"scripts":{"start":"nodemon src/index.js"}}' }, refused: /nodemon/ },
  { name: 'mvn as the command: not offered', dockerfile: 'FROM maven:3.9-eclipse-temurin-17\nWORKDIR /app\nCOPY . .\nRUN mvn -B package\nCMD ["mvn", "exec:java"]\n', refused: /mvn/ },
  { name: 'hugo server: not offered', dockerfile: 'FROM golang:1.22\nRUN go install github.com/gohugoio/hugo@latest\nWORKDIR /site\nCOPY . .\nCMD ["hugo", "server", "--bind", "0.0.0.0"]\n', refused: /hugo server/ },

  { name: 'an interactive shell: not offered', dockerfile: 'FROM rust:1.77\nRUN cargo install ripgrep\nCMD ["bash"]\n', refused: /interactive/ },
  { name: 'a dev command inside the entrypoint script: not offered', dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go mod download\nENTRYPOINT ["./start.sh"]\n', files: { 'start.sh': '#!/bin/sh\nexec go run ./cmd/server\n' }, refused: /start\.sh runs `go run`/ },
  {
    name: 'curl used by HEALTHCHECK is installed in the runtime',
    dockerfile: 'FROM golang:1.22-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/api .\nHEALTHCHECK CMD curl -fsS http://localhost:8080/health || exit 1\nCMD ["api"]\n',
    files: { 'go.mod': 'module x/api\n' },
    has: [/FROM debian:bookworm-slim/, /apt-get install -y --no-install-recommends curl/, /COPY --from=builder \/usr\/local\/bin\/api \/usr\/local\/bin\/api/],
    labels: [/curl, ca-certificates reinstalled/],
  },
  {
    name: 'runtime packages installed next to the compilers are reinstalled; build-only ones stay',
    dockerfile: 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make libc6-dev ffmpeg tini && rm -rf /var/lib/apt/lists/*\nWORKDIR /src\nCOPY . .\nRUN make\nENTRYPOINT ["tini", "--", "/src/bin/transcoder"]\n',
    files: { Makefile: 'all:\n\tgcc -o bin/transcoder main.c\n', 'main.c': 'int main(){}' },
    has: [/FROM debian:bookworm-slim/, /apt-get install -y --no-install-recommends ffmpeg tini/, /COPY --from=builder \/src\/bin\/transcoder \/src\/bin\/transcoder/],
    lacks: [/install[^\n]*\bgcc\b[^\n]*\n[^\n]*FROM debian:bookworm-slim/],
    labels: [/ffmpeg, tini reinstalled/, /build-only packages left in the builder: gcc, make, libc6-dev/],
  },
  {
    name: 'make target read from the Makefile (with variables)',
    dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN make build\nEXPOSE 3000\nCMD ["/app/out/gitea-lite", "web"]\n',
    files: { Makefile: 'BIN ?= out/gitea-lite\nbuild:\n\tCGO_ENABLED=0 go build -o $(BIN) ./cmd/web\n', 'go.mod': 'module x/gitea\n', 'conf/app.ini': '[server]\n' },
    has: [/COPY --from=builder \/app\/out\/gitea-lite \/app\/out\/gitea-lite/, /COPY --from=builder \/app\/conf \/app\/conf/, /FROM gcr\.io\/distroless\/static-debian12/],
    labels: [/files of \/app copied: conf\//],
  },
  {
    name: 'cargo install --path puts the binary in $CARGO_HOME/bin; a bare CMD finds it on PATH',
    dockerfile: 'FROM rust:1.77-bookworm\nWORKDIR /usr/src/app\nCOPY . .\nRUN cargo install --path .\nCMD ["myservice"]\n',
    files: { 'Cargo.toml': '[package]\nname = "myservice"\nversion = "0.1.0"\n' },
    has: [/COPY --from=builder \/usr\/local\/cargo\/bin\/myservice \/usr\/local\/bin\/myservice/, /FROM gcr\.io\/distroless\/cc-debian12/],
    labels: [/myservice copied onto PATH/],
  },
  {
    name: 'cargo install of a tool and cargo build of the app: the CMD decides',
    dockerfile: 'FROM rust:1.77-bookworm\nWORKDIR /app\nCOPY . .\nRUN cargo install diesel_cli --no-default-features --features postgres\nRUN cargo build --release\nCMD ["./target/release/api"]\n',
    files: { 'Cargo.toml': '[package]\nname = "api"\n' },
    has: [/COPY --from=builder \/app\/target\/release\/api \/app\/target\/release\/api/],
    lacks: [/diesel \//],
  },
  {
    name: 'a builder ARG used by the runtime is declared again; GOPATH from the base image is set',
    dockerfile: 'FROM golang:1.22\nARG APP=server\nWORKDIR /src\nCOPY . .\nRUN go install ./cmd/${APP}\nCMD $GOPATH/bin/$APP\n',
    files: { 'go.mod': 'module x/y\n' },
    has: [/FROM debian:bookworm-slim[\s\S]*ARG APP=server/, /ENV GOPATH=\/go/],
    labels: [/GOPATH set as in golang:1\.22/],
  },
  {
    name: 'user created before the build: repeated in the runtime, copies owned by it',
    dockerfile: 'FROM node:18-bookworm\nRUN groupadd -r app && useradd -r -g app app && mkdir -p /home/app/data && chown -R app:app /home/app\nWORKDIR /home/app\nCOPY --chown=app:app . .\nUSER app\nRUN npm ci && npm run build\nCMD ["node", "dist/main.js"]\n',
    files: { 'package.json': '{"scripts":{"build":"tsc"}}', 'package-lock.json': '{}' },
    has: [/FROM node:18-bookworm-slim\nRUN groupadd -r app \\\n    && useradd -r -g app app/, /COPY --from=builder --chown=app \/home\/app \/home\/app/, /USER app\n[\s\S]*CMD/],
  },
  {
    name: 'uv sync: the project .venv travels with the app folder',
    dockerfile: 'FROM python:3.12-bookworm\nRUN pip install uv\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen --no-dev\nENV PATH="/app/.venv/bin:$PATH"\nCMD ["uvicorn", "api.main:app", "--host", "0.0.0.0"]\n',
    has: [/FROM python:3\.12-slim-bookworm/, /COPY --from=builder \/app \/app/],
    lacks: [/opt\/venv/],
  },
  {
    name: "poetry's cache virtualenv is copied",
    dockerfile: 'FROM python:3.11\nRUN pip install poetry\nWORKDIR /app\nCOPY . .\nRUN poetry install --only main\nCMD ["poetry", "run", "python", "-m", "app"]\n',
    has: [/COPY --from=builder \/root\/\.cache\/pypoetry\/virtualenvs \/root\/\.cache\/pypoetry\/virtualenvs/, /COPY --from=builder \/usr\/local \/usr\/local/],
  },
  {
    name: 'pnpm workspace: no prune, said so',
    dockerfile: 'FROM node:20\nRUN corepack enable\nWORKDIR /repo\nCOPY . .\nRUN pnpm install --frozen-lockfile && pnpm -r build\nCMD ["node", "apps/api/dist/index.js"]\n',
    files: { 'package.json': '{}', 'pnpm-workspace.yaml': 'packages: ["apps/*"]', 'pnpm-lock.yaml': '' },
    lacks: [/prune/],
    labels: [/dev dependencies kept \(pnpm workspace\)/],
  },
  {
    name: 'a globally installed pnpm stays in the builder when the container runs node',
    dockerfile: 'FROM node:18-bookworm\nRUN npm install -g pnpm@8.15.9\nWORKDIR /srv/api\nCOPY package.json pnpm-lock.yaml ./\nRUN pnpm install --frozen-lockfile\nCOPY . .\nRUN pnpm run build\nUSER node\nCMD ["node", "dist/server.js"]\n',
    files: { 'package.json': '{"scripts":{"build":"tsc"},"devDependencies":{"typescript":"5.4.5"}}', 'pnpm-lock.yaml': '' },
    has: [/COPY --from=builder \/srv\/api \/srv\/api/, /RUN pnpm prune --prod/],
    lacks: [/\/usr\/local\/lib\/node_modules/, /COPY --from=builder \/usr\/local\/bin/],
    shown: [/pnpm \(installed globally\) left in the builder: nothing at runtime runs it/],
  },
  {
    name: 'an npm upgrade (npm i -g npm@latest) is left behind when ENTRYPOINT node runs the script CMD names',
    dockerfile: 'FROM node:20-slim\nWORKDIR /usr/src/app\nCOPY . .\nRUN npm install -g npm@latest\nRUN npm install\nRUN npm run build\nENTRYPOINT ["node"]\nCMD ["dist/bot.js"]\n',
    files: { 'package.json': '{"scripts":{"build":"tsc"}}' },
    lacks: [/\/usr\/local\/lib\/node_modules/],
    shown: [/npm \(installed globally\) left in the builder/],
  },
  {
    name: 'yarn start runs the globally installed yarn: it is copied, said why',
    dockerfile: 'FROM node:18-bookworm\nRUN npm install --global yarn@1.22.22\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\nCOPY . .\nRUN yarn build\nCMD ["yarn", "start"]\n',
    files: { 'package.json': '{"scripts":{"build":"esbuild src/app.js --bundle --outfile=public/app.js","start":"node server/index.js"}}', 'yarn.lock': '' },
    has: [/COPY --from=builder \/usr\/local\/lib\/node_modules \/usr\/local\/lib\/node_modules/, /COPY --from=builder \/usr\/local\/bin \/usr\/local\/bin/],
    shown: [/global npm packages copied \(\/usr\/local\/lib\/node_modules, \/usr\/local\/bin\): yarn$/],
  },
  {
    name: 'pm2 called by the npm script the command runs is copied',
    dockerfile: 'FROM node:20\nRUN npm i -g pm2\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["npm", "start"]\n',
    files: { 'package.json': '{"scripts":{"build":"tsc","prestart":"echo starting","start":"cross-env NODE_ENV=production pm2-runtime dist/index.js"},"dependencies":{"cross-env":"7"}}' },
    has: [/COPY --from=builder \/usr\/local\/lib\/node_modules/],
    shown: [/global npm packages copied[^\n]*: pm2-runtime/],
  },
  {
    name: 'a HEALTHCHECK through npx of a global tool keeps the global packages',
    dockerfile: 'FROM node:20\nRUN npm install -g healthcheck-cli@2\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nHEALTHCHECK CMD npx healthcheck-cli http://localhost:3000/\nCMD ["node", "dist/index.js"]\n',
    files: { 'package.json': '{"scripts":{"build":"tsc"}}' },
    has: [/COPY --from=builder \/usr\/local\/bin \/usr\/local\/bin/],
  },
  {
    name: 'a program nothing places may come from an unknown global package: kept, said why',
    dockerfile: 'FROM node:20\nRUN npm install -g @acme/tools\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["acme-serve", "dist"]\n',
    files: { 'package.json': '{"scripts":{"build":"tsc"}}' },
    has: [/COPY --from=builder \/usr\/local\/lib\/node_modules/],
    shown: [/acme-serve may be one of them/],
  },
  {
    name: 'yarn global add of a tool the command runs: yarn\'s global folder comes along',
    dockerfile: 'FROM node:18\nRUN yarn global add pm2@5\nWORKDIR /app\nCOPY . .\nRUN yarn install && yarn build\nCMD ["pm2-runtime", "dist/main.js"]\n',
    files: { 'package.json': '{"scripts":{"build":"tsc"}}' },
    has: [/COPY --from=builder \/usr\/local\/share\/\.config\/yarn\/global \/usr\/local\/share\/\.config\/yarn\/global/],
  },
  {
    name: "corepack's shims: left when the command is node, copied when it is pnpm",
    dockerfile: 'FROM node:20\nRUN corepack enable\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile && pnpm build\nCMD ["node", "dist/index.js"]\n',
    files: { 'package.json': '{"scripts":{"build":"tsc"}}', 'pnpm-lock.yaml': '' },
    lacks: [/\/usr\/local\/bin/],
    shown: [/corepack's shims \(installed globally\) left in the builder/],
  },
  {
    name: "corepack's shims copied for pnpm start, with COREPACK_HOME's cache",
    dockerfile: 'FROM node:20\nENV COREPACK_HOME=/opt/corepack\nRUN corepack enable pnpm\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile && pnpm build\nCMD ["pnpm", "start"]\n',
    files: { 'package.json': '{"scripts":{"build":"tsc","start":"node dist/index.js"}}', 'pnpm-lock.yaml': '' },
    has: [/COPY --from=builder \/usr\/local\/bin \/usr\/local\/bin/, /COPY --from=builder \/opt\/corepack \/opt\/corepack/],
  },
  {
    name: 'npm 6 prunes with --production',
    dockerfile: 'FROM node:14\nWORKDIR /app\nCOPY . .\nRUN npm install && npm run build\nCMD ["node", "build/server.js"]\n',
    has: [/RUN npm prune --production/],
  },
  {
    name: 'multi-module maven: the jar the command runs',
    dockerfile: 'FROM maven:3.9-eclipse-temurin-17\nWORKDIR /build\nCOPY . .\nRUN mvn -B -pl app -am package\nCMD ["java", "-jar", "app/target/app-1.0.jar"]\n',
    has: [/FROM eclipse-temurin:17-jre/, /COPY --from=builder \/build\/app\/target\/app-1\.0\.jar \/build\/app\/target\/app-1\.0\.jar/],
  },
  {
    name: 'serve -s on 3000: nginx keeps the port and the single-page fallback',
    dockerfile: 'FROM node:20\nWORKDIR /web\nCOPY . .\nRUN npm ci && npm run build\nRUN npm i -g serve\nCMD ["serve", "-s", "build", "-l", "3000"]\n',
    files: { 'package.json': '{"scripts":{"build":"react-scripts build"}}' },
    has: [/FROM nginx:alpine/, /listen 3000;/, /try_files \$uri \$uri\.html \$uri\/ \/index\.html;/, /EXPOSE 3000/],
  },
  {
    name: 'python:3.11-bookworm → python:3.11-slim-bookworm; debian:bookworm → debian:bookworm-slim',
    dockerfile: 'FROM python:3.11-bookworm\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
    has: [/FROM python:3\.11-slim-bookworm/],
  },
  {
    name: 'an unknown stack with nothing to gain: not offered',
    dockerfile: 'FROM perl:5.38\nWORKDIR /app\nCOPY . .\nRUN cpanm --installdeps .\nCMD ["perl", "app.pl"]\n',
    refused: /does not know what this perl:5\.38 stage builds/,
  },
  {
    name: 'an unknown build with a compiler: a TODO where the artifact is unknown, never a guess',
    dockerfile: 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential\nWORKDIR /src\nCOPY . .\nRUN ./build.sh\nCMD ["tool"]\n',
    files: { 'build.sh': '#!/bin/sh\nmake\n' },
    has: [/TODO\(stagecraft\)/, /COPY --from=builder <artifact> \/usr\/local\/bin\/tool/],
  },
  {
    name: 'mkdir on a shell-less runtime: left to WORKDIR, no RUN on distroless',
    dockerfile: 'FROM golang:1.22\nRUN mkdir /app\nWORKDIR /app\nCOPY . .\nRUN go build -o server\nENTRYPOINT ["./server"]\n',
    files: { 'go.mod': 'module x/s\n' },
    has: [/FROM gcr\.io\/distroless\/static-debian12\nWORKDIR \/app/],
    lacks: [/FROM gcr[^\n]*\n[\s\S]*RUN mkdir/],
  },
  {
    name: 'a musl binary of an unnamed image that uses apk runs on alpine',
    dockerfile: 'FROM acme/golang-gcc:latest\nCOPY . /src\nWORKDIR /src\nRUN apk add make && make build\nCMD /src/app\n',
    files: { Makefile: 'build:\n\tCGO_CFLAGS="-O2" go build -o app ./cmd\n', 'go.mod': 'module x/a\n' },
    has: [/FROM alpine:3\.20/, /COPY --from=builder \/src\/app \/src\/app/],
    labels: [/taken as alpine/],
  },
];

checkSplitCases('split into builder stage: runtime needs (check(input, expect))', CASES);
