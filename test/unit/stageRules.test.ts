import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import { codes, describe, diagnose } from '../support/diagnose';

test('a clean multi-stage Dockerfile has no diagnostics', () => {
  const text = [
    'FROM golang:1.22 AS builder',
    'RUN go build -o /app .',
    'FROM alpine:3.20',
    'COPY --from=builder /app /app',
  ].join('\n');
  assert.deepEqual(diagnose(text), []);
});

test('UndefinedStage: a typo close to a stage is an error naming the stage, on the exact token', () => {
  const text = 'FROM golang AS builder\nFROM alpine\nCOPY --from=buildr /a /a\n';
  const diagnostics = diagnose(text);
  assert.deepEqual(describe(text, diagnostics), ['UndefinedStage@2:12-2:18 "buildr"']);
  assert.equal(diagnostics[0].severity, DiagnosticSeverity.Error);
  assert.match(String(diagnostics[0].message), /did you mean 'builder'\?/);
  assert.match(String(diagnostics[0].message), /docker\.io\/library\/buildr/);
  assert.equal(diagnostics[0].relatedInformation?.[0].location.range.start.line, 0);
  assert.match(String(diagnostics[0].codeDescription?.href), /docs\/rules\/UndefinedStage\.md$/);
});

test('UndefinedStage: equal to a part of a stage name counts as close', () => {
  const text = 'FROM node AS build-assets\nFROM nginx\nCOPY --from=assets /dist /usr/share/nginx/html\n';
  assert.match(String(diagnose(text)[0].message), /did you mean 'build-assets'/);
});

test('UndefinedStage: far from any stage is information about the pull', () => {
  const text = 'FROM golang AS builder\nFROM alpine\nCOPY --from=busybox /bin/busybox /bin/\n';
  const [diagnostic] = diagnose(text);
  assert.equal(diagnostic.code, 'UndefinedStage');
  assert.equal(diagnostic.severity, DiagnosticSeverity.Information);
  assert.equal(String(diagnostic.message), "'busybox' is not a stage: BuildKit pulls image docker.io/library/busybox:latest");
});

test('explicit image references are never stage errors', () => {
  const text = 'FROM alpine\nCOPY --from=nginx:alpine /etc/nginx /x\nCOPY --from=ghcr.io/x/y /a /a\nCOPY --from=busybox@sha256:abc /b /b\n';
  assert.deepEqual(diagnose(text), []);
});

test('line continuation: the range of a reference spans lines exactly', () => {
  const text = 'FROM golang AS builder\nFROM alpine\nCOPY \\\n  --from=buildr \\\n  /a /a\n';
  assert.deepEqual(describe(text, diagnose(text)), ['UndefinedStage@3:9-3:15 "buildr"']);
});

test('stage names are matched case-insensitively, and casing is a warning', () => {
  const text = 'FROM golang AS Builder\nFROM alpine\nCOPY --from=BUILDER /a /a\n';
  assert.deepEqual(describe(text, diagnose(text)), ['StageNameCasing@0:15-0:22 "Builder"']);
});

test('UnusedStage: unnamed dead stage is faded, named one is not', () => {
  const text = 'FROM alpine\nRUN true\nFROM alpine AS test\nRUN true\nFROM scratch\n';
  const diagnostics = diagnose(text);
  assert.deepEqual(codes(diagnostics), ['UnusedStage', 'UnusedStage']);
  assert.deepEqual(diagnostics[0].tags, [DiagnosticTag.Unnecessary]);
  assert.equal(diagnostics[1].tags, undefined);
  assert.match(String(diagnostics[1].message), /--target test/);
});

test('rule severities can be changed or switched off', () => {
  const text = 'FROM golang AS builder\nFROM alpine\nCOPY --from=buildr /a /a\n';
  assert.equal(diagnose(text, { rules: { UndefinedStage: 'warning' } })[0].severity, DiagnosticSeverity.Warning);
  assert.deepEqual(diagnose(text, { rules: { UndefinedStage: 'off' } }), []);
});
