/** textDocument/codeAction over stdio against the built server (`node dist/server.js --stdio`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspProcess } from '../support/lspProcess';

const URI = 'file:///tmp/stagecraft-protocol-actions/Dockerfile';
const TEXT = 'FROM golang:1.22 AS builder\nRUN CGO_ENABLED=0 go build -o /app .\nFROM alpine:3.20\nCOPY --from=buildr /app /app\n';

interface WireCodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: { code?: string | number }[];
  edit?: { changes?: Record<string, { range: unknown; newText: string }[]> };
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
