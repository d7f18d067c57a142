/** `stagecraft check` as users run it: `node dist/cli.js`, its output formats and exit codes. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
let dir = '';

before(() => {
  if (!existsSync(CLI)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  dir = mkdtempSync(path.join(tmpdir(), 'stagecraft-cli-'));
  writeFileSync(path.join(dir, 'Broken.Dockerfile'), 'FROM golang AS builder\nRUN go build -o /app\nFROM alpine\nCOPY --from=buildr /app /app\nCOPY --from=0 /b /b\n');
  writeFileSync(path.join(dir, 'Clean.Dockerfile'), 'FROM golang AS builder\nRUN go build -o /app\nFROM alpine\nCOPY --from=builder /app /app\n');
  writeFileSync(path.join(dir, 'Warn.Dockerfile'), 'FROM golang AS Builder\nFROM alpine\nCOPY --from=builder /app /app\n');
  writeFileSync(path.join(dir, 'binary.bin'), Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x01, 0x02]));
  mkdirSync(path.join(dir, 'folder'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('text: compiler-style lines, a summary, exit 1 with errors', () => {
  const { code, stdout, stderr } = run('check', 'Broken.Dockerfile');
  assert.equal(code, 1);
  assert.equal(stderr, '');
  const lines = stdout.trimEnd().split('\n');
  assert.match(lines[0], /^Broken\.Dockerfile:4:13: error UndefinedStage: 'buildr' is not a stage: did you mean 'builder'\?/);
  assert.match(lines[1], /^Broken\.Dockerfile:5:13: hint NumericStageReference: /);
  assert.equal(lines.at(-1), '1 file checked: 1 error, 0 warnings');
});

test('exit 0 without errors (warnings do not fail the check), several files at once', () => {
  assert.equal(run('check', 'Clean.Dockerfile').code, 0);
  const { code, stdout } = run('check', 'Clean.Dockerfile', 'Warn.Dockerfile');
  assert.equal(code, 0);
  assert.match(stdout, /^Warn\.Dockerfile:1:16: warning StageNameCasing: /m);
  assert.match(stdout, /2 files checked: 0 errors, 1 warning$/m);
});

test('json: [{file, diagnostics: [LSP Diagnostic]}]', () => {
  const { code, stdout } = run('check', '--format', 'json', 'Broken.Dockerfile', 'Clean.Dockerfile');
  assert.equal(code, 1);
  const results = JSON.parse(stdout) as { file: string; diagnostics: { range: unknown; severity: number; code: string; source: string; message: string; codeDescription: { href: string } }[] }[];
  assert.deepEqual(results.map((r) => r.file), ['Broken.Dockerfile', 'Clean.Dockerfile']);
  assert.deepEqual(results[1].diagnostics, []);
  const [first] = results[0].diagnostics;
  assert.deepEqual(first.range, { start: { line: 3, character: 12 }, end: { line: 3, character: 18 } });
  assert.equal(first.severity, 1);
  assert.equal(first.code, 'UndefinedStage');
  assert.equal(first.source, 'stagecraft');
  assert.match(first.codeDescription.href, /docs\/rules\/UndefinedStage\.md$/);
});

test('sarif: version 2.1.0, the rule catalog, results with ruleId, level, 1-based regions', () => {
  const { code, stdout } = run('check', '--format=sarif', 'Broken.Dockerfile');
  assert.equal(code, 1);
  const sarif = JSON.parse(stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  assert.equal(sarif.runs.length, 1);
  const driver = sarif.runs[0].tool.driver;
  assert.equal(driver.name, 'stagecraft');
  const ruleIds = driver.rules.map((rule: { id: string }) => rule.id);
  for (const id of ['UndefinedStage', 'StageIndexOutOfRange', 'ForwardStageReference', 'CircularStageDependency', 'VariableInFromFlag', 'FromLaterStage', 'DuplicateStageName', 'ReservedStageName', 'InvalidStageName', 'StageNameCasing', 'UnusedStage', 'NumericStageReference']) {
    assert.ok(ruleIds.includes(id), id);
  }
  // BuildKit's build checks link to Docker's page of the rule, as BuildKit does; ours to our pages.
  const buildChecks = new Set(['DuplicateStageName', 'ReservedStageName', 'StageNameCasing', 'FromAsCasing', 'MultipleInstructionsDisallowed', 'UndefinedArgInFrom', 'InvalidDefaultArgInFrom', 'RedundantTargetPlatform', 'FromPlatformFlagConstDisallowed', 'InvalidDefinitionDescription']);
  for (const rule of driver.rules) {
    assert.match(rule.helpUri, buildChecks.has(rule.id) ? /^https:\/\/docs\.docker\.com\/go\/dockerfile\/rule\/[a-z-]+\/$/ : new RegExp(`docs/rules/${rule.id}\\.md$`), rule.id);
  }
  const results = sarif.runs[0].results;
  assert.deepEqual(results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]), [['UndefinedStage', 'error'], ['NumericStageReference', 'note']]);
  for (const result of results) assert.ok(ruleIds.includes(result.ruleId), `${result.ruleId} is declared`);
  const location = results[0].locations[0].physicalLocation;
  assert.equal(location.artifactLocation.uri, 'Broken.Dockerfile');
  assert.deepEqual(location.region, { startLine: 4, startColumn: 13, endLine: 4, endColumn: 19 });
  assert.equal(typeof results[0].message.text, 'string');
});

for (const [what, args, pattern] of [
  ['a missing file', ['check', 'nope/Dockerfile'], /nope\/Dockerfile: no such file/],
  ['a directory', ['check', 'folder'], /folder: is a directory/],
  ['a binary file', ['check', 'binary.bin'], /binary\.bin: binary file/],
  ['an unknown option', ['check', '--frobnicate', 'Clean.Dockerfile'], /unknown option --frobnicate/],
  ['an unknown format', ['check', '--format', 'xml', 'Clean.Dockerfile'], /unknown format 'xml'/],
  ['no file', ['check'], /no Dockerfile given/],
  ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
] as const) {
  test(`exit 2 on ${what}: a short message on stderr, no stack trace, nothing on stdout`, () => {
    const { code, stdout, stderr } = run(...args);
    assert.equal(code, 2);
    assert.match(stderr, pattern);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
    assert.equal(stdout, '');
  });
}

test('the examples: go-multistage is clean, mistakes shows every kind of stage mistake', () => {
  const examples = path.join(ROOT, 'examples');
  const clean = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', path.join(examples, 'go-multistage/Dockerfile')], { encoding: 'utf8' });
  assert.equal(clean.status, 0);
  assert.deepEqual(JSON.parse(clean.stdout)[0].diagnostics, []);
  const mistakes = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', path.join(examples, 'mistakes/Dockerfile')], { encoding: 'utf8' });
  assert.equal(mistakes.status, 1);
  const found = new Set((JSON.parse(mistakes.stdout)[0].diagnostics as { code: string }[]).map((d) => d.code));
  for (const code of ['UndefinedStage', 'ForwardStageReference', 'NumericStageReference', 'VariableInFromFlag', 'UnusedStage', 'StageNameCasing']) assert.ok(found.has(code), code);
});

test('--platform: the platforms built, comma-separated or repeated; a stage only riscv64 selects is used when riscv64 is built', () => {
  writeFileSync(path.join(dir, 'Arch.Dockerfile'), 'FROM alpine AS riscv64\nRUN true\nFROM ${TARGETARCH}\n');
  const unused = (...flags: string[]) => run('check', '--stages-only', ...flags, 'Arch.Dockerfile').stdout.split('\n').filter((line) => line.includes('UnusedStage')).length;
  assert.equal(unused(), 1, 'default platforms: linux/amd64, linux/arm64');
  assert.equal(unused('--platform', 'linux/amd64,linux/riscv64'), 0);
  assert.equal(unused('--platform', 'linux/amd64', '--platform=linux/riscv64'), 0);
  const wrong = run('check', '--platform', 'linux/foo', 'Arch.Dockerfile');
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /--platform: unknown architecture 'foo' in 'linux\/foo'/);
});

test('a bake file beside the Dockerfile: its platforms are built, its BUILDKIT_DOCKERFILE_CHECK replaces # check=', () => {
  const project = mkdtempSync(path.join(tmpdir(), 'stagecraft-cli-bake-'));
  try {
    writeFileSync(path.join(project, 'Dockerfile'), '# check=skip=FromAsCasing\nFROM alpine AS riscv64\nRUN true\nFROM ${TARGETARCH} as final\n');
    const lines = () => spawnSync(process.execPath, [CLI, 'check', '--stages-only', 'Dockerfile'], { cwd: project, encoding: 'utf8' }).stdout.split('\n').filter((line) => / (warning|hint|error) /.test(line)).map((line) => line.split(': ')[1]);
    assert.deepEqual(lines(), ['hint UnusedStage']);
    writeFileSync(path.join(project, 'docker-bake.hcl'), 'target "default" {\n  platforms = ["linux/amd64", "linux/riscv64"]\n  args = { BUILDKIT_DOCKERFILE_CHECK = "skip=StageNameCasing" }\n}\n');
    assert.deepEqual(lines(), ['warning FromAsCasing']);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
