/**
 * "Stagecraft: Estimate Image Size": asks the language server for the estimate
 * (`stagecraft/estimateSize`, waiting for registry look-ups under a progress notification) and
 * shows it in a webview that follows the VS Code theme, with a strict CSP (a nonce'd stylesheet,
 * no style attributes) and no scripts.
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
    // The header names the file as the workspace does (the full path stays in a tooltip).
    const shownPath = vscode.workspace.getWorkspaceFolder(target) ? vscode.workspace.asRelativePath(target, false) : undefined;
    panel.webview.html = renderReport(report, nonce(), shownPath);
  }));
}

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 32 }, () => chars[Math.floor(Math.random() * chars.length)]).join('');
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * The bars' widths. The CSP allows only the nonce'd stylesheet (no `style` attributes), so each
 * width is a class, in steps of half a percent, whose rule the stylesheet carries.
 */
class BarWidths {
  private readonly used = new Set<number>();
  constructor(private readonly max: number) {}

  bar(value: number, kind: 'disk' | 'pull'): string {
    const percent = this.max > 0 ? Math.max(0.5, Math.min(100, (value / this.max) * 100)) : 0;
    const step = Math.round(percent * 2);
    this.used.add(step);
    return `<div class="bar ${kind}"><span class="w${step}"></span></div>`;
  }

  rules(): string {
    return [...this.used].sort((a, b) => a - b).map((step) => `.bar span.w${step} { width: ${step / 2}%; }`).join('\n');
  }
}

/** "198–246 MB" when both ends share a unit, "800 kB – 3.2 MB" otherwise, one figure when they are equal. */
function formatRange(low: number, high: number): string {
  const from = formatBytes(low);
  const to = formatBytes(high);
  if (from === to) return from;
  const [fromValue, fromUnit] = from.split(' ');
  const [toValue, toUnit] = to.split(' ');
  return fromUnit === toUnit ? `${fromValue}–${toValue} ${toUnit}` : `${from} – ${to}`;
}

function fileName(file: string): string {
  return file.split(/[\\/]/).filter(Boolean).pop() ?? file;
}

const STYLE = `
body { color: var(--vscode-editor-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 16px 24px; line-height: 1.4; }
h1 { font-size: 1.4em; margin: 16px 0 2px; } h2 { font-size: 1.1em; margin: 18px 0 2px; } h2 small { font-weight: normal; }
small, .detail, .legend, .meta { color: var(--vscode-descriptionForeground); }
.meta, .legend { margin: 2px 0; } .meta > span, .legend > span { white-space: nowrap; }
.file { font-family: var(--vscode-editor-font-family); color: var(--vscode-foreground); }
section { border-left: 3px solid var(--vscode-panel-border); padding-left: 10px; margin-top: 12px; } section.final { border-left-color: var(--vscode-charts-green); } section.not-built { opacity: 0.75; }
section p { margin: 4px 0; }
.bar { height: 7px; background: var(--vscode-editorWidget-background); margin: 2px 0; border-radius: 3px; min-width: 120px; overflow: hidden; } .bar span { display: block; height: 100%; width: 0; border-radius: 3px; }
.bar.disk span { background: var(--vscode-charts-blue); } .bar.pull span { background: var(--vscode-charts-orange); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; table-layout: fixed; width: 100%; min-width: 40em; margin-top: 6px; }
th, td { text-align: left; padding: 3px 5px; border-bottom: 1px solid var(--vscode-panel-border); vertical-align: top; }
th { white-space: nowrap; font-weight: 600; color: var(--vscode-descriptionForeground); }
th.num, td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.num, td.src, td.kind { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
td .bar { min-width: 0; margin: 3px 0; }
col.c-line { width: 2.8em; } col.c-part { width: 4.3em; } col.c-bars { width: 11%; } col.c-size { width: 4.9em; } col.c-range { width: 9.4em; } col.c-source { width: 8.8em; }
tbody tr:hover td { background: var(--vscode-list-hoverBackground); }
.how { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; line-clamp: 2; overflow: hidden; overflow-wrap: anywhere; }
.source { padding: 0 5px; border-radius: 3px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); white-space: nowrap; }
.headline { font-size: 1.2em; margin: 10px 0; } .notes { color: var(--vscode-editorWarning-foreground); } code { font-family: var(--vscode-editor-font-family); }
.key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; vertical-align: -1px; margin-right: 2px; } .key.disk { background: var(--vscode-charts-blue); } .key.pull { background: var(--vscode-charts-orange); }
`;

