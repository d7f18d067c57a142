/** One reading of a platform for the CLI, the settings, the size catalog and the registry. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPlatform, normalizePlatform, parsePlatform, platformProblem } from '../../server/src/registry/platform';
import { catalogArch } from '../../server/src/size/platform';

test('parsePlatform reads os/arch[/variant] and folds the architecture aliases', () => {
  const cases: [string, string | undefined][] = [
    ['linux/amd64', 'linux/amd64'],
    [' Linux/ARM64 ', 'linux/arm64'],
    ['linux/arm64/v8', 'linux/arm64/v8'],
    ['linux/arm/v7', 'linux/arm/v7'],
    ['linux/x86_64', 'linux/amd64'],
    ['linux/aarch64', 'linux/arm64'],
    ['linux/armhf', 'linux/arm/v7'],
    ['linux/armel', 'linux/arm/v6'],
    ['linux/i386', 'linux/386'],
    ['arm64', 'linux/arm64'],
    ['windows/amd64', 'windows/amd64'],
    ['', undefined],
    ['linux/$TARGETARCH', undefined],
    ['amd64/linux', undefined],
    ['linux/amd65', undefined],
    ['linux/arm/v7/extra', undefined],
    ['linux//amd64', undefined],
    ['linux amd64', undefined],
  ];
  for (const [text, expected] of cases) {
    const parsed = parsePlatform(text);
    assert.equal(parsed && formatPlatform(parsed), expected, text);
  }
});

test('platformProblem says what is wrong', () => {
  assert.equal(platformProblem('linux/amd64'), undefined);
  assert.match(platformProblem('amd64/linux')!, /unknown operating system 'amd64'/);
  assert.match(platformProblem('linux/amd65')!, /unknown architecture 'amd65'/);
  assert.match(platformProblem('linux/arm/v7/x')!, /not os\/arch\[\/variant\]/);
  assert.match(platformProblem('linux/$ARCH')!, /variable/);
});

test('matching adds the default variants; the catalog names follow the same aliases', () => {
  assert.deepEqual(normalizePlatform(parsePlatform('linux/aarch64')!), { os: 'linux', architecture: 'arm64', variant: 'v8' });
  assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'armhf' }), { os: 'linux', architecture: 'arm', variant: 'v7' });
  assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'amd64', variant: 'v1' }), { os: 'linux', architecture: 'amd64', variant: '' });
  assert.equal(catalogArch(parsePlatform('linux/armhf')!), 'arm32v7');
  assert.equal(catalogArch(parsePlatform('linux/armel')!), 'arm32v6');
  assert.equal(catalogArch(parsePlatform('linux/x86_64')!), 'amd64');
  assert.equal(catalogArch(parsePlatform('linux/i686')!), 'i386');
});
