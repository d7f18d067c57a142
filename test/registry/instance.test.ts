import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getImageSizeService, setImageSizeService } from '../../server/src/registry/instance';
import type { ImagePlatformService, ImageSizeService } from '../../server/src/registry/types';

test('before the server sets it, the shared service refuses look-ups; afterwards it is the one set', async () => {
  const before = getImageSizeService();
  assert.deepEqual(await before.lookup({ image: 'golang:1.22', platform: { os: 'linux', architecture: 'amd64' } }), {
    ok: false,
    reason: 'registry look-ups are not set up yet',
  });
  assert.deepEqual(await before.platformsOf('golang:1.22'), { ok: false, reason: 'registry look-ups are not set up yet' });
  const fake: ImageSizeService & ImagePlatformService = { lookup: async () => ({ ok: false, reason: 'set by the test' }), platformsOf: async () => ({ ok: false, reason: 'set by the test' }) };
  setImageSizeService(fake);
  try {
    assert.equal(getImageSizeService(), fake);
  } finally {
    setImageSizeService(before);
  }
});