/**
 * The report page: pure HTML and CSS (theme variables), no scripts at all. `shownPath` is how the
 * header names the file (the workspace-relative path; the file name when not given); the full
 * path is its tooltip.
 */
export function renderReport(report: Report, nonceValue: string, shownPath?: string): string {
  const stages = report.report.stages;
  const bars = new BarWidths(Math.max(1, ...stages.map((stage) => stage.bytes.uncompressed)));
  const sections = stages.map((stage, i) => {
    const role = stage.role === 'final' ? 'final image' : stage.role === 'shipped' ? 'in the final image' : stage.role === 'built' ? 'built, not shipped' : 'not built by default';
    const rows = stage.parts.map((part) => {
      const range = formatRange(part.bytes.low ?? part.bytes.uncompressed, part.bytes.high ?? part.bytes.uncompressed);
      return `<tr>
        <td class="num">${part.line + 1}</td><td class="kind">${escape(part.kind.toUpperCase())}</td>
        <td>${bars.bar(part.bytes.uncompressed, 'disk')}${bars.bar(part.bytes.compressed, 'pull')}</td>
        <td class="num">${formatBytes(part.bytes.uncompressed)}</td><td class="num">${formatBytes(part.bytes.compressed)}</td>
        <td class="num" title="${escape(range)}">${range}</td>
        <td class="src"><span class="source ${escape(part.source)}" title="${escape(part.source)}">${escape(part.source)}</span></td>
        <td class="detail"><div class="how" title="${escape(part.detail)}">${escape(part.detail)}</div></td></tr>`;
    }).join('');
    return `<section class="${stage.role}">
      <h2>${escape(stage.name ?? `stage ${stage.index}`)} <small>FROM ${escape(stage.base)} · ${role} · ${escape(stage.platform)}</small></h2>
      <p class="summary">${escape(report.report.summaries[i] ?? '')}</p>
      ${bars.bar(stage.bytes.uncompressed, 'disk')}${bars.bar(stage.bytes.compressed, 'pull')}
      <p class="total">${formatBytes(stage.bytes.uncompressed)} on disk (${formatRange(stage.bytes.low ?? 0, stage.bytes.high ?? 0)}), ${formatBytes(stage.bytes.compressed)} to pull</p>
      <div class="table-wrap"><table>
      <colgroup><col class="c-line"><col class="c-part"><col class="c-bars"><col class="c-size"><col class="c-size"><col class="c-range"><col class="c-source"><col class="c-how"></colgroup>
      <thead><tr><th class="num">line</th><th>part</th><th></th><th class="num">on disk</th><th class="num">to pull</th><th class="num">range</th><th>source</th><th>how</th></tr></thead><tbody>${rows}</tbody></table></div>
    </section>`;
  }).join('');
  const alternatives = report.report.alternatives.length
    ? `<h2>Alternatives</h2><ul>${report.report.alternatives.map((alt) => `<li>on <code>${escape(alt.base)}</code> ≈ ${formatBytes(alt.bytes.uncompressed)} (${formatBytes(alt.bytes.compressed)} to pull): ${escape(alt.why)}</li>`).join('')}</ul>`
    : '';
  const notes = report.report.notes.length ? `<ul class="notes">${report.report.notes.map((note) => `<li>${escape(note)}</li>`).join('')}</ul>` : '';
  const shown = shownPath && shownPath.length > 0 ? shownPath : fileName(report.file);
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonceValue}'; img-src 'none'; script-src 'none';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonceValue}">${STYLE}${bars.rules()}
</style><title>Image size</title></head><body>
<h1>Estimated image size</h1>
<p class="meta"><span class="file" title="${escape(report.file)}">${escape(shown)}</span> · <span>platform ${escape(report.platform)}</span> · <span>target ${escape(report.target)}</span></p>
<p class="legend"><span><span class="key disk"></span> on disk (docker images)</span> &nbsp; <span><span class="key pull"></span> to pull (compressed)</span></p>
<p class="headline">${escape(report.report.summaries[report.report.targetIndex] ?? '')}</p>
${notes}${alternatives}${sections}
<p class="legend">Sources: catalog = docker-library/repo-info sizes shipped with Stagecraft; registry = the image's manifest; build-context = files measured in the workspace; command = sizes stated in the Dockerfile; heuristic = a model with its range.</p>
</body></html>`;
}
