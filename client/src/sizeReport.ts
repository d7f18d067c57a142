/**
 * "Stagecraft: Estimate Image Size": asks the language server for the estimate
 * (`stagecraft/estimateSize`, waiting for registry look-ups under a progress notification) and
 * shows it in a webview that follows the VS Code theme, with a strict CSP and no scripts.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { formatBytes } from '../../server/src/size/sizeFigure';

interface Bytes { compressed: number; uncompressed: number; low?: number; high?: number }
interface Part { line: number; kind: string; bytes: Bytes; source: string; detail: string }
interface Stage { index: number; name?: string; base: string; role: string; shipped: boolean; bytes: Bytes; parts: Part[]; platform: string }
interface Report {
  file: string;
  platform: string;
  target: string;
  final: Bytes;
  report: { stages: Stage[]; summaries: string[]; alternatives: { base: string; bytes: Bytes; why: string }[]; notes: string[]; targetIndex: number };
}

export function registerSizeReport(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): void {
  context.subscriptions.push(vscode.commands.registerCommand('stagecraft.estimateImageSize', async (uri?: vscode.Uri | string) => {
    const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri ?? vscode.window.activeTextEditor?.document.uri;
    const client = getClient();
    if (!target || !client) {
      void vscode.window.showWarningMessage('Open a Dockerfile to estimate its image size.');
      return;
    }
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Stagecraft: estimating image size (registry look-ups)…', cancellable: false },
      () => client.sendRequest<Report | null>('stagecraft/estimateSize', { uri: target.toString(), waitForRegistry: true }),
    );
    if (!report) {
      void vscode.window.showWarningMessage('Stagecraft could not estimate this Dockerfile (is it open?).');
      return;
    }
    const panel = vscode.window.createWebviewPanel('stagecraft.sizeReport', `Image size: ${target.path.split('/').pop()}`, vscode.ViewColumn.Beside, { enableScripts: false });
    panel.webview.html = renderReport(report, nonce());
  }));
}

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 32 }, () => chars[Math.floor(Math.random() * chars.length)]).join('');
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function bar(value: number, max: number, kind: 'disk' | 'pull'): string {
  const percent = max > 0 ? Math.max(0.5, Math.min(100, (value / max) * 100)) : 0;
  return `<div class="bar ${kind}"><span style="width:${percent.toFixed(1)}%"></span></div>`;
}

/** The report page: pure HTML and CSS (theme variables), no scripts at all. */
export function renderReport(report: Report, nonceValue: string): string {
  const stages = report.report.stages;
  const max = Math.max(1, ...stages.map((stage) => stage.bytes.uncompressed));
  const sections = stages.map((stage, i) => {
    const role = stage.role === 'final' ? 'final image' : stage.role === 'shipped' ? 'in the final image' : stage.role === 'built' ? 'built, not shipped' : 'not built by default';
    const rows = stage.parts.map((part) => `<tr>
        <td class="num">${part.line + 1}</td><td>${escape(part.kind.toUpperCase())}</td>
        <td>${bar(part.bytes.uncompressed, max, 'disk')}${bar(part.bytes.compressed, max, 'pull')}</td>
        <td class="num">${formatBytes(part.bytes.uncompressed)}</td><td class="num">${formatBytes(part.bytes.compressed)}</td>
        <td class="num">${formatBytes(part.bytes.low ?? part.bytes.uncompressed)} – ${formatBytes(part.bytes.high ?? part.bytes.uncompressed)}</td>
        <td><span class="source ${escape(part.source)}">${escape(part.source)}</span></td><td class="detail">${escape(part.detail)}</td></tr>`).join('');
    return `<section class="${stage.role}">
      <h2>${escape(stage.name ?? `stage ${stage.index}`)} <small>FROM ${escape(stage.base)} · ${role} · ${escape(stage.platform)}</small></h2>
      <p class="summary">${escape(report.report.summaries[i] ?? '')}</p>
      ${bar(stage.bytes.uncompressed, max, 'disk')}${bar(stage.bytes.compressed, max, 'pull')}
      <p class="total">${formatBytes(stage.bytes.uncompressed)} on disk (${formatBytes(stage.bytes.low ?? 0)} – ${formatBytes(stage.bytes.high ?? 0)}), ${formatBytes(stage.bytes.compressed)} to pull</p>
      <table><thead><tr><th>line</th><th>part</th><th></th><th>on disk</th><th>to pull</th><th>range</th><th>source</th><th>how</th></tr></thead><tbody>${rows}</tbody></table>
    </section>`;
  }).join('');
  const alternatives = report.report.alternatives.length
    ? `<h2>Alternatives</h2><ul>${report.report.alternatives.map((alt) => `<li>on <code>${escape(alt.base)}</code> ≈ ${formatBytes(alt.bytes.uncompressed)} (${formatBytes(alt.bytes.compressed)} to pull): ${escape(alt.why)}</li>`).join('')}</ul>`
    : '';
  const notes = report.report.notes.length ? `<ul class="notes">${report.report.notes.map((note) => `<li>${escape(note)}</li>`).join('')}</ul>` : '';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonceValue}'; img-src 'none'; script-src 'none';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonceValue}">
body { color: var(--vscode-editor-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 16px 24px; }
h1 { font-size: 1.4em; margin-bottom: 0; } h2 { font-size: 1.1em; margin: 20px 0 4px; } small, .detail, .legend { color: var(--vscode-descriptionForeground); }
section { border-left: 3px solid var(--vscode-panel-border); padding-left: 10px; margin-top: 12px; } section.final { border-left-color: var(--vscode-charts-green); } section.not-built { opacity: 0.75; }
.bar { height: 7px; background: var(--vscode-editorWidget-background); margin: 2px 0; border-radius: 3px; min-width: 120px; } .bar span { display: block; height: 100%; border-radius: 3px; }
.bar.disk span { background: var(--vscode-charts-blue); } .bar.pull span { background: var(--vscode-charts-orange); }
table { border-collapse: collapse; width: 100%; margin-top: 6px; } th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--vscode-panel-border); vertical-align: top; } td.num { text-align: right; white-space: nowrap; }
.source { padding: 0 5px; border-radius: 3px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); white-space: nowrap; }
.headline { font-size: 1.2em; } .notes { color: var(--vscode-editorWarning-foreground); } code { font-family: var(--vscode-editor-font-family); }
.key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; } .key.disk { background: var(--vscode-charts-blue); } .key.pull { background: var(--vscode-charts-orange); }
</style><title>Image size</title></head><body>
<h1>Estimated image size</h1>
<p class="legend">${escape(report.file)} · platform ${escape(report.platform)} · target ${escape(report.target)} · <span class="key disk"></span> on disk (docker images) <span class="key pull"></span> to pull (compressed)</p>
<p class="headline">${escape(report.report.summaries[report.report.targetIndex] ?? '')}</p>
${notes}${alternatives}${sections}
<p class="legend">Sources: catalog = docker-library/repo-info sizes shipped with Stagecraft; registry = the image's manifest; build-context = files measured in the workspace; command = sizes stated in the Dockerfile; heuristic = a model with its range.</p>
</body></html>`;
}
