/**
 * Neovim's built-in LSP client against the standalone server (`node dist/server.js --stdio`), with
 * the configuration snippet the README gives (test/editors/neovim/stagecraft.lua): open a
 * Dockerfile with a `--from=buildr` typo and see our UndefinedStage diagnostic arrive.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SERVER_PATH } from '../support/lspProcess';

const ROOT = path.resolve(__dirname, '../..');
const CONFIG = path.join(__dirname, 'neovim/stagecraft.lua');
const PROBE = path.join(__dirname, 'neovim/probe.lua');

function hasNeovim(): boolean {
  return spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;
}

interface ProbeResult {
  found: boolean;
  clients: number;
  diagnostics: { lnum: number; col: number; end_col: number; message: string; source: string; code?: string }[];
}

test('Neovim receives UndefinedStage from the stagecraft server', { timeout: 60_000 }, (t) => {
  if (!hasNeovim()) {
    if (process.env.CI === 'true') assert.fail('nvim is required in CI (apt-get install neovim)');
    t.skip('SKIPPED: nvim not found; install with: apt-get install neovim');
    return;
  }
  assert.ok(existsSync(SERVER_PATH), `${SERVER_PATH} is built (npm run build)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'stagecraft-nvim-'));
  try {
    const dockerfile = path.join(dir, 'Dockerfile');
    writeFileSync(dockerfile, 'FROM golang:1.22 AS builder\nRUN go build -o /app\n\nFROM alpine:3.20\nCOPY --from=buildr /app /app\n');
    const out = path.join(dir, 'diagnostics.json');
    const result = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', CONFIG, '-c', `luafile ${PROBE}`, dockerfile], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 45_000,
      env: {
        ...process.env,
        // The snippet runs `node`: the one running the tests.
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
        STAGECRAFT_SERVER: SERVER_PATH,
        STAGECRAFT_PROBE_OUT: out,
        HOME: dir,
        XDG_CONFIG_HOME: path.join(dir, 'config'),
        XDG_DATA_HOME: path.join(dir, 'data'),
        XDG_STATE_HOME: path.join(dir, 'state'),
        XDG_CACHE_HOME: path.join(dir, 'cache'),
      },
    });
    assert.ok(existsSync(out), `nvim wrote no result (status ${result.status}, signal ${result.signal}):\n${result.stdout}\n${result.stderr}`);
    const probe = JSON.parse(readFileSync(out, 'utf8')) as ProbeResult;
    assert.equal(probe.clients, 1, 'one stagecraft client attached');
    assert.ok(probe.found, 'diagnostics arrived');
    const undefinedStage = probe.diagnostics.find((d) => d.code === 'UndefinedStage');
    assert.ok(undefinedStage, JSON.stringify(probe.diagnostics));
    assert.equal(undefinedStage.source, 'stagecraft');
    assert.match(undefinedStage.message, /builder/);
    assert.deepEqual([undefinedStage.lnum, undefinedStage.col, undefinedStage.end_col], [4, 12, 18]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the README shows the tested Neovim snippet', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(readFileSync(CONFIG, 'utf8').trim()), 'README.md contains test/editors/neovim/stagecraft.lua verbatim');
});
