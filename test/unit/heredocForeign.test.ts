/** dockerfile-utils' diagnostics inside heredoc bodies are dropped: nothing in a body is an instruction. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StagecraftService } from '../../server/src/service/stagecraftService';
import { documentOf } from '../support/diagnose';

test('RUN 3<<IN1 4<<IN2: no "Unknown instruction" from the bodies; a real unknown instruction is still reported', () => {
  const service = new StagecraftService({ log: () => undefined });
  const text = 'FROM alpine\nRUN 3<<IN1 4<<IN2 sh -c "cat <&3; cat <&4"\nhello one\nIN1\nworld two\nIN2\nBOGUS x\n';
  const raw = service.standard.validate(text);
  assert.ok(raw.some((d) => d.range.start.line === 2), 'dockerfile-utils reads a body line as an instruction');
  const kept = service.standardDiagnostics(documentOf(text));
  assert.deepEqual(kept.map((d) => d.range.start.line), [6]);
});

test('dockerfile-utils findings BuildKit contradicts are dropped: relative WORKDIR after an absolute one, several sources to .', () => {
  const service = new StagecraftService({ log: () => undefined });
  const text = 'FROM alpine AS base\nWORKDIR /src\nFROM base\nWORKDIR app\nCOPY a b .\nCOPY a b dir\n';
  const raw = service.standard.validate(text).map((d) => `${d.code}@${d.range.start.line}`);
  assert.ok(raw.includes('50@3') && raw.includes('23@4') && raw.includes('23@5'), raw.join(' '));
  const kept = service.standardDiagnostics(documentOf(text)).map((d) => `${d.code}@${d.range.start.line}`);
  assert.deepEqual(kept, ['23@5']);
  const first = 'FROM alpine\nWORKDIR app\n';
  assert.deepEqual(service.standardDiagnostics(documentOf(first)).map((d) => `${d.code}@${d.range.start.line}`), ['50@1']);
});
