/**
 * The builds bake and compose files declare, read with real parsers (HCL reader, JSON.parse,
 * YAML), and what they change for a Dockerfile: the platforms it is judged for and a
 * BUILDKIT_DOCKERFILE_CHECK build arg that replaces its `# check=` directive.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildFileKind, dockerfileOf, readBuildFile, type BuildDefinition } from '../../server/src/workspace/buildFiles';
import { readHcl } from '../../server/src/workspace/hclReader';
import { findTargetMentions } from '../../server/src/workspace/targetMentions';
import { buildOptionsFor, scanWorkspace } from '../../server/src/workspace/scanTargets';
import { settingsForDockerfile } from '../../server/src/service/buildPlatforms';
import { DEFAULT_SETTINGS } from '../../server/src/service/stagecraftService';
import { parsePlatformList } from '../../server/src/registry/platform';
import { buildStageModel } from '../../server/src/model/stageModel';
import { describe, diagnose } from '../support/diagnose';

const summary = (definitions: BuildDefinition[]) =>
  definitions.map((d) => ({ name: d.name, line: d.line, dockerfile: dockerfileOf(d), target: d.target, targetLine: d.targetLine, platforms: d.platforms, contexts: d.contexts, args: d.args }));

interface ReadCase {
  name: string;
  file: string;
  text: string;
  expect: ReturnType<typeof summary>;
}

const READ_CASES: ReadCase[] = [
  {
    name: 'bake HCL: inherits (parents first, own attributes win, maps merged), variables, comments, a heredoc',
    file: 'build/docker-bake.hcl',
    text: [
      'variable "GO" { default = "1.22" }',
      '# a comment with target = "nope"',
      'target "_common" {',
      '  args = { GO_VERSION = "${GO}", BUILDKIT_DOCKERFILE_CHECK = "skip=all" }',
      '  platforms = ["linux/amd64", "linux/riscv64"] // trailing comment',
      '}',
      'target "app" {',
      '  inherits = ["_common"]',
      '  context = "./svc"',
      '  dockerfile = "docker/Dockerfile"',
      '  target = "runtime"',
      '  contexts = { base = "docker-image://alpine", "src" = "../src" }',
      '  args = {',
      '    NOTE = <<EOT',
      'a "quoted" } brace',
      'EOT',
      '  }',
      '  tags = ["x:${lower("A")}"]',
      '}',
      '/* target "hidden" { target = "x" } */',
    ].join('\n'),
    expect: [
      { name: '_common', line: 2, dockerfile: 'build/Dockerfile', target: undefined, targetLine: undefined, platforms: ['linux/amd64', 'linux/riscv64'], contexts: [], args: { GO_VERSION: '1.22', BUILDKIT_DOCKERFILE_CHECK: 'skip=all' } },
      { name: 'app', line: 6, dockerfile: 'build/svc/docker/Dockerfile', target: 'runtime', targetLine: 10, platforms: ['linux/amd64', 'linux/riscv64'], contexts: ['base', 'src'], args: { GO_VERSION: '1.22', BUILDKIT_DOCKERFILE_CHECK: 'skip=all', NOTE: 'a "quoted" } brace\n' } },
    ],
  },
  {
    name: 'bake HCL: a matrix names a stage per entry (target = item.target); platforms we cannot evaluate are unknown, not empty',
    file: 'docker-bake.hcl',
    text: [
      'target "lint" {',
      '  name = "lint-${item.name}"',
      '  matrix = { item = [ { name = "a", target = "golangci" }, { name = "b", target = "yamllint" } ] }',
      '  target = item.target',
      '  platforms = [for p in PLATFORMS : p]',
      '}',
    ].join('\n'),
    expect: [
      { name: 'lint', line: 0, dockerfile: 'Dockerfile', target: 'golangci', targetLine: undefined, platforms: [], contexts: [], args: {} },
      { name: 'lint', line: 0, dockerfile: 'Dockerfile', target: 'yamllint', targetLine: undefined, platforms: [], contexts: [], args: {} },
      { name: 'lint', line: 0, dockerfile: 'Dockerfile', target: undefined, targetLine: undefined, platforms: [], contexts: [], args: {} },
    ],
  },
  {
    name: 'bake JSON: JSON.parse, inherits, null args left out',
    file: 'docker-bake.json',
    text: JSON.stringify({ group: { default: { targets: ['img'] } }, target: { base: { platforms: ['linux/arm/v7'], args: { A: '1', B: null } }, img: { inherits: ['base'], dockerfile: 'Dockerfile.prod', target: 'prod' } } }, null, 2),
    expect: [
      { name: 'base', line: 9, dockerfile: 'Dockerfile', target: undefined, targetLine: undefined, platforms: ['linux/arm/v7'], contexts: [], args: { A: '1' } },
      { name: 'img', line: 18, dockerfile: 'Dockerfile.prod', target: 'prod', targetLine: 23, platforms: ['linux/arm/v7'], contexts: [], args: { A: '1' } },
    ],
  },
  {
    name: 'compose: build as a string and as a map; merge keys; list and map spellings; interpolated values left out',
    file: 'deploy/compose.yaml',
    text: [
      'x-build: &build',
      '  context: ..',
      '  platforms: [linux/amd64, "linux/arm64"]',
      'services:',
      '  web:',
      '    build:',
      '      <<: *build',
      '      dockerfile: docker/Dockerfile',
      '      target: prod',
      '      additional_contexts:',
      '        - shared=../shared',
      '      args:',
      '        - BUILDKIT_DOCKERFILE_CHECK=error=true',
      '        - TAG=${TAG}',
      '  db:',
      '    image: postgres',
      '    target: not-a-build-target',
      '  api:',
      '    build: ./api',
    ].join('\n'),
    expect: [
      { name: 'web', line: 4, dockerfile: 'docker/Dockerfile', target: 'prod', targetLine: 8, platforms: ['linux/amd64', 'linux/arm64'], contexts: ['shared'], args: { BUILDKIT_DOCKERFILE_CHECK: 'error=true' } },
      { name: 'api', line: 17, dockerfile: 'deploy/api/Dockerfile', target: undefined, targetLine: undefined, platforms: [], contexts: [], args: {} },
    ],
  },
  {
    name: 'broken text reads as no builds, never an exception',
    file: 'compose.yml',
    text: 'services:\n  web:\n    build: {\n  - [\n',
    expect: [],
  },
  {
    name: 'a remote context has no local Dockerfile',
    file: 'docker-bake.hcl',
    text: 'target "r" {\n  context = "https://github.com/o/r.git#main"\n  platforms = ["linux/amd64"]\n}\n',
    expect: [{ name: 'r', line: 0, dockerfile: undefined, target: undefined, targetLine: undefined, platforms: ['linux/amd64'], contexts: [], args: {} }],
  },
];

