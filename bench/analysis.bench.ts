/**
 * `npm run bench`: what Stagecraft costs while the user types.
 *  1. Our stage analysis (analyzeDocument + computeStageDiagnostics) against dockerfile-utils'
 *     validate on the same generated text, in the same run, at 100 / 1,000 / 10,000 lines.
 *  2. didChange → publishDiagnostics over stdio with the real server at 1,000 lines.
 *  3. Start-up: process start → initialize answered, didOpen → first diagnostics (startup.bench.ts).
 * Prints tables; asserts nothing (speed is measured, not tested).
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { validate } from 'dockerfile-utils';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { computeStageDiagnostics } from '../server/src/features/diagnostics';
import { analyzeDocument } from '../server/src/service/analysis';
import { LspProcess, SERVER_PATH } from '../test/support/lspProcess';
import { generateDockerfile } from './generate';
import { measureStartup } from './startup.bench';
import { formatTable, median, percentile } from './stats';

const SIZES = [100, 1_000, 10_000];
const ROUND_TRIP_LINES = 1_000;
const EDITS = 200;

/** Median wall time of `run` in ms, after warm-up, over enough runs to take about half a second. */
function timeMedian(run: () => unknown): number {
  for (let i = 0; i < 5; i++) run();
  const probe = performance.now();
  run();
  const once = Math.max(performance.now() - probe, 0.01);
  const runs = Math.min(200, Math.max(7, Math.round(500 / once)));
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function benchAnalysis(): void {
  const rows: string[][] = [];
  let previous: { lines: number; ours: number; theirs: number } | undefined;
  for (const lines of SIZES) {
    const text = generateDockerfile(lines);
    // A new document each run, as after an edit: nothing is cached between runs.
    const ours = timeMedian(() => computeStageDiagnostics(analyzeDocument(TextDocument.create('file:///bench/Dockerfile', 'dockerfile', 1, text))));
    const theirs = timeMedian(() => validate(text));
    const growth = (now: number, before: number | undefined) =>
      previous && before !== undefined ? `${((now / before) / (lines / previous.lines)).toFixed(2)}` : '–';
    rows.push([
      lines.toLocaleString('en'),
      String(lines / 10),
      ours.toFixed(3),
      theirs.toFixed(3),
      (ours / theirs).toFixed(2),
      ((ours * 1000) / lines).toFixed(2),
      growth(ours, previous?.ours),
      growth(theirs, previous?.theirs),
    ]);
    previous = { lines, ours, theirs };
  }
  console.log('\nStage analysis vs dockerfile-utils validate (median ms; ratio < 1: ours is cheaper; growth 1.00 = linear)');
  console.log(formatTable(['lines', 'stages', 'ours ms', 'dockerfile-utils ms', 'ratio', 'ours µs/line', 'ours growth', 'utils growth'], rows));
}

/** Round trips of `EDITS` edits, each waiting for the diagnostics of its own version. */
async function roundTrips(languageFeatures: 'all' | 'stagesOnly'): Promise<number[]> {
  const server = await LspProcess.start();
  const uri = 'file:///bench/roundtrip/Dockerfile';
  const text = generateDockerfile(ROUND_TRIP_LINES);
  const lines = text.split('\n');
  // Edit the `--from=` value of a COPY near the middle: alternately a typo and the right name.
  const line = lines.findIndex((l, i) => i > ROUND_TRIP_LINES / 2 && l.startsWith('COPY --from='));
  const valueStart = 'COPY --from='.length;
  const valueEnd = lines[line].indexOf(' ', valueStart);
  const name = lines[line].slice(valueStart, valueEnd);
  try {
    await server.initialize({ languageFeatures });
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    await server.nextDiagnostics(uri, 1);
    const samples: number[] = [];
    let current = name;
    for (let version = 2; version < EDITS + 2 + 10; version++) {
      const next = version % 2 === 0 ? `${name}x` : name;
      const published = server.nextDiagnostics(uri, version);
      const start = performance.now();
      server.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character: valueStart }, end: { line, character: valueStart + current.length } }, text: next }],
      });
      await published;
      // The first ten are warm-up (JIT).
      if (version >= 12) samples.push(performance.now() - start);
      current = next;
    }
    return samples;
  } finally {
    await server.shutdown();
  }
}

async function benchRoundTrip(): Promise<void> {
  const rows: string[][] = [];
  for (const features of ['all', 'stagesOnly'] as const) {
    const samples = await roundTrips(features);
    rows.push([features, String(samples.length), percentile(samples, 50).toFixed(2), percentile(samples, 95).toFixed(2), Math.max(...samples).toFixed(2)]);
  }
  console.log(`\ndidChange → publishDiagnostics over stdio, ${ROUND_TRIP_LINES.toLocaleString('en')} lines (ms; goal p50 < 20)`);
  console.log(formatTable(['languageFeatures', 'edits', 'p50', 'p95', 'max'], rows));
}

async function main(): Promise<void> {
  if (!existsSync(SERVER_PATH)) {
    console.error(`bench: ${SERVER_PATH} is missing; run \`npm run build\` first`);
    process.exit(2);
  }
  console.log(`Node ${process.version}, server ${SERVER_PATH}`);
  benchAnalysis();
  await benchRoundTrip();
  await measureStartup();
}

void main();
