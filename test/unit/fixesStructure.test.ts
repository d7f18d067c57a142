/** The fixes that move, remove, rename or add stages. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyAction, applyPreferredFix, codesOf, fixesFor } from './fixesSupport';

test('ForwardStageReference: moves the stage, its comments included, above the current one', () => {
  const text = [
    'FROM alpine AS runtime',
    'COPY --from=builder /app /app',
    '',
    '# Compile the binary',
    'FROM golang AS builder',
    'RUN go build -o /app',
    '',
    'FROM runtime',
    'CMD ["/app"]',
    '',
  ].join('\n');
  const { action, result } = applyPreferredFix(text, 'ForwardStageReference');
  assert.equal(action.title, "Move stage 'builder' above stage 'runtime'");
  assert.equal(result, [
    '# Compile the binary',
    'FROM golang AS builder',
    'RUN go build -o /app',
    'FROM alpine AS runtime',
    'COPY --from=builder /app /app',
    '',
    'FROM runtime',
    'CMD ["/app"]',
    '',
  ].join('\n'));
  assert.deepEqual(codesOf(result), []);
});

test('ForwardStageReference: keeps blank-line separation and renumbers numeric references', () => {
  const text = 'FROM alpine AS base\n\nFROM base AS runtime\nCOPY --from=builder /app /app\nCOPY --from=0 /etc/os-release /x\n\nFROM golang AS builder\nRUN go build -o /app\n\nFROM runtime\nCOPY --from=1 /app /y\n';
  const { result } = applyPreferredFix(text, 'ForwardStageReference');
  assert.equal(result, 'FROM alpine AS base\n\nFROM golang AS builder\nRUN go build -o /app\n\nFROM base AS runtime\nCOPY --from=builder /app /app\nCOPY --from=0 /etc/os-release /x\n\nFROM runtime\nCOPY --from=2 /app /y\n');
  assert.deepEqual(codesOf(result), ['NumericStageReference', 'NumericStageReference']);
});

test('ForwardStageReference: no move when the stage needs the current stage or one after it, or is the last stage', () => {
  const needsLater = 'FROM alpine AS a\nCOPY --from=c /x /x\nFROM alpine AS b\nRUN true\nFROM alpine AS c\nCOPY --from=b /y /y\nFROM a\n';
  assert.deepEqual(fixesFor(needsLater, 'ForwardStageReference').actions, []);
  const last = 'FROM alpine AS a\nCOPY --from=b /x /x\nFROM golang AS b\n';
  assert.deepEqual(fixesFor(last, 'ForwardStageReference').actions, []);
});

test('FromLaterStage: FROM naming a later stage moves that stage above', () => {
  const text = 'FROM base AS app\nRUN true\nFROM alpine AS base\nRUN apk add curl\nFROM app\n';
  const { result } = applyPreferredFix(text, 'FromLaterStage');
  assert.equal(result, 'FROM alpine AS base\nRUN apk add curl\nFROM base AS app\nRUN true\nFROM app\n');
  assert.deepEqual(codesOf(result), []);
});

test('FromLaterStage: a stage named like its own base image is renamed, FROM keeps the image', () => {
  const text = 'FROM golang AS golang\nRUN go build -o /app\nFROM alpine\nCOPY --from=golang /app /app\n';
  const { result } = applyPreferredFix(text, 'FromLaterStage');
  assert.equal(result, 'FROM golang AS golang-stage\nRUN go build -o /app\nFROM alpine\nCOPY --from=golang-stage /app /app\n');
  assert.deepEqual(codesOf(result), []);
});

test('DuplicateStageName: renames the later stage and the references bound to it; every reference keeps its stage, as in BuildKit', () => {
  // BuildKit: a later `AS name` replaces the earlier one, so --from=build binds the node stage.
  const text = 'FROM golang AS build\nRUN go build -o /app\nFROM node AS BUILD\nRUN npm run build\nFROM alpine\nCOPY --from=build /app /app\n';
  const { action, result } = applyPreferredFix(text, 'DuplicateStageName');
  assert.equal(action.title, "Rename this stage to 'build-2' (and the reference that binds to it)");
  assert.equal(result, 'FROM golang AS build\nRUN go build -o /app\nFROM node AS build-2\nRUN npm run build\nFROM alpine\nCOPY --from=build-2 /app /app\n');
  assert.deepEqual(codesOf(result), ['UnusedStage']);
  // FROM binds the latest stage above it: the FROM between the two keeps the first.
  const between = 'FROM a AS base\nFROM base AS one\nFROM b AS base\nFROM base AS two\nFROM c\nCOPY --from=one / /\nCOPY --from=two / /\n';
  const fixed = applyPreferredFix(between, 'DuplicateStageName').result;
  assert.equal(fixed, 'FROM a AS base\nFROM base AS one\nFROM b AS base-2\nFROM base-2 AS two\nFROM c\nCOPY --from=one / /\nCOPY --from=two / /\n');
});

test('ReservedStageName and InvalidStageName: renamed with their references', () => {
  const reserved = 'FROM alpine AS scratch\nRUN true\nFROM alpine\nCOPY --from=scratch /x /x\n';
  const fixedReserved = applyPreferredFix(reserved, 'ReservedStageName').result;
  assert.equal(fixedReserved, 'FROM alpine AS scratch-stage\nRUN true\nFROM alpine\nCOPY --from=scratch-stage /x /x\n');
  assert.deepEqual(codesOf(fixedReserved), []);
  const invalid = 'FROM alpine AS 1st\nRUN true\nFROM alpine\nCOPY --from=1st /x /x\n';
  const fixedInvalid = applyPreferredFix(invalid, 'InvalidStageName').result;
  assert.equal(fixedInvalid, 'FROM alpine AS st\nRUN true\nFROM alpine\nCOPY --from=st /x /x\n');
  assert.deepEqual(codesOf(fixedInvalid), []);
});

test('UnusedStage: an unnamed dead stage is removed (preferred), comments and separating blank line included', () => {
  const withIndex = 'FROM golang AS builder\nRUN go build -o /app\n\n# old experiment\nFROM debian\nRUN apt-get update\n\nFROM busybox AS tools\nRUN true\n\nFROM alpine\nCOPY --from=builder /app /app\nCOPY --from=2 /bin/busybox /bin/\n';
  const { result } = applyPreferredFix(withIndex, 'UnusedStage');
  assert.equal(result, 'FROM golang AS builder\nRUN go build -o /app\n\nFROM busybox AS tools\nRUN true\n\nFROM alpine\nCOPY --from=builder /app /app\nCOPY --from=1 /bin/busybox /bin/\n');
  assert.deepEqual(codesOf(result), ['NumericStageReference']);
});

test('UnusedStage: a named stage is offered for removal but not preferred; a targeted one not at all', () => {
  const text = 'FROM golang AS test\nRUN go test ./...\nFROM alpine\n';
  const { actions } = fixesFor(text, 'UnusedStage');
  assert.deepEqual(actions.map((a) => [a.title, a.isPreferred ?? false]), [["Remove stage 'test' (it is built only with --target test)", false]]);
  assert.equal(applyAction(text, actions[0]), 'FROM alpine\n');
  const targeted = fixesFor(text, 'UnusedStage', 0, { targetMentions: new Map([['test', [{ file: 'docker-bake.hcl', line: 3 }]]]) });
  assert.deepEqual(targeted.actions, []);
});

test('StageIndexOutOfRange: one fix per stage above, preferred only when there is one', () => {
  const one = 'FROM golang AS builder\nRUN go build -o /app\nFROM alpine\nCOPY --from=2 /app /app\n';
  const fixed = applyPreferredFix(one, 'StageIndexOutOfRange').result;
  assert.equal(fixed, 'FROM golang AS builder\nRUN go build -o /app\nFROM alpine\nCOPY --from=builder /app /app\n');
  assert.deepEqual(codesOf(fixed), []);
  const two = 'FROM golang\nRUN go build -o /app\nFROM node AS web\nRUN npm run build\nFROM alpine\nCOPY --from=5 /app /app\n';
  const { actions } = fixesFor(two, 'StageIndexOutOfRange');
  assert.deepEqual(actions.map((a) => [a.title, a.isPreferred ?? false]), [["Copy from stage 0 (golang), named 'golang-2'", false], ["Copy from stage 'web' (stage 1)", false]]);
  assert.equal(applyAction(two, actions[0]), 'FROM golang AS golang-2\nRUN go build -o /app\nFROM node AS web\nRUN npm run build\nFROM alpine\nCOPY --from=golang-2 /app /app\n');
});

test('VariableInFromFlag: a global ARG gets a stage of its own before the first stage', () => {
  const text = 'ARG BASE_IMAGE=alpine:3.20\n\nFROM golang AS builder\nRUN go build -o /app\n\nFROM alpine\nCOPY --from=${BASE_IMAGE} /etc/ssl/certs /etc/ssl/certs\nCOPY --from=0 /app /app\n';
  const { action, result } = applyPreferredFix(text, 'VariableInFromFlag');
  assert.equal(action.title, "Add stage 'base-image' FROM ${BASE_IMAGE} and copy from it");
  assert.equal(result, 'ARG BASE_IMAGE=alpine:3.20\n\nFROM ${BASE_IMAGE} AS base-image\n\nFROM golang AS builder\nRUN go build -o /app\n\nFROM alpine\nCOPY --from=base-image /etc/ssl/certs /etc/ssl/certs\nCOPY --from=1 /app /app\n');
  assert.deepEqual(codesOf(result), ['NumericStageReference']);
});

test('VariableInFromFlag: a stage-level ARG is declared globally too; an undeclared variable gets no fix', () => {
  const text = 'FROM alpine\nARG TOOLS=busybox:1.36\nCOPY --from=$TOOLS /bin/busybox /bin/\n';
  const { action, result } = applyPreferredFix(text, 'VariableInFromFlag');
  assert.equal(action.title, "Add stage 'tools' FROM $TOOLS and copy from it (declaring ARG TOOLS globally)");
  assert.equal(result, 'ARG TOOLS=busybox:1.36\nFROM $TOOLS AS tools\nFROM alpine\nARG TOOLS=busybox:1.36\nCOPY --from=tools /bin/busybox /bin/\n');
  assert.deepEqual(codesOf(result), []);
  assert.deepEqual(fixesFor('FROM alpine\nCOPY --from=$NOPE /x /x\n', 'VariableInFromFlag').actions, []);
});

test('CircularStageDependency has no fix: which edge is wrong is the author\'s call', () => {
  assert.deepEqual(fixesFor('FROM alpine AS a\nCOPY --from=a /x /x\n', 'CircularStageDependency').actions, []);
});
