/**
 * Property-based tests (fast-check): random and mutated Dockerfiles never make the analysis or
 * any stage feature throw, finish in bounded time, and give only ranges inside the document.
 * dockerfile-language-service runs on the same inputs behind our guard, which must always answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Range } from 'vscode-languageserver-types';
import { documentOf } from '../support/diagnose';
import { analyzeDocument } from '../../server/src/analysis/documentAnalysis';
import { computeStageDiagnostics } from '../../server/src/features/diagnostics';
import { documentSymbols } from '../../server/src/features/symbols';
import { stageFoldingRanges } from '../../server/src/features/folding';
import { findStageReferences } from '../../server/src/features/references';
import { stageHover } from '../../server/src/features/stageHover';
import { StandardFeatures } from '../../server/src/features/standardFeatures';

const CORPUS = [
  'ARG GO=1.22\nFROM --platform=$BUILDPLATFORM golang:${GO} AS build\nRUN --mount=type=cache,target=/root/.cache \\\n    go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
  'FROM node:22 AS deps\nCOPY package*.json ./\nRUN npm ci\nFROM deps AS build\nCOPY . .\nRUN npm run build\nFROM deps AS test\nRUN npm test\nFROM nginx:alpine\nCOPY --from=build /dist /usr/share/nginx/html\n',
  '# escape=`\r\nFROM mcr.microsoft.com/windows AS build\r\nRUN dir `\r\n    c:\\\r\nFROM build\r\nCOPY --from=0 C:\\a C:\\b\r\n',
  'FROM alpine AS base\nRUN <<EOF\nFROM x\nCOPY --from=nope a b\nEOF\nCOPY <<-"A" <<B /dst/\n\tline\n\tA\nFROM y\nB\nONBUILD COPY --from=base / /\nFROM base\nCOPY --from=bse / /\nCOPY --from=$X / /\nCOPY --from=7 / /\n',
  'FROM a AS one\nCOPY --from=two / /\nFROM b AS two\nCOPY --from=one / /\nFROM later\nFROM c AS later\nFROM d AS Later\nFROM e AS scratch\n',
];

const INSERTIONS = ['\\', '\\\n', '`', '"', "'", '<<EOF', '<<-EOF\n', '\nEOF\n', '\r', '\r\n', '\n', '\u0000', '\uFEFF', '\uD800', '😀', '${', '$X', '--from=', '--mount=from=', 'FROM ', ' AS ', '# escape=`\n', '#', ',', '=', 'x'.repeat(20_000)];

type Mutation = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; length: number } | { kind: 'char'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...INSERTIONS) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('char' as const), at: fc.nat(), text: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) }),
);

function mutate(text: string, mutations: Mutation[]): string {
  let result = text;
  for (const change of mutations) {
    const at = result.length === 0 ? 0 : change.at % (result.length + 1);
    if (change.kind === 'delete') result = result.slice(0, at) + result.slice(at + change.length);
    else result = result.slice(0, at) + change.text + result.slice(at);
  }
  return result;
}

const dockerfileText: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...CORPUS), fc.array(mutation, { minLength: 1, maxLength: 12 })).map(([base, changes]) => mutate(base, changes)),
  fc.array(fc.constantFrom('FROM a AS b', 'FROM b', 'COPY --from=b / /', 'COPY --from=0 / /', 'RUN <<EOF', 'EOF', 'RUN x \\', '# c', '', 'ARG X=b', 'FROM $X', 'RUN --mount=type=bind,from=b,target=/t true', 'ONBUILD RUN <<E'), { maxLength: 40 }).map((lines) => lines.join('\n')),
  fc.string({ unit: 'binary', maxLength: 400 }),
);

/** Line lengths the way LSP (and TextDocument) count lines: \r\n, \r and \n all end a line. */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function assertInside(lengths: number[], range: Range, what: string): void {
  for (const position of [range.start, range.end]) {
    assert.ok(Number.isInteger(position.line) && position.line >= 0 && position.line < lengths.length, `${what}: line ${position.line} of ${lengths.length}`);
    assert.ok(Number.isInteger(position.character) && position.character >= 0 && position.character <= lengths[position.line], `${what}: character ${position.character} > ${lengths[position.line]}`);
  }
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what}: start after end`);
}

/** A generous guard against hangs and blow-ups, not a speed assertion (speed is benchmarked). */
const BOUND_MS = 5_000;

test('analysis and the stage features never throw, stay bounded, and give ranges inside the document', () => {
  fc.assert(
    fc.property(dockerfileText, fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), (text, offsets) => {
      const started = performance.now();
      const document = documentOf(text);
      const lengths = lineLengths(text);
      const analysis = analyzeDocument(document);
      for (const diagnostic of computeStageDiagnostics(analysis, { target: 'b' })) {
        assertInside(lengths, diagnostic.range, `diagnostic ${diagnostic.code}`);
        for (const related of diagnostic.relatedInformation ?? []) assertInside(lengths, related.location.range, 'relatedInformation');
      }
      for (const diagnostic of computeStageDiagnostics(analysis)) assertInside(lengths, diagnostic.range, `diagnostic ${diagnostic.code}`);
      const visit = (symbols: ReturnType<typeof documentSymbols>) => {
        for (const symbol of symbols) {
          assertInside(lengths, symbol.range, 'symbol');
          assertInside(lengths, symbol.selectionRange, 'symbol selection');
          visit(symbol.children ?? []);
        }
      };
      visit(documentSymbols(analysis));
      for (const range of stageFoldingRanges(analysis)) {
        assert.ok(range.startLine >= 0 && range.startLine < range.endLine && range.endLine < lengths.length, `folding ${range.startLine}-${range.endLine}`);
      }
      // Positions: random ones, and the start of every reference (where hover and references answer).
      const positions = offsets.map((offset) => document.positionAt(offset % (text.length + 1)));
      for (const reference of analysis.model.references.slice(0, 20)) positions.push(document.positionAt(reference.span.start));
      for (const position of positions) {
        for (const location of findStageReferences(analysis, position, true)) assertInside(lengths, location.range, 'reference');
        const hover = stageHover(analysis, position);
        if (hover?.range) assertInside(lengths, hover.range, 'hover');
      }
      assert.ok(performance.now() - started < BOUND_MS, 'bounded time');
    }),
    { numRuns: 600, seed: 20240601 },
  );
});

test('a fresh random run (new seed each time) finds no property violation either', () => {
  fc.assert(
    fc.property(dockerfileText, (text) => {
      const analysis = analyzeDocument(documentOf(text));
      const lengths = lineLengths(text);
      for (const diagnostic of computeStageDiagnostics(analysis)) assertInside(lengths, diagnostic.range, String(diagnostic.code));
    }),
    { numRuns: 300 },
  );
});

test('dockerfile-language-service on the same inputs: whatever it throws, our guard answers', () => {
  let failuresLogged = 0;
  const standard = new StandardFeatures({ log: (message) => { if (message.includes('failed')) failuresLogged++; } });
  fc.assert(
    fc.property(dockerfileText, fc.nat(), (text, offset) => {
      const started = performance.now();
      const document = documentOf(text);
      const position = document.positionAt(offset % (text.length + 1));
      assert.ok(Array.isArray(standard.validate(text)));
      assert.ok(Array.isArray(standard.folding(text)));
      assert.ok(Array.isArray(standard.highlight(text, position)));
      assert.ok(Array.isArray(standard.format(text, { insertSpaces: true, tabSize: 4 })));
      const hover = standard.hover(text, position);
      assert.ok(hover === null || typeof hover === 'object');
      const definition = standard.definition(document.uri, text, position);
      assert.ok(definition === null || typeof definition === 'object');
      assert.ok(performance.now() - started < BOUND_MS, 'bounded time');
    }),
    { numRuns: 250, seed: 7 },
  );
  // Not an assertion on the library's quality: a record of how often the guard was needed.
  if (failuresLogged > 0) process.stdout.write(`# dockerfile-language-service threw ${failuresLogged} times; all caught\n`);
});
