import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { applyAction, applyPreferredFix, codesOf, diagnosticsOf, fixesFor } from './fixesSupport';

test('UndefinedStage: one fix per close candidate above the reference, the closest preferred', () => {
  const text = 'FROM golang AS builder\nRUN go build -o /app\nFROM golang AS builds\nFROM alpine\nCOPY --from=buildr /app /app\n';
  const { actions } = fixesFor(text, 'UndefinedStage');
  assert.deepEqual(actions.map((a) => [a.title, a.isPreferred ?? false]), [["Change to 'builder'", true], ["Change to 'builds'", false]]);
  const result = applyAction(text, actions[0]);
  assert.equal(result, 'FROM golang AS builder\nRUN go build -o /app\nFROM golang AS builds\nFROM alpine\nCOPY --from=builder /app /app\n');
  assert.deepEqual(codesOf(result), ['UnusedStage']);
});

test('UndefinedStage: mount from= and a continuation line are fixed on the exact token', () => {
  const text = 'FROM node AS deps\nRUN npm ci\nFROM node\nRUN --mount=type=bind,from=dep,target=/d \\\n    cp -r /d/node_modules .\n';
  const { result } = applyPreferredFix(text, 'UndefinedStage');
  assert.equal(result, 'FROM node AS deps\nRUN npm ci\nFROM node\nRUN --mount=type=bind,from=deps,target=/d \\\n    cp -r /d/node_modules .\n');
  assert.deepEqual(codesOf(result), []);
});

test('UndefinedStage: a value far from every stage (an image pull) gets no fix, nor does a candidate defined below', () => {
  assert.deepEqual(fixesFor('FROM golang AS builder\nFROM alpine\nCOPY --from=busybox /bin/busybox /bin/\n', 'UndefinedStage').actions, []);
  assert.deepEqual(fixesFor('FROM alpine\nCOPY --from=buildr /a /a\nFROM golang AS builder\n', 'UndefinedStage').actions, []);
});

test('StageNameCasing: lower-cases the definition and every reference, whatever their case', () => {
  const text = 'FROM golang AS Builder\nRUN go build -o /app\nFROM Builder AS test\nFROM alpine\nCOPY --from=BUILDER /app /app\nRUN --mount=type=cache,from=builder,target=/c true\n';
  const { action, result } = applyPreferredFix(text, 'StageNameCasing');
  assert.equal(action.title, "Rename stage to 'builder' (and 3 references)");
  assert.equal(result, 'FROM golang AS builder\nRUN go build -o /app\nFROM builder AS test\nFROM alpine\nCOPY --from=builder /app /app\nRUN --mount=type=cache,from=builder,target=/c true\n');
  assert.deepEqual(codesOf(result), ['UnusedStage']);
});

test('NumericStageReference: a named stage is referred to by name', () => {
  const text = 'FROM golang AS builder\nRUN go build -o /app\nFROM alpine\nCOPY --from=0 /app /app\n';
  const { action, result } = applyPreferredFix(text, 'NumericStageReference');
  assert.equal(action.title, "Refer to stage 0 by its name 'builder'");
  assert.equal(result, 'FROM golang AS builder\nRUN go build -o /app\nFROM alpine\nCOPY --from=builder /app /app\n');
  assert.deepEqual(codesOf(result), []);
});

test('NumericStageReference: an unnamed stage is named after its base image, avoiding names in use', () => {
  const text = 'FROM golang:1.22\nRUN go build -o /app\nFROM golang:1.22-alpine AS golang-2\nFROM alpine\nCOPY --from=0 /app /app\n';
  const { action, result } = applyPreferredFix(text, 'NumericStageReference');
  assert.equal(action.title, "Name stage 0 'golang' and refer to it by name");
  assert.equal(result, 'FROM golang:1.22 AS golang\nRUN go build -o /app\nFROM golang:1.22-alpine AS golang-2\nFROM alpine\nCOPY --from=golang /app /app\n');
  assert.deepEqual(codesOf(result), ['UnusedStage']);
});

test('NumericStageReference: the new name never captures a bare image name used by a later FROM', () => {
  const text = 'FROM alpine\nRUN echo hi > /x\nFROM alpine\nCOPY --from=0 /x /x\n';
  const { result } = applyPreferredFix(text, 'NumericStageReference');
  assert.equal(result, 'FROM alpine AS alpine-2\nRUN echo hi > /x\nFROM alpine\nCOPY --from=alpine-2 /x /x\n');
  assert.deepEqual(codesOf(result), []);
});

test('fixes keep CRLF line endings', () => {
  const text = 'FROM golang AS Builder\r\nRUN go build -o /app\r\nFROM alpine\r\nCOPY --from=builder /app /app\r\n';
  const { result } = applyPreferredFix(text, 'StageNameCasing');
  assert.equal(result, 'FROM golang AS builder\r\nRUN go build -o /app\r\nFROM alpine\r\nCOPY --from=builder /app /app\r\n');
});

test('BuildToolsInFinalStage: the aggregator offers "Split into builder stage" as its preferred quick fix', () => {
  const text = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n';
  const { actions } = fixesFor(text, 'BuildToolsInFinalStage');
  // No build context is passed, so what the app reads from its folder cannot be known: the title says so.
  assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Split into builder stage (needs a manual fix: see TODO)', true]]);
  const after = diagnosticsOf(applyAction(text, actions[0]));
  assert.deepEqual(after.filter((d) => d.code === 'BuildToolsInFinalStage' || d.severity === DiagnosticSeverity.Error), []);
});
