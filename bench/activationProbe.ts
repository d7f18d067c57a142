/**
 * Runs inside a fresh extension host as its "tests" (bundled by activation.bench.ts): times the
 * extension's activate() (module load + activate until it resolves), then opening a 1,000-line
 * Dockerfile until its first diagnostics arrive; the same for the empty extension named by
 * STAGECRAFT_BENCH_CONTROL; then a second Dockerfile (STAGECRAFT_BENCH_DOCUMENTS names both). Appends one JSON line to STAGECRAFT_BENCH_RESULTS.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';

export interface ActivationSample {
  /** Neither extension was active before the probe asked (nothing else activated them). */
  cold: boolean;
  activateMs: number;
  /** An empty extension activated the same way: what VS Code itself costs. */
  controlActivateMs: number;
  /** What the extension measured itself, when its API reports it. */
  selfReportedMs?: number;
  firstDiagnosticsMs: number;
  /** The same for a second Dockerfile, the server running by then. */
  warmDiagnosticsMs: number;
}

/** activate() from the call until its promise resolves, in ms. */
async function timeActivation<T>(extension: vscode.Extension<T>): Promise<{ ms: number; api: T }> {
  const started = performance.now();
  const api = await extension.activate();
  return { ms: performance.now() - started, api };
}

const EXTENSION_ID = 'stagecraft.stagecraft';

function firstDiagnostics(uri: vscode.Uri): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri.path} within 30 s`)), 30_000);
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((changed) => changed.toString() === uri.toString())) return;
      const found = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'stagecraft');
      if (found.length === 0) return;
      clearTimeout(timer);
      listener.dispose();
      resolve();
    });
  });
}

/** Opens a workspace file (didOpen to the server) and times it until its first diagnostics. */
async function openUntilDiagnostics(folder: vscode.WorkspaceFolder, name: string): Promise<number> {
  const uri = vscode.Uri.joinPath(folder.uri, name);
  const started = performance.now();
  const published = firstDiagnostics(uri);
  await vscode.workspace.openTextDocument(uri);
  await published;
  return performance.now() - started;
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<{ activationMs?: number } | undefined>(EXTENSION_ID);
  const control = vscode.extensions.getExtension(process.env.STAGECRAFT_BENCH_CONTROL!);
  if (!extension || !control) throw new Error(`${EXTENSION_ID} or the control extension is not loaded`);
  const cold = !extension.isActive && !control.isActive;
  // Alternate the order run by run, so one-time warm-ups of the extension host favour neither.
  const results = process.env.STAGECRAFT_BENCH_RESULTS!;
  const controlFirst = (fs.existsSync(results) ? fs.readFileSync(results, 'utf8').split('\n').filter(Boolean).length : 0) % 2 === 1;
  const controlBefore = controlFirst ? await timeActivation(control) : undefined;
  const ours = await timeActivation(extension);
  const controlActivateMs = (controlBefore ?? (await timeActivation(control))).ms;

  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  const [first, second] = process.env.STAGECRAFT_BENCH_DOCUMENTS!.split(',');
  const firstDiagnosticsMs = await openUntilDiagnostics(folder, first);
  const warmDiagnosticsMs = await openUntilDiagnostics(folder, second);
  const sample: ActivationSample = { cold, activateMs: ours.ms, controlActivateMs, selfReportedMs: ours.api?.activationMs, firstDiagnosticsMs, warmDiagnosticsMs };
  fs.appendFileSync(results, `${JSON.stringify(sample)}\n`);
}
