/** Where workspace files name a stage as a build target, and the UnusedStage message that cites them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findTargetMentions, isTargetMentionFile, namedContexts } from '../../server/src/workspace/targetMentions';
import { scanTargetMentions } from '../../server/src/workspace/scanTargets';
import { diagnose } from '../support/diagnose';

const asObject = (mentions: Map<string, { file: string; line: number }[]>) => Object.fromEntries([...mentions].map(([name, list]) => [name, list.map((m) => `${m.file}:${m.line}`)]));

test('docker-bake.hcl: target = "name" inside target blocks', () => {
  const text = 'group "default" {\n  targets = ["app"]\n}\n\ntarget "test" {\n  dockerfile = "Dockerfile"\n  target = "test"\n}\n\ntarget "lint" {\n  target="Lint"\n}\n';
  assert.deepEqual(asObject(findTargetMentions('docker-bake.hcl', text)), { test: ['docker-bake.hcl:6'], lint: ['docker-bake.hcl:10'] });
});

test('compose.yaml: build.target', () => {
  const text = 'services:\n  api:\n    build:\n      context: .\n      target: dev\n  worker:\n    build:\n      target: "worker-debug"\n';
  assert.deepEqual(asObject(findTargetMentions('compose.yaml', text)), { dev: ['compose.yaml:4'], 'worker-debug': ['compose.yaml:7'] });
});

test('Makefile: docker build --target name and --target=name', () => {
  const text = 'test:\n\tdocker build --target test -t app:test .\nlint:\n\tdocker buildx build --target=lint .\n';
  assert.deepEqual(asObject(findTargetMentions('Makefile', text)), { test: ['Makefile:1'], lint: ['Makefile:3'] });
});

test('GitHub workflow: docker/build-push-action target: and a run: docker build --target', () => {
  const text = 'jobs:\n  build:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          target: release\n      - run: docker build --target e2e .\n';
  const file = '.github/workflows/ci.yml';
  assert.equal(isTargetMentionFile(file), true);
  assert.deepEqual(asObject(findTargetMentions(file, text)), { release: [`${file}:5`], e2e: [`${file}:6`] });
});

test('which files are read: bake, compose, Makefiles, CI workflows; not arbitrary YAML or source', () => {
  for (const file of ['docker-bake.hcl', 'docker-bake.override.hcl', 'compose.yml', 'docker-compose.prod.yaml', 'Makefile', 'build/rules.mk', '.gitlab-ci.yml', 'scripts/release.sh']) assert.equal(isTargetMentionFile(file), true, file);
  for (const file of ['config.yaml', 'main.go', 'README.md', 'values.yml']) assert.equal(isTargetMentionFile(file), false, file);
});

test('scanTargetMentions walks the folder (skipping node_modules) and UnusedStage names the mentions', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'stagecraft-targets-'));
  try {
    mkdirSync(path.join(root, '.github', 'workflows'), { recursive: true });
    mkdirSync(path.join(root, 'node_modules', 'x'), { recursive: true });
    writeFileSync(path.join(root, 'docker-bake.hcl'), 'target "t" {\n  target = "test"\n}\n');
    writeFileSync(path.join(root, '.github', 'workflows', 'ci.yml'), 'steps:\n  - run: docker build --target test .\n');
    writeFileSync(path.join(root, 'node_modules', 'x', 'Makefile'), 'x:\n\tdocker build --target test .\n');
    const mentions = await scanTargetMentions(root);
    assert.deepEqual(asObject(mentions).test?.sort(), ['.github/workflows/ci.yml:1', 'docker-bake.hcl:1']);

    const text = 'FROM golang AS build\nFROM build AS test\nRUN go test ./...\nFROM build AS debug\nFROM alpine\nCOPY --from=build /app /app\n';
    const unused = diagnose(text, { targetMentions: mentions }).filter((d) => d.code === 'UnusedStage');
    assert.equal(unused.length, 2);
    assert.match(String(unused[0].message), /--target test\. It is targeted in (docker-bake\.hcl:2, \.github\/workflows\/ci\.yml:2|\.github\/workflows\/ci\.yml:2, docker-bake\.hcl:2)\.$/);
    assert.equal(String(unused[1].message), "Stage 'debug' is not part of the default build: BuildKit builds it only with --target debug.");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('named build contexts: bake contexts blocks (one line or several), compose additional_contexts, --build-context', () => {
  const bake = 'target "rk" {\n  contexts = {\n    wheels = "target:wheels",\n    rootfs = "target:rootfs"\n  }\n  platforms = ["linux/arm64"]\n}\ntarget "x" {\n  contexts = { docs = "./docs" }\n}\n';
  assert.deepEqual([...namedContexts(findTargetMentions('rk.hcl', bake))].sort(), ['docs', 'rootfs', 'wheels']);
  // Both spellings compose accepts: a map, and a list of name=value (one per service: YAML has no mix).
  const compose = 'services:\n  app:\n    build:\n      additional_contexts:\n        base: "service:base"\n      dockerfile: Dockerfile\n  tool:\n    build:\n      additional_contexts:\n        - other=../other\n';
  assert.deepEqual([...namedContexts(findTargetMentions('compose.yaml', compose))].sort(), ['base', 'other']);
  assert.deepEqual([...namedContexts(findTargetMentions('build.sh', 'docker buildx build --build-context assets=./web .\n'))], ['assets']);
  assert.ok(isTargetMentionFile('docker/rockchip/rk.hcl') && isTargetMentionFile('package.json') && isTargetMentionFile('.devcontainer/devcontainer.json') && isTargetMentionFile('hack/shell'));
});
