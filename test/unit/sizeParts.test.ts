import { test } from 'node:test';
import { SIZE_CONSTANTS } from '../../server/src/size/sizeConstants';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildStageGraph } from '../../server/src/model/stageGraph';
import { buildStageModel } from '../../server/src/model/stageModel';
import { readBuildContext } from '../../server/src/size/buildContext';
import { DockerIgnore } from '../../server/src/size/dockerignore';
import { estimateDockerfile } from '../../server/src/size/estimator';
import { tarEntryBytes } from '../../server/src/size/layerBytes';
import { aptInstallSize } from '../../server/src/size/packageSizes';
import { splitShell } from '../../server/src/model/shellCommands';
import { parseByteCount } from '../../server/src/size/runStep';

function workspace(files: Record<string, string | number>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-size-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), typeof content === 'number' ? Buffer.alloc(content, 7) : content);
  }
  return root;
}

function estimate(text: string, root?: string) {
  const model = buildStageModel(text);
  const context = root ? readBuildContext(root, path.join(root, 'Dockerfile')) : undefined;
  return estimateDockerfile(model, buildStageGraph(model), { file: 'Dockerfile', context, wantLookups: false });
}

test('.dockerignore: wildcards, ** and exceptions, last match wins, directories exclude their contents', () => {
  const ignore = new DockerIgnore('# comment\nnode_modules\n**/*.log\n*.md\n!README.md\n/build/\ntmp?\n[ab].txt\n');
  assert.equal(ignore.ignores('node_modules/x/index.js'), true);
  assert.equal(ignore.ignores('src/deep/debug.log'), true);
  assert.equal(ignore.ignores('debug.log'), true);
  assert.equal(ignore.ignores('NOTES.md'), true);
  assert.equal(ignore.ignores('README.md'), false);
  assert.equal(ignore.ignores('docs/NOTES.md'), false, '*.md only matches at the top');
  assert.equal(ignore.ignores('build/out.js'), true);
  assert.equal(ignore.ignores('tmp1/a'), true);
  assert.equal(ignore.ignores('a.txt'), true);
  assert.equal(ignore.ignores('c.txt'), false);
  assert.equal(ignore.canSkipDirectory('node_modules'), true);
});

test('the build context honours <Dockerfile>.dockerignore over .dockerignore', () => {
  const root = workspace({ 'a.bin': 1000, 'b.bin': 2000, '.dockerignore': 'a.bin\n', 'Dockerfile.dockerignore': 'b.bin\n', Dockerfile: 'FROM scratch\n' });
  const context = readBuildContext(root, path.join(root, 'Dockerfile'));
  const names = context.files.map((file) => file.path).sort();
  assert.ok(names.includes('a.bin'));
  assert.ok(!names.includes('b.bin'));
  assert.equal(path.basename(context.ignoreFile ?? ''), 'Dockerfile.dockerignore');
});

test('COPY from the build context counts the real bytes of the matched files as tar entries', () => {
  const root = workspace({ 'src/a.js': 1500, 'src/b.js': 700, 'src/skip.log': 9000, 'data/big.bin': 100_000, '.dockerignore': '**/*.log\n', Dockerfile: '' });
  const result = estimate('FROM scratch\nCOPY src /app/\nCOPY data/*.bin /data/\n', root);
  const [, copySrc, copyData] = result.stages[0].parts;
  assert.equal(copySrc.source, 'build-context');
  // two files + the src directory entry + /app header
  assert.equal(copySrc.bytes.uncompressed, tarEntryBytes(1500) + tarEntryBytes(700) + 512 + 512);
  assert.equal(copySrc.bytes.low, copySrc.bytes.high);
  assert.equal(copyData.bytes.uncompressed, tarEntryBytes(100_000) + 512);
  assert.equal(result.final.uncompressed, copySrc.bytes.uncompressed + copyData.bytes.uncompressed);
});

