import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPreferredFix, codesOf, fixesFor } from './fixesSupport';

test('ShellInShellLessBase: a plain shell-form ENTRYPOINT becomes exec form', () => {
  const text = 'FROM golang:1.22 AS builder\nRUN CGO_ENABLED=0 go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=builder /app /app\nENTRYPOINT /app serve "--name=my app"\n';
  const { action, result } = applyPreferredFix(text, 'ShellInShellLessBase');
  assert.equal(action.title, 'Use the exec form: ENTRYPOINT ["/app", "serve", "--name=my app"]');
  assert.equal(result, 'FROM golang:1.22 AS builder\nRUN CGO_ENABLED=0 go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=builder /app /app\nENTRYPOINT ["/app", "serve", "--name=my app"]\n');
  assert.deepEqual(codesOf(result), []);
});

test('ShellInShellLessBase: no fix for RUN, shell syntax, or an ENTRYPOINT that would start taking CMD as arguments', () => {
  assert.deepEqual(fixesFor('FROM scratch\nRUN mkdir /data\n', 'ShellInShellLessBase').actions, []);
  assert.deepEqual(fixesFor('FROM scratch\nCOPY app /app\nCMD /app --port $PORT\n', 'ShellInShellLessBase').actions, []);
  assert.deepEqual(fixesFor('FROM scratch\nCOPY app /app\nENTRYPOINT /app\nCMD ["--help"]\n', 'ShellInShellLessBase').actions, []);
});
