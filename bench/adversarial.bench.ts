/**
 * `npm run bench:adversarial`: what hostile Dockerfiles cost (test/support/hostileShapes).
 *  1. Per shape at 16 KB, 64 KB and 256 KB, in process: our diagnostics, code actions (with the
 *     async build-context reads), the size lens and the size estimate; median CPU ms of a fresh
 *     document version per run (as after an edit), and the growth from 64 KB to 256 KB
 *     (1.00 = linear). Goal: every request under 50 ms at 64 KB, growth near 1.
 *  2. The anchor in the same run: the same texts through dockerfile-language-server-nodejs over
 *     stdio (didOpen → publishDiagnostics, then documentSymbol), and through our server the same
 *     way: wall ms, or whether it answered at all within the bound.
 * Prints Markdown tables; asserts nothing (speed is measured, not tested).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SizeLensFeature } from '../server/src/features/sizeLens';
import { StagecraftService } from '../server/src/service/stagecraftService';
import { ContextFileCache } from '../server/src/workspace/contextFiles';
import { LspProcess, SERVER_PATH } from '../test/support/lspProcess';
import { TEXT_SHAPES } from '../test/support/hostileShapes';
import { formatTable, median } from './stats';

const SIZES = [16 * 1024, 64 * 1024, 256 * 1024];
const GOAL_MS = 50;
/** How long a server over stdio gets per document before it counts as not answering. */
const STDIO_BOUND_MS = 20_000;
const ANCHOR_PATH = path.resolve(__dirname, '../node_modules/dockerfile-language-server-nodejs/bin/docker-langserver');
const REQUESTS = ['diagnostics', 'code actions', 'lens', 'estimate'] as const;
type RequestName = (typeof REQUESTS)[number];

async function cpuMs(run: () => unknown): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Median CPU ms per request over `runs` fresh versions of the document. */
async function measureShape(text: string, runs: number): Promise<Record<RequestName, number>> {
  const samples: Record<RequestName, number[]> = { diagnostics: [], 'code actions': [], lens: [], estimate: [] };
  const service = new StagecraftService({ log: () => undefined } as never);
  const lens = new SizeLensFeature({ registry: () => undefined, lookupsAllowed: () => false, refresh: () => undefined, log: () => undefined });
  const settings = { languageFeatures: 'stagesOnly' as const, rules: {} };
  for (let version = 1; version <= runs + 1; version++) {
    const document = TextDocument.create('file:///nonexistent/stagecraft-bench/Dockerfile', 'dockerfile', version, text);
    const whole = { start: { line: 0, character: 0 }, end: document.positionAt(text.length) };
    let diagnostics: ReturnType<StagecraftService['diagnostics']> = [];
    const costs: Record<RequestName, number> = {
      // The analysis is made by the first request of an edit, as in the server.
      diagnostics: await cpuMs(() => (diagnostics = service.diagnostics(document, settings))),
      'code actions': await cpuMs(() => service.codeActionsReading(new ContextFileCache(), document, whole, diagnostics, settings)),
      lens: await cpuMs(() => lens.codeLenses(document, service.analyze(document))),
      estimate: await cpuMs(() => lens.estimateSize(document, { uri: document.uri }, service.analyze(document))),
    };
    // The first version warms the JIT up and is not counted.
    if (version > 1) for (const name of REQUESTS) samples[name].push(costs[name]);
  }
  return Object.fromEntries(REQUESTS.map((name) => [name, median(samples[name])])) as Record<RequestName, number>;
}

const format = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

async function benchInProcess(): Promise<void> {
  const rows: string[][] = [];
  let worst64 = { ms: 0, what: '' };
  for (const shape of TEXT_SHAPES) {
    const bySize = new Map<number, Record<RequestName, number>>();
    for (const bytes of SIZES) bySize.set(bytes, await measureShape(shape.generate(bytes), bytes >= 256 * 1024 ? 3 : 5));
    for (const name of REQUESTS) {
      const [small, middle, large] = SIZES.map((bytes) => bySize.get(bytes)![name]);
      // Cost per byte from 64 KB to 256 KB relative to linear; tiny times are all noise.
      const growth = middle >= 1 ? (large / middle / 4).toFixed(2) : '–';
      if (middle > worst64.ms) worst64 = { ms: middle, what: `${shape.name} ${name}` };
      rows.push([shape.name, name, format(small), format(middle), format(large), growth, middle < GOAL_MS ? 'yes' : 'NO']);
    }
  }
  console.log('\n### Our requests, in process (median CPU ms per fresh document version)\n');
  console.log(formatTable(['shape', 'request', '16 KB', '64 KB', '256 KB', 'growth 64→256 KB', `< ${GOAL_MS} ms at 64 KB`], rows));
  console.log(`\nSlowest at 64 KB: ${worst64.what}, ${format(worst64.ms)} ms.`);
}

interface StdioResult {
  diagnostics?: number;
  symbols?: number;
  survived: boolean;
}

/** didOpen → first publishDiagnostics, then documentSymbol, over stdio; a new process per document so one stall does not hide the next. */
async function overStdio(serverPath: string, text: string, initializationOptions: Record<string, unknown>): Promise<StdioResult> {
  const server = await LspProcess.start(['--stdio'], serverPath);
  const uri = 'file:///nonexistent/stagecraft-bench/Dockerfile';
  const result: StdioResult = { survived: false };
  try {
    await server.initialize(initializationOptions);
    const started = performance.now();
    const published = server.nextDiagnostics(uri, undefined, STDIO_BOUND_MS);
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    await published;
    result.diagnostics = performance.now() - started;
    const symbolsStarted = performance.now();
    await server.request('textDocument/documentSymbol', { textDocument: { uri } }, STDIO_BOUND_MS);
    result.symbols = performance.now() - symbolsStarted;
    result.survived = !server.exited;
  } catch {
    result.survived = false;
  } finally {
    server.kill();
  }
  return result;
}

function describe(result: StdioResult, field: 'diagnostics' | 'symbols'): string {
  const value = result[field];
  if (value === undefined) return result.survived ? 'no answer' : `no answer in ${STDIO_BOUND_MS / 1000} s`;
  return format(value);
}

async function benchAnchor(): Promise<void> {
  const rows: string[][] = [];
  for (const shape of TEXT_SHAPES) {
    for (const bytes of SIZES) {
      const text = shape.generate(bytes);
      const ours = await overStdio(SERVER_PATH, text, { languageFeatures: 'stagesOnly' });
      const theirs = await overStdio(ANCHOR_PATH, text, {});
      rows.push([shape.name, `${bytes / 1024} KB`, describe(ours, 'diagnostics'), describe(ours, 'symbols'), describe(theirs, 'diagnostics'), describe(theirs, 'symbols'), theirs.survived ? 'yes' : 'NO']);
    }
  }
  console.log('\n### Over stdio: Stagecraft (stagesOnly) against dockerfile-language-server-nodejs (wall ms, one process per document)\n');
  console.log(formatTable(['shape', 'size', 'ours: diagnostics', 'ours: symbols', 'anchor: diagnostics', 'anchor: symbols', 'anchor answered'], rows));
}

async function main(): Promise<void> {
  console.log(`# Adversarial benchmark — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0].toFixed(1)}`);
  await benchInProcess();
  await benchAnchor();
}

void main();
