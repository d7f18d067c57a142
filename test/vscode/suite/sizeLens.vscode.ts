/**
 * Size CodeLenses and the report through VS Code's own API: one lens per FROM with the final
 * image first, lenses that follow edits, and the command that opens the report webview.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './helpers';

const REPORT_VIEW_TYPE = 'stagecraft.sizeReport';

async function lensTitles(document: vscode.TextDocument): Promise<Map<number, string>> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
  return new Map(lenses.filter((lens) => lens.command?.command === 'stagecraft.estimateImageSize').map((lens) => [lens.range.start.line, lens.command!.title]));
}

function fromLines(document: vscode.TextDocument): number[] {
  const lines: number[] = [];
  for (let line = 0; line < document.lineCount; line++) if (/^FROM\s/i.test(document.lineAt(line).text)) lines.push(line);
  return lines;
}

/** Lens titles once they differ from `before` (the server answers the edit, not a stale cache). */
function titlesAfterEdit(document: vscode.TextDocument, before: Map<number, string>): Promise<Map<number, string>> {
  return waitFor('the lenses to follow the edit', async () => {
    const titles = await lensTitles(document);
    return JSON.stringify([...titles]) !== JSON.stringify([...before]) ? titles : undefined;
  });
}

async function replaceAll(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.equal(await vscode.workspace.applyEdit(edit), true);
}

function reportTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(REPORT_VIEW_TYPE));
}

suite('size lenses', () => {
  test('a lens on every FROM; the final stage\'s lens gives the final image size', async () => {
    const document = await openFixture('sizes.Dockerfile');
    const titles = await waitFor('lenses', async () => ((await lensTitles(document)).size > 0 ? lensTitles(document) : undefined));
    assert.deepEqual([...titles.keys()], fromLines(document), [...titles.values()].join(' | '));
    const [builder, testStage, final] = [...titles.values()];
    assert.match(final, /^Final image ≈ [\d.]+ [kMG]?B \([\d.]+ [kMG]?B to pull\) · \d+% smaller than shipping the builder$/);
    assert.match(builder, /^builder ≈ [\d.]+ [kMG]?B · not in the final image$/);
    assert.equal(testStage, 'test · not built by default');
  });

  test('the lenses follow edits: a heavier final base, then a new final stage', async () => {
    const document = await openFixture('sizes.Dockerfile');
    const original = document.getText();
    try {
      const before = await waitFor('lenses', async () => ((await lensTitles(document)).size === 3 ? lensTitles(document) : undefined));
      await replaceAll(document, original.replace('FROM gcr.io/distroless/static-debian12', 'FROM debian:12'));
      const heavier = await titlesAfterEdit(document, before);
      const finalLine = fromLines(document).at(-1)!;
      assert.match(heavier.get(finalLine)!, /^Final image ≈ /);
      assert.notEqual(heavier.get(finalLine), before.get(finalLine), 'the final size changed with the base');

      await replaceAll(document, `${document.getText()}\nFROM scratch AS release\nCOPY --from=builder /out/app /app\n`);
      const added = await titlesAfterEdit(document, heavier);
      assert.deepEqual([...added.keys()], fromLines(document), 'a lens on the new FROM too');
      assert.equal(added.size, 4);
      assert.match(added.get(fromLines(document).at(-1)!)!, /^Final image ≈ /, 'the new last stage is the final image');
      assert.doesNotMatch(added.get(finalLine)!, /^Final image/, 'the former final stage is no longer final');
    } finally {
      await replaceAll(document, original);
    }
  });

  test('"Stagecraft: Estimate Image Size" opens the report webview', async () => {
    const document = await openFixture('sizes.Dockerfile');
    await vscode.window.showTextDocument(document, { preview: false });
    for (const tab of reportTabs()) await vscode.window.tabGroups.close(tab);
    await vscode.commands.executeCommand('stagecraft.estimateImageSize');
    const [tab] = await waitFor('the report tab', () => (reportTabs().length > 0 ? reportTabs() : undefined));
    assert.equal(tab.label, 'Image size: sizes.Dockerfile');
    await vscode.window.tabGroups.close(tab);
  });
});
