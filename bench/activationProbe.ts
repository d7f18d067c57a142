/**
 * Runs inside a fresh extension host as its "tests" (bundled by activation.bench.ts): times the
 * extension's activate() (module load + activate until it resolves), then opening a 1,000-line
 * Dockerfile until its first diagnostics arrive; the same for the empty extension named by
 * STAGECRAFT_BENCH_CONTROL. Appends one JSON line to STAGECRAFT_BENCH_RESULTS.
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
  diagnostics: number;
}

/** activate() from the call until its promise resolves, in ms. */
async function timeActivation<T>(extension: vscode.Extension<T>): Promise<{ ms: number; api: T }> {
  const started = performance.now();
  const api = await extension.activate();
  return { ms: performance.now() - started, api };
}

const EXTENSION_ID = 'stagecraft.stagecraft';
const DOCUMENT = 'big.Dockerfile';

function firstDiagnostics(uri: vscode.Uri): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${DOCUMENT} within 30 s`)), 30_000);
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((changed) => changed.toString() === uri.toString())) return;
      const ours = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'stagecraft');
      if (ours.length === 0) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(ours.length);
    });
  });
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<{ activationMs?: number } | undefined>(EXTENSION_ID);
  const control = vscode.extensions.getExtension(process.env.STAGECRAFT_BENCH_CONTROL!);
  if (!extension || !control) throw new Error(`${EXTENSION_ID} or the control extension is not loaded`);
  const cold = !extension.isActive && !control.isActive;
  // A random order, so one-time warm-ups of the extension host favour neither.
  const controlFirst = Math.random() < 0.5;
  const controlBefore = controlFirst ? await timeActivation(control) : undefined;
  const ours = await timeActivation(extension);
  const controlActivateMs = (controlBefore ?? (await timeActivation(control))).ms;

  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, DOCUMENT);
  const started = performance.now();
  const published = firstDiagnostics(uri);
  await vscode.workspace.openTextDocument(uri);
  const diagnostics = await published;
  const sample: ActivationSample = { cold, activateMs: ours.ms, controlActivateMs, selfReportedMs: ours.api?.activationMs, firstDiagnosticsMs: performance.now() - started, diagnostics };
  fs.appendFileSync(process.env.STAGECRAFT_BENCH_RESULTS!, `${JSON.stringify(sample)}\n`);
}
