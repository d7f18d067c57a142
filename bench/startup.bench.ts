/**
 * Start-up of the standalone server, each sample a fresh process: process start → initialize
 * answered, and didOpen of a 1,000-line Dockerfile → its first publishDiagnostics (goal < 300 ms).
 * Run alone (`node --import tsx bench/startup.bench.ts`) or from analysis.bench.ts.
 */
import { performance } from 'node:perf_hooks';
import { LspProcess } from '../test/support/lspProcess';
import { generateDockerfile } from './generate';
import { formatTable, median, percentile } from './stats';

const LINES = 1_000;
const PROCESSES = 10;

interface StartupSample {
  initialize: number;
  firstDiagnostics: number;
}

async function sampleOnce(text: string): Promise<StartupSample> {
  const uri = 'file:///bench/startup/Dockerfile';
  const start = performance.now();
  const server = await LspProcess.start();
  try {
    await server.initialize();
    const initialize = performance.now() - start;
    const published = server.nextDiagnostics(uri, 1);
    const opened = performance.now();
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    await published;
    return { initialize, firstDiagnostics: performance.now() - opened };
  } finally {
    await server.shutdown();
  }
}

export async function measureStartup(): Promise<void> {
  const text = generateDockerfile(LINES);
  const samples: StartupSample[] = [];
  for (let i = 0; i < PROCESSES; i++) samples.push(await sampleOnce(text));
  const row = (label: string, values: number[]) => [label, median(values).toFixed(1), percentile(values, 95).toFixed(1), Math.max(...values).toFixed(1)];
  console.log(`\nStart-up, ${PROCESSES} fresh server processes (ms)`);
  console.log(formatTable(['measure', 'median', 'p95', 'max'], [
    row('process start → initialize answered', samples.map((s) => s.initialize)),
    row(`didOpen (${LINES.toLocaleString('en')} lines) → first diagnostics (goal < 300)`, samples.map((s) => s.firstDiagnostics)),
    row('process start → first diagnostics', samples.map((s) => s.initialize + s.firstDiagnostics)),
  ]));
}

if (require.main === module) void measureStartup();
