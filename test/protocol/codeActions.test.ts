/** textDocument/codeAction over stdio against the built server (`node dist/server.js --stdio`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspProcess } from '../support/lspProcess';

const URI = 'file:///tmp/stagecraft-protocol-actions/Dockerfile';
const TEXT = 'FROM golang:1.22 AS builder\nRUN CGO_ENABLED=0 go build -o /app .\nFROM alpine:3.20\nCOPY --from=buildr /app /app\n';

interface WireCodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: { code?: string | number }[];
  edit?: { changes?: Record<string, { range: unknown; newText: string }[]>; changeAnnotations?: Record<string, { label: string; description?: string }> };
}

for (const languageFeatures of ['stagesOnly', 'all'] as const) {
  test(`codeAction on an UndefinedStage returns the preferred fix with its edit (${languageFeatures})`, async () => {
    const server = await LspProcess.start();
    try {
      const init = await server.initialize({ languageFeatures });
      assert.deepEqual(init.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'refactor', 'refactor.rewrite'] });
      server.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: TEXT } });
      const published = await server.nextDiagnostics(URI, 1);
      const undefinedStage = published.diagnostics.find((d) => d.code === 'UndefinedStage');
      assert.ok(undefinedStage, 'UndefinedStage published');
      const actions = await server.request<WireCodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: URI },
        range: undefinedStage.range,
        context: { diagnostics: [undefinedStage], only: ['quickfix'] },
      });
      const preferred = actions.filter((action) => action.isPreferred);
      assert.equal(preferred.length, 1);
      assert.equal(preferred[0].title, "Change to 'builder'");
      assert.equal(preferred[0].kind, 'quickfix');
      assert.deepEqual(preferred[0].diagnostics?.map((d) => d.code), ['UndefinedStage']);
      assert.deepEqual(preferred[0].edit?.changes?.[URI], [{ range: { start: { line: 3, character: 12 }, end: { line: 3, character: 18 } }, newText: 'builder' }]);

      // Apply the fix as a client would; then the final FROM offers the base refactors (only refactor kinds when asked for them).
      const edit = preferred[0].edit?.changes?.[URI]?.[0] as { range: unknown; newText: string };
      server.notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: edit.range, text: edit.newText }] });
      const fixed = await server.nextDiagnostics(URI, 2);
      assert.deepEqual(fixed.diagnostics.filter((d) => d.source === 'stagecraft'), []);
      const refactors = await server.request<WireCodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: URI },
        range: { start: { line: 2, character: 2 }, end: { line: 2, character: 2 } },
        context: { diagnostics: [], only: ['refactor'] },
      });
      assert.ok(refactors.length > 0 && refactors.every((action) => action.kind === 'refactor.rewrite' && action.edit?.changes?.[URI]), JSON.stringify(refactors.map((a) => a.title)));
      assert.ok(refactors.some((action) => action.title.startsWith('Use gcr.io/distroless/static-debian12: no shell')));
    } finally {
      assert.equal(await server.shutdown(), 0);
    }
  });
}

test('the split over stdio reads the build context the workspace\'s Makefile declares (the repository root), and its preview says so', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'stagecraft-protocol-context-'));
  const dockerfile = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make\nWORKDIR /srv\nCOPY . .\nRUN make\nCMD ["./build/server", "config/server.conf"]\n';
  mkdirSync(path.join(root, 'containers'));
  mkdirSync(path.join(root, 'config'));
  writeFileSync(path.join(root, 'containers', 'server.Dockerfile'), dockerfile);
  writeFileSync(path.join(root, 'config', 'server.conf'), 'port 80\n');
  writeFileSync(path.join(root, 'Makefile'), 'all:\n\tmkdir -p build && gcc -o build/server main.c\nimage:\n\tdocker build -f containers/server.Dockerfile -t server .\n');
  const uri = pathToFileURL(path.join(root, 'containers', 'server.Dockerfile')).href;
  const server = await LspProcess.start();
  try {
    await server.initialize({}, pathToFileURL(root).href);
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: dockerfile } });
    await server.nextDiagnostics(uri, 1);
    // The workspace is scanned after initialize: ask until the split reads the Makefile's context (bounded).
    let split: WireCodeAction | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      const actions = await server.request<WireCodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, context: { diagnostics: [], only: ['refactor'] } });
      split = actions.find((action) => action.title.startsWith('Split into builder stage'));
      if (split?.edit?.changes?.[uri]?.[0]?.newText.includes('server.conf /srv/config/server.conf')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(split, 'the split is offered');
    const text = split.edit?.changes?.[uri]?.map((edit) => edit.newText).join('') ?? '';
    assert.ok(text.includes('COPY --from=builder /srv/config/server.conf /srv/config/server.conf'), text);
    assert.ok(!text.includes('TODO'), text);
    const descriptions = Object.values(split.edit?.changeAnnotations ?? {}).map((annotation) => annotation.description ?? '');
    assert.ok(descriptions.some((description) => description.includes('build context: the repository root, as Makefile:4 builds it')), descriptions.join('\n'));
  } finally {
    assert.equal(await server.shutdown(), 0);
    rmSync(root, { recursive: true, force: true });
  }
});
