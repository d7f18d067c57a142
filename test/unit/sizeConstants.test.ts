/**
 * The table of size constants: every constant has a range around its value and a source of one of
 * the three kinds; unmeasured ones say so in the report's "how" and have a wider range; Ubuntu bases
 * widen apt ranges; apk says it is a model.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aptInstallSize } from '../../server/src/size/packageSizes';
import { estimateRun, packageDistroOf } from '../../server/src/size/runStep';
import { DEBIAN_INDEX, ESTIMATE, MEASURED, MEASURED_NPM, provenance, SIZE_CONSTANTS, type SizeConstantName } from '../../server/src/size/sizeConstants';
import { StageFiles } from '../../server/src/size/stageFiles';

const names = Object.keys(SIZE_CONSTANTS) as SizeConstantName[];

test('every size constant has low ≤ value ≤ high, a unit, a note and a source of a known kind', () => {
  assert.ok(names.length >= 30);
  for (const name of names) {
    const constant = SIZE_CONSTANTS[name];
    assert.ok(constant.low <= constant.value && constant.value <= constant.high, `${name}: ${constant.low} ≤ ${constant.value} ≤ ${constant.high}`);
    assert.ok([MEASURED, MEASURED_NPM, DEBIAN_INDEX, ESTIMATE].includes(constant.source), `${name}: ${constant.source}`);
    assert.ok(constant.note.length > 10, name);
  }
});

test('unmeasured byte constants carry a range at least 2.5 times wide', () => {
  for (const name of names) {
    const constant = SIZE_CONSTANTS[name];
    if (constant.source !== ESTIMATE || !constant.unit.startsWith('bytes')) continue;
    assert.ok(constant.high >= constant.low * 2.5, `${name}: ${constant.low}–${constant.high}`);
  }
});

test('provenance marks unmeasured constants only', () => {
  for (const name of names) {
    const estimate = SIZE_CONSTANTS[name].source === ESTIMATE;
    assert.equal(provenance(name), estimate ? ' (estimate, no measurement)' : '', name);
  }
  const unmeasured = names.find((name) => SIZE_CONSTANTS[name].source === ESTIMATE)!;
  assert.equal(provenance(...names), provenance(unmeasured), 'one unmeasured constant marks the whole figure');
});

test('package distro by base image: Ubuntu by name, codename or eclipse-temurin default tags', () => {
  const cases: [string | undefined, string][] = [
    ['ubuntu:22.04', 'ubuntu'], ['docker.io/library/ubuntu', 'ubuntu'], ['eclipse-temurin:17-jdk', 'ubuntu'], ['eclipse-temurin:21-jre-jammy', 'ubuntu'],
    ['buildpack-deps:noble', 'ubuntu'], ['eclipse-temurin:21-jre-alpine', 'debian'], ['debian:bookworm-slim', 'debian'], ['python:3.11-slim-bookworm', 'debian'],
    ['golang:1.22', 'debian'], [undefined, 'debian'], ['registry.example.com:5000/ubuntu:24.04', 'ubuntu'],
  ];
  for (const [image, distro] of cases) assert.equal(packageDistroOf(image), distro, String(image));
});

test("apt on an Ubuntu base: Debian's figure, a wider range, and the report says so", () => {
  const debian = aptInstallSize(['curl'], false, 'debian');
  const ubuntu = aptInstallSize(['curl'], false, 'ubuntu');
  assert.equal(ubuntu.bytes, debian.bytes);
  assert.ok(ubuntu.low < debian.low && ubuntu.high > debian.high);
  const run = (baseImage: string) =>
    estimateRun({ script: 'apt-get update && apt-get install -y --no-install-recommends curl', cacheTargets: [], workdir: '/', env: new Map(), files: new StageFiles(), baseImage });
  assert.match(run('ubuntu:24.04').detail, /Ubuntu base: Ubuntu's packages differ/);
  assert.doesNotMatch(run('debian:bookworm').detail, /Ubuntu/);
  assert.ok(run('ubuntu:24.04').bytes.high > run('debian:bookworm').bytes.high);
});

test('apk sizes are a model, and the report says no Alpine build was measured', () => {
  const run = estimateRun({ script: 'apk add --no-cache curl', cacheTargets: [], workdir: '/', env: new Map(), files: new StageFiles(), baseImage: 'alpine:3.20' });
  assert.match(run.detail, /package model; no Alpine build measured/);
});

test('Go build cache by the golang tag: under 1 MB for Go ≤ 1.19 (measured), the Go ≥ 1.20 estimate otherwise', () => {
  const run = (baseImage: string) =>
    estimateRun({ script: 'go build -o /app .', cacheTargets: [], workdir: '/src', env: new Map(), files: new StageFiles(), baseImage });
  assert.match(run('golang:1.19-bookworm').detail, /Go ≤ 1\.19: standard library precompiled/);
  assert.doesNotMatch(run('golang:1.19-bookworm').detail, /Go build cache[^;]*estimate, no measurement/);
  assert.match(run('golang:1.22').detail, /Go build cache in \/root\/\.cache\/go-build \(estimate, no measurement\)/);
  assert.ok(run('golang:1.22').bytes.uncompressed > run('golang:1.19').bytes.uncompressed + 100_000_000);
});

test('cargo without dependencies counts no registry cache, and the target directory as measured', () => {
  const cargo = estimateRun({ script: 'cargo build --release', cacheTargets: [], workdir: '/src', env: new Map(), files: new StageFiles() });
  assert.doesNotMatch(cargo.detail, /registry/);
  assert.match(cargo.detail, /cargo target directory \(release, 0 dependencies\)/);
  assert.ok(cargo.bytes.uncompressed < 30_000_000, `${cargo.bytes.uncompressed}`);
});