for (const row of READ_CASES) {
  test(`build files: ${row.name}`, () => {
    assert.deepEqual(summary(readBuildFile(row.file, row.text)), row.expect);
  });
}

test('which reader a file gets: any *.hcl, docker-bake*.json, (docker-)compose*.y(a)ml', () => {
  assert.deepEqual(['docker-bake.hcl', 'x/trt.hcl', 'docker-bake.override.json', 'compose.yml', 'docker-compose.prod.yaml', 'package.json', 'values.yaml'].map(buildFileKind), ['bake-hcl', 'bake-hcl', 'bake-json', 'compose', 'compose', undefined, undefined]);
});

test('HCL reader: a stray brace, an unterminated string and deep nesting do not stop it', () => {
  const { blocks } = readHcl(`}\ntarget "a" {\n  x = "unterminated\n  target = "ok"\n}\nq = ${'['.repeat(5000)}${']'.repeat(5000)}\ntarget "b" { target = "b2" }\n`);
  assert.deepEqual(blocks.map((block) => [block.labels[0], block.attributes.find((a) => a.name === 'target')?.value]), [['a', 'ok'], ['b', 'b2']]);
});

test('compose: a `target:` outside build: is no mention; bake comments are not read (the parsers, not line patterns)', () => {
  const compose = 'services:\n  db:\n    image: postgres\n    labels:\n      target: x\n  app:\n    build:\n      target: "dev"\n';
  assert.deepEqual([...findTargetMentions('compose.yaml', compose).keys()], ['dev']);
  assert.deepEqual([...findTargetMentions('docker-bake.hcl', '# target = "old"\ntarget "t" { target = "new" }\n').keys()], ['new']);
});

test('compose: a billion-laughs document is refused quickly (aliases capped), not expanded', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  lines.push('services:\n  s:\n    build: { context: ., target: t, args: { X: *l } }');
  const started = Date.now();
  const definitions = readBuildFile('compose.yaml', lines.join('\n'));
  assert.ok(Date.now() - started < 5000, 'bounded');
  assert.deepEqual(definitions, []);
});

test('platform lists: comma-separated or arrays, normalised, duplicates dropped, wrong entries explained', () => {
  assert.deepEqual(parsePlatformList('linux/amd64,linux/arm64'), { platforms: ['linux/amd64', 'linux/arm64'], problems: [] });
  assert.deepEqual(parsePlatformList(['aarch64', 'linux/ARM64', 'linux/arm/v7']), { platforms: ['linux/arm64', 'linux/arm/v7'], problems: [] });
  assert.deepEqual(parsePlatformList(['linux/amd64', 'linux/foo', '$X']), { platforms: ['linux/amd64'], problems: ["unknown architecture 'foo' in 'linux/foo'", "'$X' holds a variable"] });
});

test('the model resolves FROM for the platforms built: the setting, then FROM --platform constants (bounded)', () => {
  const text = 'FROM --platform=linux/s390x alpine AS a\nFROM --platform=$BUILDPLATFORM alpine AS b\n';
  assert.deepEqual(buildStageModel(text).platforms, ['linux/amd64', 'linux/arm64', 'linux/s390x']);
  assert.deepEqual(buildStageModel(text, { platforms: ['linux/riscv64'] }).platforms, ['linux/riscv64', 'linux/s390x']);
  const many = Array.from({ length: 40 }, (_, i) => `FROM --platform=linux/arch${i} alpine`).join('\n');
  assert.equal(buildStageModel(many).platforms.length, 8);
});

