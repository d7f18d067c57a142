/**
 * Activation in the real VS Code (code-server): the packaged extension (.vsix, production build)
 * in a fresh extension host per run, timed from inside by bench/activationProbe.ts:
 * activate() until it resolves, next to an empty extension's (what VS Code costs by itself; the
 * goal of < 50 ms is for the difference), and opening a 1,000-line Dockerfile until its first
 * diagnostics (goal < 300 ms). One code-server, one new workbench window per run.
 * `npm run bench:activation [-- RUNS]` (default 7 runs).
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installVsix } from '../test/e2e/productSession';
import { packagedVsix } from '../test/e2e/vsix';
import { runInWorkbench } from '../test/vscode/runner/browser';
import { startCodeServer } from '../test/vscode/runner/codeServer';
import { codeServerVersion } from '../test/vscode/runner/paths';
import { findCodeServerTools } from '../test/vscode/runner/prerequisites';
import type { ActivationSample } from './activationProbe';
import { generateDockerfile } from './generate';
import { formatTable, median, percentile } from './stats';

const RUNS = Number(process.argv[2] ?? 7);
const LINES = 1_000;
const GOALS = { activateMs: 50, firstDiagnosticsMs: 300 };
const DOCUMENTS = ['big.Dockerfile', 'big-again.Dockerfile'];
const CONTROL_EXTENSION = { publisher: 'stagecraft-bench', name: 'activation-control' };

async function bundleProbe(outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'index.js');
  await esbuild.build({ entryPoints: [path.join(__dirname, 'activationProbe.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning' });
  return outfile;
}

/** An extension that does nothing: its activation time is VS Code's own cost. */
function writeControlExtension(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = { ...CONTROL_EXTENSION, version: '0.0.0', engines: { vscode: '^1.91.0' }, main: './index.js', activationEvents: [] };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
  fs.writeFileSync(path.join(dir, 'index.js'), 'exports.activate = () => ({});\n');
}

function readSamples(file: string): ActivationSample[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as ActivationSample);
}

function row(label: string, values: number[], goal?: number): string[] {
  const cells = [median(values), percentile(values, 95), Math.max(...values)].map((value) => value.toFixed(1));
  return [label, String(values.length), ...cells, goal === undefined ? '' : median(values) < goal ? `< ${goal} ✔` : `< ${goal} ✘`];
}

async function main(): Promise<void> {
  const tools = findCodeServerTools();
  if ('reason' in tools) throw new Error(tools.reason);
  const { file: vsix } = packagedVsix((line) => console.log(line));
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-activation-'));
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace);
  for (const name of DOCUMENTS) fs.writeFileSync(path.join(workspace, name), generateDockerfile(LINES));
  const results = path.join(runDir, 'results.jsonl');
  // The product as a user installs it and an empty control extension, both loaded from one
  // development folder (VS Code scans it for extensions) so the probe can run beside them.
  const devFolder = path.join(runDir, 'dev');
  await installVsix(tools.codeServer, vsix, runDir, devFolder);
  writeControlExtension(path.join(devFolder, CONTROL_EXTENSION.name));
  const probe = await bundleProbe(path.join(runDir, 'probe'));
  const server = await startCodeServer({ binary: tools.codeServer, runDir, workspace, env: { STAGECRAFT_BENCH_RESULTS: results, STAGECRAFT_BENCH_CONTROL: `${CONTROL_EXTENSION.publisher}.${CONTROL_EXTENSION.name}`, STAGECRAFT_BENCH_DOCUMENTS: DOCUMENTS.join(',') } });
  try {
    for (let run = 1; run <= RUNS; run++) {
      const handshakeDir = path.join(runDir, `handshake-${run}`);
      fs.mkdirSync(handshakeDir);
      const outcome = await runInWorkbench({
        chromium: tools.chromium, origin: server.origin, workspace, extensionPath: devFolder, testsEntry: probe, handshakeDir,
        screenshot: path.join(runDir, 'unused.png'), failureScreenshot: path.join(runDir, `run-${run}-timeout.png`),
        env: { ...process.env, HOME: path.join(runDir, 'home'), TMPDIR: path.join(runDir, 'tmp') },
        timeoutMs: 60_000, abort: server.died, log: () => undefined,
      });
      if (outcome.exitCode !== 0) throw new Error(`run ${run}: the probe failed (exit ${outcome.exitCode})\n${outcome.log.slice(-15).join('\n')}`);
      process.stdout.write(`run ${run}/${RUNS} done\r`);
    }
  } finally {
    await server.stop();
  }
  const samples = readSamples(results);
  fs.rmSync(runDir, { recursive: true, force: true });
  if (samples.length !== RUNS || samples.some((sample) => !sample.cold)) throw new Error(`expected ${RUNS} cold samples, got ${JSON.stringify(samples)}`);
  console.log(`\nActivation of the packaged extension in code-server ${codeServerVersion()}, a fresh extension host per run (ms)`);
  const rows = [
    row('activate() until resolved: Stagecraft', samples.map((s) => s.activateMs)),
    row('activate() until resolved: an empty extension (VS Code\'s own cost)', samples.map((s) => s.controlActivateMs)),
    row('Stagecraft\'s share: minus the empty extension, per run', samples.map((s) => s.activateMs - s.controlActivateMs), GOALS.activateMs),
  ];
  const selfReported = samples.map((s) => s.selfReportedMs).filter((ms): ms is number => ms !== undefined);
  if (selfReported.length === samples.length) rows.push(row('inside Stagecraft\'s activate() (its own clock)', selfReported));
  rows.push(row(`open a ${LINES.toLocaleString('en')}-line Dockerfile → first diagnostics (server starting meanwhile)`, samples.map((s) => s.firstDiagnosticsMs), GOALS.firstDiagnosticsMs));
  rows.push(row('activate() called → first diagnostics', samples.map((s) => s.activateMs + s.firstDiagnosticsMs)));
  rows.push(row('open another 1,000-line Dockerfile → first diagnostics (server running)', samples.map((s) => s.warmDiagnosticsMs), GOALS.firstDiagnosticsMs));
  console.log(formatTable(['measure', 'runs', 'median', 'p95', 'max', 'goal (median)'], rows));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
