import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildStageModel } from '../../server/src/model/stageModel';
import { detectStack } from '../../server/src/knowledge/stackDetection';
import type { ContextFiles } from '../../server/src/workspace/contextFiles';

function contextOf(files: Record<string, string>): ContextFiles {
  return { exists: (p) => p in files, read: (p) => files[p.replace(/^\.\//, '')] };
}

function detect(text: string, files: Record<string, string> = {}) {
  const model = buildStageModel(text);
  return detectStack(model, model.stages.length - 1, contextOf(files));
}

describe('detectStack', () => {
  it('reads a Go build: artifact from -o, CGO from the command, glibc base', () => {
    const info = detect('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o bin/api ./cmd/api\nCMD ["/src/bin/api"]\n');
    assert.equal(info.stack, 'go');
    assert.equal(info.toolchain, 'go');
    assert.deepEqual(info.artifact, { path: '/src/bin/api', kind: 'file', source: 'build-command' });
    assert.equal(info.goCgo, 'disabled');
    assert.equal(info.baseLibc, 'glibc');
    assert.equal(info.needsShell, false);
    assert.equal(info.shippedToolchain, 'the Go toolchain');
    assert.equal(info.languageVersion, '1.22');
  });

  it('names a Go binary after the module when there is no -o, and sees CGO left at its default', () => {
    const info = detect('FROM golang:1.21-alpine\nWORKDIR /app\nCOPY . .\nRUN go build\nCMD ./shop\n', { 'go.mod': 'module github.com/acme/shop\n\ngo 1.21\n' });
    assert.equal(info.artifact?.path, '/app/shop');
    assert.equal(info.artifact?.source, 'manifest');
    assert.equal(info.goCgo, 'default');
    assert.equal(info.baseLibc, 'musl');
    assert.equal(info.needsShell, true, 'shell-form CMD');
  });

  it('takes the Rust binary name from Cargo.toml and the musl target from the command', () => {
    const info = detect('FROM rust:1.77\nWORKDIR /usr/src/app\nCOPY . .\nRUN cargo build --release --target x86_64-unknown-linux-musl\n', { 'Cargo.toml': '[package]\nname = "ticker"\nversion = "0.1.0"\n' });
    assert.equal(info.stack, 'rust');
    assert.equal(info.artifact?.path, '/usr/src/app/target/x86_64-unknown-linux-musl/release/ticker');
    assert.equal(info.rustTarget, 'x86_64-unknown-linux-musl');
  });

  it('follows `cd` inside a RUN and reads the output folder from package.json', () => {
    const info = detect('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && cd web && npm run build\nCMD ["npx", "serve", "-s", "web/dist"]\n', { 'web/package.json': '{"scripts":{"build":"vite build"}}' });
    assert.equal(info.stack, 'static');
    assert.equal(info.artifact?.path, '/app/web/dist');
    assert.equal(info.servesStaticFiles, true);
    assert.deepEqual(info.commands.map((c) => `${c.tool}:${c.role}`), ['npm:dependencies', 'npm:build']);
  });

  it('reads Java versions and the jar from the entrypoint', () => {
    const info = detect('FROM maven:3.9-eclipse-temurin-17\nWORKDIR /build\nCOPY . .\nRUN mvn -B package -DskipTests\nENTRYPOINT ["java", "-jar", "target/app.jar"]\n');
    assert.equal(info.stack, 'java');
    assert.equal(info.toolchain, 'maven');
    assert.equal(info.languageVersion, '17');
    assert.equal(info.artifact?.path, '/build/target/app.jar');
  });

  it('leaves the artifact unknown for a bare make', () => {
    const info = detect('FROM debian:12\nRUN apt-get update && apt-get install -y build-essential\nCOPY . /src\nRUN make -C /src\n');
    assert.equal(info.stack, 'c');
    assert.equal(info.installsCompiler, true);
    assert.equal(info.artifact, undefined);
  });

  it('sees TLS hints, runtime RUNs and user creation as needing a shell', () => {
    const info = detect('FROM python:3.12\nRUN pip install -r requirements.txt\nRUN useradd app\nENV API=https://api.example.com\nCMD ["python", "app.py"]\n');
    assert.equal(info.stack, 'python');
    assert.equal(info.usesTls, true);
    assert.equal(info.needsShell, true);
    assert.match(info.shippedToolchain ?? '', /gcc/);
  });

  it('finds no toolchain in a plain runtime image', () => {
    const info = detect('FROM node:20-slim\nCOPY . .\nCMD ["node", "server.js"]\n');
    assert.equal(info.shippedToolchain, undefined);
    assert.equal(info.buildCommands.length, 0);
    assert.equal(info.lastBuildInstruction, -1);
  });
});
