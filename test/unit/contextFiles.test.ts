import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { directoryContext } from '../../server/src/workspace/contextFiles';

test('build-context reads stay inside the context: ../ and absolute paths read as missing', () => {
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-context-'));
  try {
    mkdirSync(join(root, 'ctx'));
    writeFileSync(join(root, 'ctx', 'go.mod'), 'module example.com/app\n');
    writeFileSync(join(root, 'secret.txt'), 'outside');
    const context = directoryContext(join(root, 'ctx'));
    assert.equal(context.read('go.mod'), 'module example.com/app\n');
    assert.equal(context.read('../secret.txt'), undefined);
    assert.equal(context.read(join(root, 'secret.txt')), undefined);
    assert.equal(context.exists('../secret.txt'), false);
    assert.equal(directoryContext(join(root, 'ctx'), 5).read('go.mod'), undefined, 'over the size limit');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
