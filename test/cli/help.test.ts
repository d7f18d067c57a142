/** The CLI explains itself (`--help`, `--version`) and fails on a wrong --target or --platform as BuildKit would: `node dist/cli.js`. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
let dir = '';

before(() => {
  if (!existsSync(CLI)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  dir = mkdtempSync(path.join(tmpdir(), 'stagecraft-cli-help-'));
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM golang:1.22 AS builder\nRUN CGO_ENABLED=0 go build -o /app .\nFROM builder AS test\nRUN go test ./...\nFROM scratch\nCOPY --from=builder /app /app\nENTRYPOINT ["/app"]\n');
  writeFileSync(path.join(dir, 'Other.Dockerfile'), 'FROM alpine:3.20 AS base\nFROM base\nRUN echo hi\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('stagecraft --help lists the commands and the exit codes; no arguments is a usage error', () => {
  for (const args of [['--help'], ['-h'], ['help']]) {
    const { code, stdout, stderr } = run(...args);
    assert.equal(code, 0, args.join(' '));
    assert.equal(stderr, '');
    assert.match(stdout, /^ {2}check {5}the editor's diagnostics/m);
    assert.match(stdout, /^ {2}estimate {2}the estimated image size/m);
    assert.match(stdout, /^ {2}stagecraft --version$/m);
    assert.match(stdout, /^ {2}2 {2}usage problem/m);
  }
  const bare = run();
  assert.equal(bare.code, 2);
  assert.equal(bare.stdout, '');
  assert.match(bare.stderr, /Commands:/);
});

for (const command of ['check', 'estimate']) {
  test(`stagecraft ${command} --help: usage, every option, exit codes, an example`, () => {
    for (const args of [[command, '--help'], [command, '-h'], ['help', command], [command, 'Dockerfile', '--help']]) {
      const { code, stdout, stderr } = run(...args);
      assert.equal(code, 0, args.join(' '));
      assert.equal(stderr, '');
      assert.match(stdout, new RegExp(`^Usage: stagecraft ${command} \\[options\\] <Dockerfile>\\.\\.\\.$`, 'm'));
      const options = command === 'check' ? ['--format text|json|sarif', '--stages-only', '--target NAME'] : ['--format text|json', '--platform os/arch[/variant]', '--target NAME', '--context DIR', '--offline', '--registry'];
      for (const option of [...options, '-h, --help']) assert.ok(stdout.includes(`\n  ${option} `), `${command} help names ${option}`);
      assert.match(stdout, /^Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /m);
      assert.match(stdout, new RegExp(`^Example:\\n {2}stagecraft ${command} `, 'm'));
    }
  });
}

test('stagecraft --version prints the package version', () => {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const { code, stdout } = run('--version');
  assert.equal(code, 0);
  assert.equal(stdout, `${version}\n`);
});

for (const command of ['check', 'estimate']) {
  test(`stagecraft ${command} --target: a name no stage has fails as BuildKit does, with its did-you-mean`, () => {
    const extra = command === 'estimate' ? ['--offline'] : [];
    const typo = run(command, ...extra, '--target', 'buildr', 'Dockerfile');
    assert.equal(typo.code, 2);
    assert.equal(typo.stdout, '');
    assert.equal(typo.stderr, `stagecraft ${command}: Dockerfile: target stage "buildr" could not be found (did you mean builder?)\n`);
    // Far from every name: no suggestion. A stage index is no target for BuildKit either.
    assert.equal(run(command, ...extra, '--target', 'production', 'Dockerfile').stderr, `stagecraft ${command}: Dockerfile: target stage "production" could not be found\n`);
    assert.match(run(command, ...extra, '--target', '1', 'Dockerfile').stderr, /target stage "1" could not be found/);
    // Names match case-insensitively, as in BuildKit.
    assert.notEqual(run(command, ...extra, '--target', 'TEST', 'Dockerfile').code, 2);
    // Each file is judged on its own stages.
    assert.match(run(command, ...extra, '--target', 'test', 'Dockerfile', 'Other.Dockerfile').stderr, /^stagecraft \w+: Other\.Dockerfile: target stage "test" could not be found\n$/);
  });
}

test('stagecraft estimate --platform must be os/arch[/variant]', () => {
  for (const [platform, reason] of [
    ['amd64/linux', /unknown operating system 'amd64'/],
    ['linux/amd65', /unknown architecture 'amd65'/],
    ['linux/arm/v7/x', /not os\/arch\[\/variant\]/],
    ['linux amd64', /not os\/arch\[\/variant\]/],
  ] as const) {
    const { code, stdout, stderr } = run('estimate', '--offline', '--platform', platform, 'Dockerfile');
    assert.equal(code, 2, platform);
    assert.equal(stdout, '');
    assert.match(stderr, reason, platform);
    assert.match(stderr, /see stagecraft estimate --help/);
  }
  const arm = run('estimate', '--offline', '--platform', 'linux/arm64', 'Dockerfile');
  assert.equal(arm.code, 0, arm.stderr);
  assert.match(arm.stdout, /platform linux\/arm64/);
});

test('stagecraft estimate takes several files: a table each, or a JSON array', () => {
  const text = run('estimate', '--offline', 'Dockerfile', 'Other.Dockerfile');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^Dockerfile — platform linux\/amd64/m);
  assert.match(text.stdout, /^Other\.Dockerfile — platform linux\/amd64/m);
  const json = run('estimate', '--offline', '--format', 'json', 'Dockerfile', 'Other.Dockerfile');
  assert.equal(json.code, 0, json.stderr);
  const results = JSON.parse(json.stdout) as { file: string; stages: unknown[] }[];
  assert.deepEqual(results.map((result) => [result.file, result.stages.length]), [['Dockerfile', 3], ['Other.Dockerfile', 2]]);
  const one = JSON.parse(run('estimate', '--offline', '--format', 'json', 'Dockerfile').stdout) as { file: string };
  assert.equal(one.file, 'Dockerfile');
});

test('usage errors point to --help; file errors say what is wrong and nothing more', () => {
  assert.equal(run('check', '--frobnicate', 'Dockerfile').stderr, 'stagecraft check: unknown option --frobnicate (see stagecraft check --help)\n');
  assert.equal(run('estimate', 'missing').stderr, 'stagecraft estimate: missing: no such file\n');
  assert.match(run('frobnicate').stderr, /unknown command 'frobnicate' \(commands: check, estimate; see stagecraft --help\)/);
});
