import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createBuildah, skipUnavailable } from '../support/buildah';

test('buildah builds a two-stage Dockerfile offline on the busybox base', { timeout: 240_000 }, async (t) => {
  const buildah = await createBuildah();
  if ('unavailable' in buildah) return skipUnavailable(t, buildah.unavailable);
  const contextDir = await fs.mkdtemp(path.join(os.tmpdir(), 'stagecraft-context-'));
  try {
    const payload = Buffer.alloc(300_000, 7);
    await fs.writeFile(path.join(contextDir, 'payload.bin'), payload);
    const base = await buildah.busyboxBase();
    assert.equal(await buildah.busyboxBase(), base, 'the base is cached per instance');
    const baseSize = await buildah.imageSize(base);
    // busybox-static is about 2 MB; the layer holds it plus tar headers of the applet links.
    const busyboxBytes = (await fs.stat('/bin/busybox')).size;
    assert.ok(baseSize > busyboxBytes && baseSize < busyboxBytes + 1_000_000, `base size ${baseSize}`);

    await buildah.build({
      contextDir,
      tag: 'localhost/two-stage:1',
      dockerfileText: [
        `FROM ${base} AS build`,
        'RUN mkdir -p /out && echo built-in-stage-one > /out/artifact.txt',
        'COPY payload.bin /out/payload.bin',
        `FROM ${base}`,
        'COPY --from=build /out/ /app/',
        '',
      ].join('\n'),
    });

    assert.equal(await buildah.run('localhost/two-stage:1', ['cat', '/app/artifact.txt']), 'built-in-stage-one\n');
    const layers = await buildah.layers('localhost/two-stage:1');
    assert.equal(layers.length, 2, 'base layer + the COPY --from layer');
    assert.equal(layers[0].bytes, baseSize);
    const added = layers[1].bytes;
    assert.ok(added >= payload.length && added < payload.length + 16_384, `COPY layer ${added} bytes`);
    assert.equal(await buildah.imageSize('localhost/two-stage:1'), baseSize + added);

    const failed = await buildah.tryBuild({ contextDir, tag: 'localhost/broken:1', dockerfileText: `FROM ${base}\nRUN exit 3\n` });
    assert.equal(failed.ok, false);
  } finally {
    await buildah.dispose();
    await fs.rm(contextDir, { recursive: true, force: true });
  }
});
