import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const run = promisify(execFile);

function project(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-estimate-'));
  fs.writeFileSync(path.join(root, 'app.bin'), Buffer.alloc(250_000, 1));
  fs.writeFileSync(path.join(root, 'Dockerfile'), [
    'FROM golang:1.22 AS builder',
    'RUN CGO_ENABLED=0 go build -o /out/app .',
    'FROM builder AS test',
    'RUN go test ./...',
    'FROM gcr.io/distroless/static-debian12',
    'COPY --from=builder /out/app /app',
    'COPY app.bin /data/app.bin',
  ].join('\n'));
  return root;
}

test('stagecraft estimate --format json follows the contract: keys, integers, 0-based lines, shipped stages', async () => {
  const root = project();
  const { stdout } = await run(process.execPath, [CLI, 'estimate', '--format', 'json', '--offline', path.join(root, 'Dockerfile')]);
  const result = JSON.parse(stdout);
  assert.deepEqual(Object.keys(result), ['file', 'platform', 'target', 'stages', 'final']);
  assert.equal(result.platform, 'linux/amd64');
  assert.equal(result.target, '2');
  assert.deepEqual(result.stages.map((stage: { shipped: boolean }) => stage.shipped), [false, false, true]);
  for (const stage of result.stages) {
    assert.deepEqual(Object.keys(stage), ['index', 'name', 'base', 'shipped', 'bytes', 'range', 'parts']);
    assert.ok(Number.isInteger(stage.bytes.compressed) && Number.isInteger(stage.bytes.uncompressed));
    assert.ok(stage.range.low <= stage.bytes.uncompressed && stage.bytes.uncompressed <= stage.range.high);
    for (const part of stage.parts) assert.deepEqual(Object.keys(part), ['line', 'kind', 'bytes', 'source']);
  }
  const final = result.stages[2];
  assert.equal(final.base, 'gcr.io/distroless/static-debian12');
  assert.deepEqual(final.parts.map((part: { line: number; kind: string }) => `${part.line}:${part.kind}`), ['4:base', '5:copy', '6:copy']);
  assert.equal(final.parts[2].source, 'build-context');
  assert.deepEqual(result.final, final.bytes);
  assert.equal(result.stages[1].base, 'builder');
  assert.ok(result.stages[0].bytes.uncompressed > 500_000_000, 'a golang builder weighs hundreds of MB');
});

test('stagecraft estimate: --target, --platform and the text table', async () => {
  const root = project();
  const file = path.join(root, 'Dockerfile');
  const { stdout } = await run(process.execPath, [CLI, 'estimate', '--offline', '--target', 'test', '--platform', 'linux/arm64', '--format', 'json', file]);
  const result = JSON.parse(stdout);
  assert.equal(result.target, 'test');
  assert.equal(result.platform, 'linux/arm64');
  assert.deepEqual(result.stages.map((stage: { shipped: boolean }) => stage.shipped), [true, true, false]);
  const text = (await run(process.execPath, [CLI, 'estimate', '--offline', file])).stdout;
  assert.match(text, /Final image ≈ [\d.]+ [kM]B \([\d.]+ [kM]B to pull\) · \d+% smaller than shipping the builder/);
  assert.match(text, /^stage 'test' FROM builder \(not built by default/m);
  assert.match(text, /^stage 2 FROM gcr\.io\/distroless\/static-debian12 \(final image/m);
  assert.match(text, /everything of stage 'builder'/);
  assert.doesNotMatch(text, /stage \d+ stage \d+|stage stage/);
  await assert.rejects(run(process.execPath, [CLI, 'estimate', '--platform', 'linux/$X', file]), (error: { code: number; stderr: string }) => error.code === 2 && /--platform: 'linux\/\$X' holds a variable/.test(error.stderr));
  await assert.rejects(run(process.execPath, [CLI, 'estimate', path.join(root, 'missing')]), (error: { code: number; stderr: string }) => error.code === 2 && /no such file/.test(error.stderr));
});
