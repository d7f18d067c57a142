/**
 * The shipped size catalog is generated data: it regenerates byte for byte from the table kept in
 * the repository (server/data/image-sizes.tsv, sources in server/data/image-sizes.md).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../..');

test('server/data/size-catalog.json regenerates byte for byte from server/data/image-sizes.tsv', { timeout: 120_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-catalog-'));
  try {
    const output = path.join(dir, 'size-catalog.json');
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generate-size-catalog.ts', 'server/data/image-sizes.tsv', output], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    assert.ok(fs.readFileSync(output).equals(fs.readFileSync(path.join(root, 'server/data/size-catalog.json'))), 'the committed catalog differs from the generated one');
    // The table credits its sources in every row.
    const rows = fs.readFileSync(path.join(root, 'server/data/image-sizes.tsv'), 'utf8').trim().split('\n').slice(1);
    assert.ok(rows.length > 300);
    assert.deepEqual(rows.filter((row) => !/repo-info|secondary source/.test(row.split('\t')[7] ?? '')), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
