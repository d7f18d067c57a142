/** Every cache has a cap and an eviction rule: the LRU helper, registry answers on disk, build-context files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { recall, remember } from '../../server/src/registry/boundedMap';
import { MAX_ON_DISK, SizeCache } from '../../server/src/registry/cache';
import { ContextFileCache } from '../../server/src/workspace/contextFiles';

test('remember keeps the most recently used entries up to the cap', () => {
  const map = new Map<string, number>();
  for (let i = 0; i < 10; i++) remember(map, `k${i}`, i, 3);
  assert.deepEqual([...map.keys()], ['k7', 'k8', 'k9']);
  recall(map, 'k7');
  remember(map, 'k10', 10, 3);
  assert.deepEqual([...map.keys()], ['k9', 'k7', 'k10']);
});

test('registry answers on disk are pruned to the cap (oldest first)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-cache-cap-'));
  try {
    const cache = new SizeCache(dir, 60_000);
    const size = { compressedBytes: 1, layers: 1, digest: 'sha256:x', fetchedAt: Date.now() } as never;
    for (let i = 0; i < MAX_ON_DISK + 60; i++) await cache.set(`image${i}|linux/amd64`, size, false);
    const files = fs.readdirSync(path.dirname(cache.fileFor('x'))).filter((name) => name.endsWith('.json'));
    assert.ok(files.length <= MAX_ON_DISK + 50, `${files.length} files`);
    assert.ok(files.length >= MAX_ON_DISK, 'recent answers kept');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the build-context file cache drops the oldest files past its entry and byte caps', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-files-cap-'));
  try {
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(dir, `f${i}`), 'x'.repeat(100));
    const cache = new ContextFileCache(60_000, 5, 1_000_000);
    await cache.load(dir, Array.from({ length: 20 }, (_, i) => `file:f${i}`));
    assert.equal(cache.size, 5);
    const bytes = new ContextFileCache(60_000, 100, 250);
    await bytes.load(dir, Array.from({ length: 20 }, (_, i) => `file:f${i}`));
    assert.ok(bytes.size <= 2, `${bytes.size} entries of 100 bytes under a 250-byte cap`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
