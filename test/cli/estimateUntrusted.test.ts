/**
 * `stagecraft estimate` on an untrusted Dockerfile in CI: no registry is contacted when `CI` is
 * set unless `--registry` asks for it; `--offline` always wins. A real loopback HTTP server named
 * in FROM records whether anything reached it. Also: an invalid COPY pattern or a huge `dd` does
 * not fail the estimate, and the JSON stays integral.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { lookupsWanted } from '../../server/src/cli/estimate';
import { startLoopbackServer } from '../support/loopbackServers';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const run = promisify(execFile);

test('lookupsWanted: CI turns look-ups off unless --registry; --offline always wins', () => {
  assert.equal(lookupsWanted(false, false, {}), true);
  assert.equal(lookupsWanted(false, false, { CI: 'true' }), false);
  assert.equal(lookupsWanted(false, true, { CI: 'true' }), true);
  assert.equal(lookupsWanted(true, true, { CI: 'true' }), false);
  assert.equal(lookupsWanted(false, false, { CI: 'false' }), true);
});

test('with CI set, stagecraft estimate contacts no registry named in the Dockerfile unless --registry is given', async () => {
  const server = await startLoopbackServer((_request, response) => {
    response.statusCode = 404;
    response.end();
  });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-untrusted-'));
  try {
    const file = path.join(root, 'Dockerfile');
    fs.writeFileSync(file, `FROM ${server.host}/untrusted/image:1\nRUN true\n`);
    const env = { ...process.env, CI: 'true', XDG_CACHE_HOME: path.join(root, 'cache') };
    await run(process.execPath, [CLI, 'estimate', file], { env });
    assert.equal(server.requests.length, 0, 'no request in CI by default');
    await run(process.execPath, [CLI, 'estimate', '--registry', file], { env });
    assert.ok(server.requests.length > 0, '--registry opts in');
  } finally {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('an invalid COPY pattern and a dd past 2^53 bytes: the estimate stands, exit 0, integers in the JSON', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-hostile-estimate-'));
  try {
    const file = path.join(root, 'Dockerfile');
    fs.writeFileSync(file, 'FROM alpine AS a\nRUN dd if=/dev/zero of=/big bs=1G count=1e308\nFROM alpine\nCOPY --from=a /[z-a] /x\nCOPY --from=a /big /big\n');
    const { stdout } = await run(process.execPath, [CLI, 'estimate', '--offline', '--format', 'json', file]);
    const contract = JSON.parse(stdout) as { stages: { bytes: { uncompressed: unknown } }[]; final: { uncompressed: unknown } };
    assert.equal(contract.stages.length, 2);
    for (const stage of contract.stages) assert.ok(Number.isSafeInteger(stage.bytes.uncompressed), String(stage.bytes.uncompressed));
    assert.ok(Number.isSafeInteger(contract.final.uncompressed));
    const text = (await run(process.execPath, [CLI, 'estimate', '--offline', file])).stdout;
    assert.match(text, /not a valid pattern/);
    assert.match(text, /clamped/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