test('UnusedStage per platform: a stage only another platform selects is used once that platform is built', () => {
  // FROM ${TARGETARCH}: for amd64 and arm64 an image; for riscv64 the stage named riscv64.
  const text = 'FROM alpine AS riscv64\nRUN true\nFROM ${TARGETARCH}\n';
  assert.deepEqual(describe(text, diagnose(text)).filter((d) => d.startsWith('UnusedStage')), ['UnusedStage@0:15-0:22 "riscv64"']);
  assert.deepEqual(describe(text, diagnose(text, { platforms: ['linux/amd64', 'linux/riscv64'] })).filter((d) => d.startsWith('UnusedStage')), []);
});

test('BUILDKIT_DOCKERFILE_CHECK from a bake/compose build replaces the # check= directive, as in BuildKit', () => {
  const text = '# check=skip=FromAsCasing\nFROM alpine as base\nFROM base AS final\nCMD a\nCMD b\n';
  const codes = (options: Parameters<typeof diagnose>[1]) => diagnose(text, options).map((d) => `${d.severity} ${d.code}`).sort();
  // The directive alone: FromAsCasing skipped.
  assert.deepEqual(codes({}), ['2 MultipleInstructionsDisallowed']);
  // The arg replaces it: FromAsCasing is back, MultipleInstructionsDisallowed skipped.
  assert.deepEqual(codes({ dockerfileCheck: { value: 'skip=MultipleInstructionsDisallowed', source: 'docker-bake.hcl:3' } }), ['2 FromAsCasing']);
  // error=true from the arg: the build fails, and the message says where it was set.
  const failing = diagnose(text, { dockerfileCheck: { value: 'error=true', source: 'compose.yaml:5' } });
  assert.deepEqual(failing.map((d) => `${d.severity} ${d.code}`).sort(), ['1 FromAsCasing', '1 MultipleInstructionsDisallowed']);
  assert.match(String(failing[0].message), /BUILDKIT_DOCKERFILE_CHECK=error=true in compose\.yaml:5: the build fails with "lint violation found for rules: /);
  // A value BuildKit cannot parse fails the build: reported at the top of the file.
  const invalid = diagnose(text, { dockerfileCheck: { value: 'skip', source: 'docker-bake.hcl:3' } }).filter((d) => d.code === 'InvalidCheckDirective');
  assert.deepEqual(invalid.map((d) => [d.range.start.line, d.message]), [[0, 'failed to parse build-arg:BUILDKIT_DOCKERFILE_CHECK (set in docker-bake.hcl:3): invalid check option "skip"']]);
});

test('scanWorkspace: the builds of one Dockerfile give its platforms and check arg; settingsForDockerfile adds them to the user\'s', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'stagecraft-builds-'));
  try {
    mkdirSync(path.join(root, 'svc'));
    writeFileSync(path.join(root, 'docker-bake.hcl'), 'target "a" {\n  context = "svc"\n  platforms = ["linux/s390x"]\n  args = { BUILDKIT_DOCKERFILE_CHECK = "skip=all" }\n}\ntarget "other" {\n  dockerfile = "Other.Dockerfile"\n  platforms = ["linux/ppc64le"]\n}\n');
    writeFileSync(path.join(root, 'compose.yaml'), 'services:\n  b:\n    build:\n      context: ./svc\n      platforms: ["linux/arm/v7"]\n');
    const index = await scanWorkspace(root);
    const dockerfile = path.join(root, 'svc', 'Dockerfile');
    const options = buildOptionsFor(index.builds, dockerfile);
    assert.deepEqual([...options.platforms].sort(), ['linux/arm/v7', 'linux/s390x']);
    assert.deepEqual(options.dockerfileCheck, { value: 'skip=all', source: 'docker-bake.hcl:1' });
    const settings = settingsForDockerfile({ ...DEFAULT_SETTINGS, platforms: ['linux/amd64'] }, index.builds, dockerfile);
    assert.deepEqual([...(settings.platforms ?? [])].sort(), ['linux/amd64', 'linux/arm/v7', 'linux/s390x']);
    assert.deepEqual(settingsForDockerfile(DEFAULT_SETTINGS, index.builds, path.join(root, 'Dockerfile')).platforms, ['linux/amd64', 'linux/arm64']);
    // Two builds that disagree on the arg: neither is applied (the file's directive decides).
    writeFileSync(path.join(root, 'docker-bake.json'), JSON.stringify({ target: { c: { context: 'svc', args: { BUILDKIT_DOCKERFILE_CHECK: 'error=true' } } } }));
    assert.equal(buildOptionsFor((await scanWorkspace(root)).builds, dockerfile).dockerfileCheck, undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