test('COPY --from a stage takes the files that stage copied or wrote; the same RUN removing a file subtracts it', () => {
  const root = workspace({ 'payload.bin': 50_000, Dockerfile: '' });
  const result = estimate([
    'FROM busybox AS builder',
    'COPY payload.bin /src/payload.bin',
    'RUN dd if=/dev/zero of=/out/zeros bs=1M count=3 && head -c 20000 /dev/urandom > /out/random && head -c 5000 /dev/zero > /tmp/gone && rm -f /tmp/gone',
    'FROM scratch',
    'COPY --from=builder /src/payload.bin /out/ /',
  ].join('\n'), root);
  const run = result.stages[0].parts[2];
  assert.equal(run.source, 'command');
  assert.equal(run.bytes.uncompressed, 1024 + tarEntryBytes(3 * 1024 * 1024) + tarEntryBytes(20_000));
  const copy = result.stages[1].parts[1];
  assert.equal(copy.bytes.uncompressed, tarEntryBytes(50_000) + tarEntryBytes(3 * 1024 * 1024) + tarEntryBytes(20_000));
  // zeros compress to almost nothing, random bytes not at all
  assert.ok(copy.bytes.compressed < 50_000 + 20_000 + 20_000, String(copy.bytes.compressed));
  assert.equal(result.stages[1].shipped, true);
  assert.equal(result.stages[0].shipped, false);
});

test('COPY --from of a build output that exists in the build context uses the real file; otherwise a stack model', () => {
  const root = workspace({ 'bin/server': 4_000_000, 'go.mod': 'module x\n\nrequire (\n\tgithub.com/a/b v1.0.0\n\tgithub.com/c/d v1.2.0\n)\n', 'main.go': 'package main\nimport "net/http"\n', '.dockerignore': 'bin\n', Dockerfile: '' });
  const measured = estimate('FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nFROM scratch\nCOPY --from=build /src/bin/server /server\n', root);
  assert.equal(measured.stages[1].parts[1].source, 'build-context');
  assert.ok(Math.abs(measured.stages[1].parts[1].bytes.uncompressed - 4_000_000) < 2000);
  const modelled = estimate('FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /app ./cmd\nFROM scratch\nCOPY --from=build /app /app\n', root);
  const part = modelled.stages[1].parts[1];
  assert.equal(part.source, 'heuristic');
  assert.match(part.detail, /Go binary model: net\/http, 2 modules/);
  assert.ok(part.bytes.low < part.bytes.uncompressed && part.bytes.uncompressed < part.bytes.high);
  // The go build leaves its caches in the builder stage.
  assert.match(modelled.stages[0].parts.at(-1)!.detail, /Go build cache/);
});

test('RUN package installs use Debian Installed-Size; clean-up in the same RUN subtracts the apt lists', () => {
  const curl = aptInstallSize(['curl'], false);
  assert.ok(curl.known.includes('curl'));
  assert.ok(curl.bytes > 489 * 1024, 'the closure is more than curl itself');
  const withLists = estimate('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n');
  const cleaned = estimate('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n');
  const difference = withLists.stages[0].parts[1].bytes.uncompressed - cleaned.stages[0].parts[1].bytes.uncompressed;
  assert.equal(difference, SIZE_CONSTANTS.aptLists.value);
  const apk = estimate('FROM alpine:3.20\nRUN apk add --no-cache curl\n');
  const apkCached = estimate('FROM alpine:3.20\nRUN apk add curl\n');
  assert.ok(apkCached.final.uncompressed > apk.final.uncompressed);
  const pip = estimate('FROM python:3.12-slim\nRUN pip install numpy\n');
  const pipNoCache = estimate('FROM python:3.12-slim\nRUN pip install --no-cache-dir numpy\n');
  assert.ok(pip.final.uncompressed > pipNoCache.final.uncompressed);
});

test('shell reading: commands, redirections and byte counts', () => {
  const commands = splitShell('set -e; head -c 10M /dev/zero > "/a b" && echo hi 2>/dev/null | tee x');
  assert.deepEqual(commands.map((command) => command.argv[0]), ['set', 'head', 'echo', 'tee']);
  assert.deepEqual(commands[1].redirectsTo, ['/a b']);
  assert.equal(commands[3].piped, true);
  assert.equal(parseByteCount('10M'), 10 * 1024 * 1024);
  assert.equal(parseByteCount('1MB'), 1_000_000);
  assert.equal(parseByteCount('3k'), 3072);
  assert.equal(parseByteCount('x'), undefined);
});
