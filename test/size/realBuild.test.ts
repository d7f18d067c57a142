import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildStageGraph } from '../../server/src/model/stageGraph';
import { buildStageModel } from '../../server/src/model/stageModel';
import { readBuildContext } from '../../server/src/size/buildContext';
import { estimateDockerfile } from '../../server/src/size/estimator';
import { createBuildah, skipUnavailable } from '../support/buildah';

/** Stated tolerance: the estimate of a multi-stage image built for real is within 10 % of buildah's exact size. */
const TOLERANCE = 0.1;

test('the estimate of a real multi-stage buildah image is within 10 % of its exact size', { timeout: 300_000 }, async (t) => {
  const buildah = await createBuildah();
  if ('unavailable' in buildah) return skipUnavailable(t, buildah.unavailable);
  const contextDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-size-build-'));
  try {
    const base = await buildah.busyboxBase();
    fs.mkdirSync(path.join(contextDir, 'data/nested'), { recursive: true });
    fs.writeFileSync(path.join(contextDir, 'data/a.bin'), Buffer.alloc(700_000, 3));
    fs.writeFileSync(path.join(contextDir, 'data/nested/b.txt'), 'x'.repeat(40_000));
    fs.writeFileSync(path.join(contextDir, 'app.txt'), 'hello\n'.repeat(2000));
    fs.writeFileSync(path.join(contextDir, 'ignored.bin'), Buffer.alloc(3_000_000, 1));
    fs.writeFileSync(path.join(contextDir, '.dockerignore'), 'ignored.bin\n');
    const dockerfile = [
      `FROM ${base} AS builder`,
      'COPY data /src/data',
      'RUN mkdir -p /out && dd if=/dev/zero of=/out/zeros bs=1024 count=2048 && head -c 300000 /dev/urandom > /out/random',
      `FROM ${base} AS unused`,
      'RUN head -c 5000000 /dev/zero > /big',
      `FROM ${base}`,
      'COPY --from=builder /out/ /out/',
      'COPY --from=builder /src/data /data',
      'COPY . /app/',
      'RUN head -c 100000 /dev/urandom > /tmp/x',
    ].join('\n');
    fs.writeFileSync(path.join(contextDir, 'Dockerfile'), dockerfile);
    await buildah.build({ dockerfile: 'Dockerfile', contextDir, tag: 'localhost/size-test:1' });
    const exact = await buildah.imageSize('localhost/size-test:1');
    const baseSize = await buildah.imageSize(base);
    const model = buildStageModel(dockerfile);
    const estimate = estimateDockerfile(model, buildStageGraph(model), {
      file: 'Dockerfile',
      context: readBuildContext(contextDir, path.join(contextDir, 'Dockerfile')),
      knownImages: new Map([[base, { uncompressed: baseSize, compressed: baseSize }]]),
      wantLookups: false,
    });
    const error = Math.abs(estimate.final.uncompressed - exact) / exact;
    t.diagnostic(`exact ${exact} bytes, estimated ${estimate.final.uncompressed} bytes, error ${(error * 100).toFixed(2)} %`);
    assert.ok(error <= TOLERANCE, `estimate ${estimate.final.uncompressed} vs exact ${exact}: ${(error * 100).toFixed(1)} %`);
    // The layers added on top of the base are estimated within the same tolerance, not just hidden by it.
    const added = exact - baseSize;
    const addedError = Math.abs(estimate.final.uncompressed - baseSize - added) / added;
    assert.ok(addedError <= TOLERANCE, `added layers: ${(addedError * 100).toFixed(1)} %`);
    assert.equal(estimate.stages[1].role, 'not-built');
  } finally {
    await buildah.dispose();
    fs.rmSync(contextDir, { recursive: true, force: true });
  }
});
