/**
 * Hands the workbench to the runner's Playwright check: shows the Dockerfile with the typo,
 * waits for the squiggle's diagnostic, then waits for the runner's verdict on what the page shows.
 * Under a runner without a browser (test-electron) there is nobody to look: the test is skipped.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UI_DONE_FILE, UI_HANDSHAKE_ENV, UI_READY_FILE, type UiDone, type UiReady } from '../report';
import { openFixture, waitFor, waitForDiagnostics } from './helpers';

suite('workbench UI', () => {
  test('the UndefinedStage squiggle and its hover are shown in the editor', async function () {
    const handshake = process.env[UI_HANDSHAKE_ENV];
    if (!handshake) this.skip();
    this.timeout(90_000);
    const document = await openFixture('Dockerfile');
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const [diagnostic] = await waitForDiagnostics(document.uri, 'UndefinedStage');
    editor.revealRange(diagnostic.range, vscode.TextEditorRevealType.InCenter);

    const ready: UiReady = { fileName: path.basename(document.fileName), message: diagnostic.message };
    fs.writeFileSync(path.join(handshake, UI_READY_FILE), JSON.stringify(ready));
    const done = await waitFor('the runner\'s UI check', () => {
      const file = path.join(handshake, UI_DONE_FILE);
      return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as UiDone) : undefined;
    }, 80_000);
    assert.ok(done.ok, done.detail);
  });
});
