/** The texts of issue 2's "Bad input" paragraph, shared by the service and the protocol tests. */

const REALISTIC = 'FROM golang:1.22 AS build\nRUN --mount=type=cache,target=/root/.cache go build \\\n  -o /app ./cmd/app\nFROM alpine\nCOPY --from=build /app /app\nCOPY --from=biuld /x /x\n';

/** The inputs of issue 2's "Bad input" paragraph. */
export const BAD_INPUTS: Record<string, string> = {
  empty: '',
  binary: Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + (i >> 3)) % 256)).toString('latin1'),
  '5 MB': REALISTIC.repeat(Math.ceil((5 * 1024 * 1024) / REALISTIC.length)),
  'unterminated heredoc': 'FROM alpine AS base\nRUN <<EOF\necho never ends\nFROM x\nCOPY --from=nope a b\n',
  '100,000-character line': `FROM alpine AS base\nRUN echo ${'x'.repeat(100_000)}\nCOPY --from=${'y'.repeat(100_000)} /a /b\n`,
  'invalid UTF-8': Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xc3, 0x28, 0xff, 0xfe, 0x0a, 0x52, 0x55, 0x4e, 0x20, 0xed, 0xa0, 0x80, 0x0a]).toString('utf8'),
  'FROM with no argument': 'FROM\nFROM --platform=linux/amd64\nFROM AS\nCOPY --from= a b\n',
};

