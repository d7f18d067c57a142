/**
 * The size report's page (client/src/sizeReport.ts, renderReport) as HTML: the header names the
 * file by its workspace path with the full path as a tooltip, long explanations are clamped with
 * the full text in a tooltip, and the page keeps its strict CSP (a nonce'd stylesheet, no style
 * attributes, no scripts, nothing external) and theme colours only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';

// The module registers a command through `vscode`, which only exists in the extension host:
// a stand-in is enough for the pure renderer.
type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Loader };
const originalLoad = moduleWithLoad._load;
moduleWithLoad._load = (request, parent, isMain) => (request === 'vscode' ? {} : originalLoad(request, parent, isMain));

// Loaded after the stand-in is in place (a static import would be hoisted above it).
const { renderReport } = require('../../client/src/sizeReport') as typeof import('../../client/src/sizeReport');
type Report = Parameters<typeof renderReport>[0];

const NONCE = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const LONG_HOW = 'Go module cache in /go/pkg/mod (0 modules); Go build cache in /root/.cache/go-build; Go binary model: 0 modules in go.mod → /out/app';

function sample(): Report {
  const part = (line: number, kind: string, uncompressed: number, source: string, detail: string, low = uncompressed, high = uncompressed) =>
    ({ line, kind, bytes: { compressed: Math.round(uncompressed / 2.6), uncompressed, low, high }, source, detail });
  const builder = {
    index: 0, name: 'builder', base: 'golang:1.22-alpine', role: 'built', shipped: false, platform: 'linux/amd64',
    bytes: { compressed: 119e6, uncompressed: 343e6, low: 239e6, high: 649e6 },
    parts: [part(1, 'base', 222e6, 'catalog', 'nearest catalog tag: golang:1.21-alpine3.19 (amd64)', 198e6, 246e6), part(4, 'run', 122e6, 'heuristic', LONG_HOW, 41e6, 404e6)],
  };
  const final = {
    index: 1, base: 'alpine:3.20', role: 'final', shipped: true, platform: 'linux/amd64',
    bytes: { compressed: 4.3e6, uncompressed: 9.4e6, low: 8.4e6, high: 11e6 },
    parts: [part(6, 'base', 7.8e6, 'catalog', 'catalog figure: alpine:3.20 (amd64)'), part(7, 'copy', 1.6e6, 'heuristic', '/out/app: 1 file known from stage builder <script>', 800e3, 3.2e6)],
  };
  return {
    file: '/tmp/stagecraft-e2e-X74OpD/workspace/docker/Dockerfile',
    platform: 'linux/amd64',
    target: '1',
    final: final.bytes,
    report: { stages: [builder, final], summaries: ['builder ≈ 343 MB · not in the final image', 'Final image ≈ 9.4 MB (4.3 MB to pull)'], alternatives: [], notes: [], targetIndex: 1 },
  };
}

function render(shownPath?: string): string {
  return renderReport(sample(), NONCE, shownPath);
}

test('the header shows the workspace-relative path, the full path only as a tooltip', () => {
  const html = render('docker/Dockerfile');
  const header = /<p class="meta">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
  assert.match(header, /<span class="file" title="\/tmp\/stagecraft-e2e-X74OpD\/workspace\/docker\/Dockerfile">docker\/Dockerfile<\/span>/);
  assert.equal(html.split('/tmp/stagecraft-e2e-X74OpD').length - 1, 1, 'the temporary path appears only in the title');
  assert.match(header, /platform linux\/amd64/);
});

test('without a workspace path the header shows the file name', () => {
  const html = render();
  assert.match(html, /<span class="file" title="[^"]+">Dockerfile<\/span>/);
});

test('long explanations are clamped to two lines with the full text as a tooltip; numbers do not wrap', () => {
  const html = render('Dockerfile');
  const escaped = LONG_HOW.replace(/&/g, '&#38;');
  assert.ok(html.includes(`<div class="how" title="${escaped}">${escaped}</div>`), 'the how cell carries its full text as a title');
  assert.match(html, /\.how \{[^}]*-webkit-line-clamp: 2;[^}]*\}/);
  assert.match(html, /td\.num \{[^}]*white-space: nowrap;/);
  assert.match(html, /table \{[^}]*table-layout: fixed;/);
  assert.ok(!html.includes('<script>'), 'details are escaped');
  assert.match(html, /198–246 MB/, 'a range within one unit is written once');
  assert.match(html, /800 kB – 3\.2 MB/);
});

test('the page keeps a strict CSP: one nonce\'d stylesheet, no style attributes, no scripts, nothing external, theme colours only', () => {
  const html = render('Dockerfile');
  assert.match(html, new RegExp(`content="default-src 'none'; style-src 'nonce-${NONCE}'; img-src 'none'; script-src 'none';"`));
  assert.deepEqual(html.match(/<style[^>]*>/g), [`<style nonce="${NONCE}">`]);
  assert.doesNotMatch(html, /\sstyle="/, 'inline style attributes would be blocked by the CSP');
  assert.doesNotMatch(html, /<script|<link|<img|@import|url\(|https?:\/\//i);
  const css = /<style[^>]*>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  assert.doesNotMatch(css, /#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/i, 'colours come from the theme');
  // The bars' widths are classes of that stylesheet: the largest stage fills its bar.
  assert.match(css, /\.bar span\.w200 \{ width: 100%; \}/);
  for (const [, step] of html.matchAll(/<span class="(w\d+)"><\/span>/g)) assert.ok(css.includes(`.bar span.${step} {`), `a rule for ${step}`);
});
