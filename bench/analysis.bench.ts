/**
 * `npm run bench`: what Stagecraft costs while the user types.
 *  1. Our stage analysis (analyzeDocument + computeStageDiagnostics) against dockerfile-utils'
 *     validate on the same generated text, in the same run, at 100 / 1,000 / 10,000 lines.
 *  2. didChange → publishDiagnostics over stdio with the real server at 1,000 lines, then the
 *     size lens (textDocument/codeLens) of the same version.
 *  3. Start-up: process start → initialize answered, didOpen → first diagnostics (startup.bench.ts).
 * Prints tables; asserts nothing (speed is measured, not tested).
 */
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { validate } from 'dockerfile-utils';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { computeStageDiagnostics } from '../server/src/features/diagnostics';
import { analyzeDocument } from '../server/src/analysis/documentAnalysis';
import { LspProcess, SERVER_PATH } from '../test/support/lspProcess';
import { generateDockerfile } from './generate';
import { measureStartup } from './startup.bench';
import { formatTable, median, percentile } from './stats';

const SIZES = [100, 1_000, 10_000];
const ROUND_TRIP_LINES = 1_000;
const EDITS = 200;

interface Cost {
  /** Median process CPU time (user + system, all threads) per run: steadier than wall time on a busy machine. */
  cpu: number;
  /** Fastest run's CPU time: the run least disturbed by other load, used for the growth columns. */
  best: number;
  /** Median wall time per run. */
  wall: number;
}

function costOf(cpu: number[], wall: number[]): Cost {
  return { cpu: median(cpu), best: Math.min(...cpu), wall: median(wall) };
}

/**
 * Median costs of `ours` and `theirs` in ms after warm-up. Their runs alternate, so both see the
 * same load from the rest of the machine and the ratio stays fair when absolute numbers do not.
 */
function measurePair(ours: () => unknown, theirs: () => unknown): [Cost, Cost] {
  const runners = [ours, theirs];
  for (let i = 0; i < 5; i++) runners.forEach((run) => run());
  const probe = performance.now();
  runners.forEach((run) => run());
  const once = Math.max(performance.now() - probe, 0.01);
  const runs = Math.min(200, Math.max(9, Math.round(1000 / once)));
  const samples = runners.map(() => ({ cpu: [] as number[], wall: [] as number[] }));
  for (let i = 0; i < runs; i++) {
    runners.forEach((run, k) => {
      // Short runs are batched, so each sample is well above the CPU clock's granularity.
      const batch = 5;
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      for (let j = 0; j < batch; j++) run();
      samples[k].wall.push((performance.now() - start) / batch);
      const used = process.cpuUsage(cpuStart);
      samples[k].cpu.push((used.user + used.system) / 1000 / batch);
    });
  }
  return [costOf(samples[0].cpu, samples[0].wall), costOf(samples[1].cpu, samples[1].wall)];
}

function benchAnalysis(): void {
  const rows: string[][] = [];
  let previous: { lines: number; ours: number; theirs: number } | undefined;
  for (const lines of SIZES) {
    const text = generateDockerfile(lines);
    const [ours, theirs] = measurePair(
      // A new document each run, as after an edit: nothing is cached between runs.
      () => computeStageDiagnostics(analyzeDocument(TextDocument.create('file:///bench/Dockerfile', 'dockerfile', 1, text))),
      () => validate(text),
    );
    // Cost per line relative to the previous size: 1.00 is linear growth.
    const growth = (now: number, before: number | undefined) =>
      previous && before !== undefined ? ((now / before) / (lines / previous.lines)).toFixed(2) : '–';
    rows.push([
      lines.toLocaleString('en'),
      String(lines / 10),
      ours.cpu.toFixed(2),
      theirs.cpu.toFixed(2),
      (ours.cpu / theirs.cpu).toFixed(2),
      ((ours.best * 1000) / lines).toFixed(2),
      growth(ours.best, previous?.ours),
      growth(theirs.best, previous?.theirs),
      `${ours.wall.toFixed(2)} / ${theirs.wall.toFixed(2)}`,
    ]);
    previous = { lines, ours: ours.best, theirs: theirs.best };
  }
  console.log('\nStage analysis (analyzeDocument + computeStageDiagnostics) vs dockerfile-utils validate, same text, alternating runs');
  console.log('(median CPU ms per run; ratio < 1: ours is cheaper; µs/line and growth from the fastest run, 1.00 = linear)');
  console.log(formatTable(['lines', 'stages', 'ours ms', 'dockerfile-utils ms', 'ratio', 'ours µs/line', 'ours growth', 'utils growth', 'wall ms ours / utils'], rows));
}

/** Round trips of `EDITS` edits, each waiting for the diagnostics of its own version. */
async function roundTrips(languageFeatures: 'all' | 'stagesOnly'): Promise<{ diagnostics: number[]; lens: number[] }> {
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
    const lensSamples: number[] = [];
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
      const took = performance.now() - start;
      // The size lens of the edited version, as the editor asks for it after each change.
      const lensStart = performance.now();
      await server.request('textDocument/codeLens', { textDocument: { uri } });
      // The first ten are warm-up (JIT).
      if (version >= 12) {
        samples.push(took);
        lensSamples.push(performance.now() - lensStart);
      }
      current = next;
    }
    return { diagnostics: samples, lens: lensSamples };
  } finally {
    await server.shutdown();
  }
}

async function benchRoundTrip(): Promise<void> {
  const rows: string[][] = [];
  for (const features of ['all', 'stagesOnly'] as const) {
    const { diagnostics: samples, lens } = await roundTrips(features);
    rows.push([features, String(samples.length), percentile(samples, 50).toFixed(2), percentile(samples, 95).toFixed(2), Math.max(...samples).toFixed(2), percentile(lens, 50).toFixed(2), percentile(lens, 95).toFixed(2), Math.max(...lens).toFixed(2)]);
  }
  console.log(`\ndidChange → publishDiagnostics, then textDocument/codeLens (the size lens) of that version, over stdio, ${ROUND_TRIP_LINES.toLocaleString('en')} lines (ms; goal p50 < 20)`);
  console.log(formatTable(['languageFeatures', 'edits', 'diagnostics p50', 'p95', 'max', 'codeLens p50', 'p95', 'max'], rows));
}

async function main(): Promise<void> {
  if (!existsSync(SERVER_PATH)) {
    console.error(`bench: ${SERVER_PATH} is missing; run \`npm run build\` first`);
    process.exit(2);
  }
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, server ${SERVER_PATH}`);
  benchAnalysis();
  await benchRoundTrip();
  await measureStartup();
  console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

void main();
