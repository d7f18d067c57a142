/**
 * Split patterns found by the held-out corpus (test/corpus/index.tsv, set `heldout`): files graded
 * before any change was made for them. Each pattern is written here as a small Dockerfile of our own.
 */
import { checkSplitCases, type SplitCase } from '../support/splitCases';

const GO_MODULE = { 'go.mod': 'module x/svc\n', 'main.go': 'package main\n' };

const CASES: SplitCase[] = [
  // ---- Tags of older Debian releases keep their family's scheme.
  {
    name: 'ruby on stretch: the slim tag puts slim before the release (ruby:2.5.1-slim-stretch)',
    dockerfile: 'FROM ruby:2.5.1-stretch\nRUN apt-get update -qq && apt-get install -y build-essential libpq-dev\nWORKDIR /app\nCOPY . /app\nRUN bundle install\nCMD bundle exec rails s -b 0.0.0.0\n',
    files: { Gemfile: "source 'https://rubygems.org'\ngem 'rails'\ngem 'pg'\n", 'config.ru': '' },
    has: [/FROM ruby:2\.5\.1-slim-stretch\n/],
    lacks: [/stretch-slim/],
  },
  {
    name: 'python on buster keeps python\'s scheme too (python:3.7-slim-buster)',
    dockerfile: 'FROM python:3.7-buster\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
    files: { 'requirements.txt': 'flask\n', 'app.py': '' },
    has: [/FROM python:3\.7-slim-buster\n/],
  },

  // ---- CA roots: the toolchain image had them, debian slim has none.
  {
    name: 'a Go binary on debian slim gets the CA roots golang had (its HTTPS calls need them)',
    dockerfile: 'FROM golang:1.22-bookworm\nRUN apt-get update && apt-get install -y ffmpeg\nWORKDIR /app\nCOPY . .\nRUN go build -o bot .\nCMD ["/app/bot"]\n',
    files: GO_MODULE,
    has: [/FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ffmpeg ca-certificates /],
    labels: [/ffmpeg, ca-certificates reinstalled/],
  },
  {
    name: 'no CA roots added where the original base had none (debian:bookworm, not a toolchain image)',
    dockerfile: 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make libc6-dev tini\nWORKDIR /src\nCOPY . .\nRUN make\nENTRYPOINT ["tini", "--", "/src/bin/tool"]\n',
    files: { Makefile: 'all:\n\tmkdir -p bin && gcc -o bin/tool main.c\n', 'main.c': '' },
    lacks: [/ca-certificates/],
  },
  {
    name: 'distroless static already has the CA roots: nothing to install',
    dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["/app/server"]\n',
    files: GO_MODULE,
    has: [/FROM gcr\.io\/distroless\/static-debian12/],
    lacks: [/ca-certificates/],
  },

  // ---- Steps that finish the build stay in the builder.
  {
    name: 'a RUN after the build that puts the jar the command runs in place belongs to the build; chmod of a context file is not replayed',
    dockerfile: 'FROM eclipse-temurin:17-jdk\nCOPY . .\nRUN chmod u+x ./gradlew\nRUN ./gradlew bootJar\nRUN cp ./build/libs/*.jar app.jar\nENTRYPOINT ["java", "-jar", "/app.jar"]\n',
    files: { 'build.gradle': "plugins { id 'java' }\n", gradlew: '', 'src/main/java/App.java': '' },
    has: [/RUN \.\/gradlew bootJar\nRUN cp \.\/build\/libs\/\*\.jar app\.jar\n/, /FROM eclipse-temurin:17-jre\nCOPY --from=builder \/app\.jar \/app\.jar\nENTRYPOINT/],
    lacks: [/jre[\s\S]*chmod/, /jre[\s\S]*RUN cp/],
  },

  // ---- The base image's WORKDIR.
  {
    name: 'gradle builds in /home/gradle (its WORKDIR): the jar is copied from there and the runtime keeps that working directory',
    dockerfile: 'FROM gradle:8.5-jdk17-alpine\nCOPY . .\nRUN gradle build\nEXPOSE 8080\nENTRYPOINT ["java", "-jar", "build/libs/app-0.0.1.jar"]\n',
    files: { 'build.gradle': "plugins { id 'java' }\n", 'settings.gradle': "rootProject.name = 'app'\n", 'src/main/java/App.java': '' },
    has: [/FROM eclipse-temurin:17-jre-alpine\nWORKDIR \/home\/gradle\nCOPY --from=builder \/home\/gradle\/build\/libs\/app-0\.0\.1\.jar \/home\/gradle\/build\/libs\/app-0\.0\.1\.jar\n/],
    labels: [/working directory \/home\/gradle kept/],
    lacks: [/COPY --from=builder \/build\//],
  },
  {
    name: 'golang without a WORKDIR of its own builds in /go',
    dockerfile: 'FROM golang:1.22\nCOPY . .\nRUN go build -o app .\nCMD ["./app"]\n',
    files: GO_MODULE,
    has: [/WORKDIR \/go\nCOPY --from=builder \/go\/app \/go\/app\n/],
  },
  {
    name: 'an absolute WORKDIR of the stage wins over the image\'s: nothing added',
    dockerfile: 'FROM gradle:8.5-jdk17\nWORKDIR /src\nCOPY . .\nRUN gradle build\nENTRYPOINT ["java", "-jar", "build/libs/app.jar"]\n',
    files: { 'build.gradle': "plugins { id 'java' }\n", 'src/main/java/App.java': '' },
    has: [/COPY --from=builder \/src\/build\/libs\/app\.jar \/src\/build\/libs\/app\.jar/],
    lacks: [/home\/gradle/],
  },

  // ---- Node: a devDependency the server's code imports survives the prune.
  {
    name: 'node dist/main.js compiled from src/main.ts, whose import chain reaches a devDependency: no prune, labelled',
    dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["node", "dist/main.js"]\n',
    files: {
      'package.json': JSON.stringify({ scripts: { build: 'tsc' }, dependencies: { express: '4' }, devDependencies: { typescript: '5', 'styled-components': '6', '@types/express': '4' } }),
      'package-lock.json': '{}',
      'src/main.ts': "import express from 'express';\nimport { render } from './render';\n",
      'src/render/index.tsx': "import type { Config } from 'typescript';\nimport styled from 'styled-components';\n",
    },
    lacks: [/npm prune/],
    labels: [/dev dependencies kept: the code src\/main\.ts loads imports styled-components/],
  },
  {
    name: 'the same server importing only dependencies (and a devDependency for its types only): pruned',
    dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["npm", "start"]\n',
    files: {
      'package.json': JSON.stringify({ scripts: { build: 'tsc', start: 'node dist/main.js' }, dependencies: { express: '4' }, devDependencies: { typescript: '5', 'styled-components': '6' } }),
      'package-lock.json': '{}',
      'src/main.ts': "import express from 'express';\nimport type { Config } from 'typescript';\nconst x = Array.from('styled-components');\n",
    },
    has: [/RUN npm prune --omit=dev/],
  },

  // ---- The working directory holds only the files the build names.
  {
    name: 'COPY of named sources and manifests into the working directory: nothing else there to read, no TODO',
    dockerfile: 'FROM golang:alpine\nRUN mkdir /app\nCOPY go.mod /app\nCOPY go.sum /app\nCOPY main.go /app\nWORKDIR /app\nRUN go build -o main .\nCMD ["/app/main"]\n',
    files: { ...GO_MODULE, 'go.sum': '', 'README.md': '' },
    has: [/COPY --from=builder \/app\/main \/app\/main/],
    flagged: false,
  },
  {
    name: 'a named data file among them is copied along',
    dockerfile: 'FROM golang:alpine\nRUN mkdir /app\nCOPY main.go go.mod settings.yaml /app/\nWORKDIR /app\nRUN go build -o main .\nCMD ["/app/main"]\n',
    files: { ...GO_MODULE, 'settings.yaml': '' },
    has: [/COPY --from=builder \/app\/settings\.yaml \/app\/settings\.yaml/],
    lacks: [/COPY --from=builder \/app\/main\.go/],
    labels: [/files of \/app copied: settings\.yaml/],
    flagged: false,
  },

  {
    name: 'a COPY from outside the folder (../..) is no named file: never COPY / /',
    dockerfile: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y gcc make\nWORKDIR /srv\nCOPY ../.. .\nRUN make\nCMD ["./build/app", "conf/app.conf"]\n',
    files: { Makefile: 'all:\n\tmkdir -p build && gcc -o build/app main.c\n', 'main.c': '' },
    lacks: [/COPY --from=builder \/ \//],
  },

  // ---- Dotfiles: the app's own are data, the tools' are not.
  {
    name: 'a dotfile the app reads from its working directory (.apiConfig) is copied; tool dotfiles are not',
    dockerfile: 'FROM golang:1.21-alpine\nWORKDIR /app\nADD . /app\nRUN go build -o main .\nCMD ["/app/main"]\n',
    files: { ...GO_MODULE, '.apiConfig': '{}', '.gitignore': 'main\n', '.dockerignore': '.git\n', '.editorconfig': '', '.golangci.yml': '', '.github/workflows/ci.yml': '', '.eslintrc.json': '' },
    has: [/COPY --from=builder \/app\/\.apiConfig \/app\/\.apiConfig/],
    lacks: [/\.gitignore/, /\.github/, /\.editorconfig/, /\.golangci/, /\.eslintrc/, /COPY --from=builder \/app\/\.dockerignore/],
    labels: [/files of \/app copied: \.apiConfig/],
  },

  // ---- The official gcc image builds with a GCC newer than its Debian release's libstdc++.
  {
    name: 'a C++ binary from gcc:14 (bookworm, whose libstdc++ is GCC 12\'s) gets the builder\'s libstdc++ and libgcc_s',
    dockerfile: 'FROM gcc:14\nWORKDIR /src\nCOPY . .\nRUN g++ -std=c++20 -O2 -o /usr/local/bin/tally main.cpp\nENTRYPOINT ["tally"]\n',
    files: { 'main.cpp': 'int main() {}\n' },
    has: [/COPY --from=builder \/usr\/local\/lib64\/libstdc\+\+\.so\.6 \/usr\/local\/lib64\/libgcc_s\.so\.1 \/usr\/local\/lib64\/\nENV LD_LIBRARY_PATH=\/usr\/local\/lib64\n/],
    shown: [/libstdc\+\+ and libgcc_s of GCC 14 copied from the builder/],
  },
  {
    name: 'gcc:12-bookworm: its GCC is the release\'s own, nothing copied',
    dockerfile: 'FROM gcc:12-bookworm\nWORKDIR /src\nCOPY . .\nRUN g++ -O2 -o /usr/local/bin/tally main.cpp\nENTRYPOINT ["tally"]\n',
    files: { 'main.cpp': 'int main() {}\n' },
    lacks: [/libstdc\+\+/, /LD_LIBRARY_PATH/],
  },

  // ---- Files put in place before the build, under a folder the runtime uses.
  {
    name: 'cp -r of context files into the app folder before the build: the filled folder is copied, not only its mkdir',
    dockerfile: 'FROM gcc:12-bookworm\nWORKDIR /app\nCOPY . .\nRUN mkdir -p var/www/html && cp -r site var/www/html\nRUN gcc -O2 -o /app/server server.c\nEXPOSE 80\nCMD ["/app/server"]\n',
    files: { 'server.c': 'int main(){}\n', 'site/index.html': '<p>hi</p>\n' },
    has: [/COPY --from=builder \/app\/var\/www\/html \/app\/var\/www\/html\n/],
    shown: [/files put in place before the build copied: \/app\/var\/www\/html/],
  },
  {
    name: 'cp of a source file put in place for the build (config.h): not copied',
    dockerfile: 'FROM gcc:12-bookworm\nWORKDIR /src\nCOPY . .\nRUN cp config.example.h config.h\nRUN gcc -O2 -o /usr/local/bin/tool main.c\nCMD ["tool"]\n',
    files: { 'main.c': 'int main(){}\n', 'config.example.h': '' },
    lacks: [/COPY --from=builder \/src\/config\.h/],
  },
];

checkSplitCases('split into builder stage: patterns from the held-out corpus (check(input, expect))', CASES);
