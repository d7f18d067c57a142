import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyTextEdits } from '../../server/src/actions/edits';
import { NO_CONTEXT, type ContextFiles } from '../../server/src/workspace/contextFiles';
import { splitBuilderActions } from '../../server/src/actions/splitBuilder';
import { findingsToDiagnostics } from '../../server/src/features/diagnostics';
import { checkBuildTools } from '../../server/src/rules/buildToolsRule';
import { findRule } from '../../server/src/rules/ruleCatalog';
import { analyzeDocument } from '../../server/src/analysis/documentAnalysis';
import { documentOf } from '../support/diagnose';

function offer(text: string, line = 0, context: ContextFiles = NO_CONTEXT) {
  const document = documentOf(text, 'untitled:Dockerfile');
  const analysis = analyzeDocument(document);
  const diagnostics = findingsToDiagnostics(analysis, checkBuildTools(analysis.model));
  const range = { start: { line, character: 0 }, end: { line, character: 0 } };
  const actions = splitBuilderActions(analysis, range, diagnostics, context);
  const apply = (index = 0) => applyTextEdits(text, actions[index].edit?.changes?.[document.uri] ?? []);
  return { actions, diagnostics, apply };
}

describe('split into builder stage: edges', () => {
  it('registers BuildToolsInFinalStage as a warning on the final base', () => {
    assert.equal(findRule('BuildToolsInFinalStage')?.defaultSeverity, 'warning');
    const { diagnostics } = offer('FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n');
    assert.equal(diagnostics.length, 1);
    assert.deepEqual(diagnostics[0].range, { start: { line: 0, character: 5 }, end: { line: 0, character: 16 } });
  });

  it('reads COPY sources as BuildKit does: `..` never climbs above the context root', () => {
    const files: Record<string, string> = { 'config/app.conf': 'port 80\n' };
    const context: ContextFiles = { exists: (file) => file in files, read: (file) => files[file], list: (dir) => (dir === '.' || dir === '' ? ['config/'] : dir === 'config/' || dir === 'config' ? ['app.conf'] : undefined) };
    for (const source of ['../..', './', '../config/']) {
      const destination = source === '../config/' ? 'config/' : '.';
      const text = `FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make\nWORKDIR /srv\nCOPY ${source} ${destination}\nRUN gcc -o /srv/app main.c\nCMD ["/srv/app", "config/app.conf"]\n`;
      const result = offer(text, 0, context).apply();
      assert.match(result, /COPY --from=builder \/srv\/config\/app\.conf \/srv\/config\/app\.conf/, `${source}: ${result}`);
      assert.ok(!result.includes('TODO'), `${source}: ${result}`);
    }
  });

  it('keeps CRLF line ends', () => {
    const { apply } = offer('FROM golang:1.22\r\nWORKDIR /src\r\nRUN go build -o /out/app .\r\nCMD ["/out/app"]\r\n');
    const result = apply();
    assert.ok(!/[^\r]\n/.test(result), JSON.stringify(result));
    assert.match(result, /FROM golang:1.22 AS builder\r\n/);
  });

  it('offers the refactor only on the FROM line', () => {
    const text = 'FROM rust:1.77\nWORKDIR /w\nRUN cargo build --release --bin tool\nCMD ["/w/target/release/tool"]\n';
    assert.equal(offer(text, 1).actions.filter((a) => a.kind === 'refactor.rewrite').length, 0);
    assert.equal(offer(text, 0).actions.filter((a) => a.kind === 'refactor.rewrite').length, 1);
  });

  it('splits a flagged final stage of a multi-stage file: unique builder name, the stage keeps its own name', () => {
    const text = 'FROM alpine AS builder\nRUN echo assets > /a\n\nFROM golang:1.22 AS app\nWORKDIR /src\nCOPY --from=builder /a /src/a\nRUN go build -o /bin/app .\nCMD ["/bin/app"]\n';
    const { actions, apply } = offer(text, 3);
    assert.deepEqual(actions.map((a) => a.kind), ['quickfix']);
    const result = apply();
    assert.match(result, /FROM golang:1.22 AS builder-2\n/);
    assert.match(result, /FROM gcr\.io\/distroless\/static-debian12 AS app\n/);
    assert.match(result, /COPY --from=builder-2 \/bin\/app \/bin\/app/);
    assert.match(result, /COPY --from=builder \/a \/src\/a/, 'the earlier stage is still used by the builder');
  });

  it('keeps heredocs verbatim and lets a file without a final line break end without one', () => {
    const text = 'FROM golang:1.22\nWORKDIR /src\nRUN <<EOF\ngo build -o /out/app .\nEOF\nCMD ["/out/app"]';
    const result = offer(text).apply();
    assert.match(result, /RUN <<EOF\ngo build -o \/out\/app \.\nEOF\n/);
    assert.ok(result.endsWith('CMD ["/out/app"]'));
  });

  it('says in the title that the image runs a development server', () => {
    const { actions } = offer('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]\n');
    assert.ok(actions.length > 0, 'offered');
    for (const action of actions) assert.equal(action.title, 'Split into builder stage (the image runs a development server, manage.py runserver: no compilers at runtime)');
  });

  it('is not offered when there is nothing to split', () => {
    assert.deepEqual(offer('FROM nginx:alpine\nCOPY site/ /usr/share/nginx/html/\n').actions, []);
    assert.deepEqual(offer('FROM scratch\nCOPY app /\n').actions, []);
  });
});
