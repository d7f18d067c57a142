/** Quick fixes of BuildKit's build checks and of FromStageCasing: applied, the finding is gone and nothing new appears. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPreferredFix, codesOf } from './fixesSupport';

const rows: { code: string; before: string; title: string; after: string }[] = [
  { code: 'FromAsCasing', before: 'FROM golang as build\nFROM alpine\nCOPY --from=build /a /a\n', title: "Write 'AS'", after: 'FROM golang AS build\nFROM alpine\nCOPY --from=build /a /a\n' },
  { code: 'FromAsCasing', before: 'from golang AS build\nfrom alpine\ncopy --from=build /a /a\n', title: "Write 'as'", after: 'from golang as build\nfrom alpine\ncopy --from=build /a /a\n' },
  { code: 'UndefinedArgInFrom', before: 'ARG VERSION=3.20\nFROM alpine:${VERSON}\n', title: "Change to 'VERSION'", after: 'ARG VERSION=3.20\nFROM alpine:${VERSION}\n' },
  { code: 'RedundantTargetPlatform', before: 'FROM --platform=$TARGETPLATFORM alpine\nRUN true\n', title: 'Remove --platform (the target platform is the default)', after: 'FROM alpine\nRUN true\n' },
  { code: 'MultipleInstructionsDisallowed', before: 'FROM alpine\nCMD ["a"]\nRUN true\nCMD ["b"]\n', title: 'Remove this CMD (line 2): only the last one is used', after: 'FROM alpine\nRUN true\nCMD ["b"]\n' },
  { code: 'FromStageCasing', before: 'FROM golang AS builder\nFROM Builder AS test\nFROM alpine\nCOPY --from=test /a /a\n', title: "Change to 'builder'", after: 'FROM golang AS builder\nFROM builder AS test\nFROM alpine\nCOPY --from=test /a /a\n' },
];

for (const row of rows) {
  test(`${row.code}: ${row.title}`, () => {
    const { action, result } = applyPreferredFix(row.before, row.code);
    assert.equal(action.title, row.title);
    assert.equal(result, row.after);
    assert.deepEqual(codesOf(result), []);
  });
}
