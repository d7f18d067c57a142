/**
 * End-to-end: the packaged product in a real VS Code, driven like a user. The .vsix from
 * `npm run package` is installed into code-server (no extension development path, no test
 * payload); Playwright opens a Dockerfile with Quick Open, hovers the UndefinedStage squiggle,
 * applies the fix from the lightbulb menu, reads the size lenses, runs "Estimate Image Size" from
 * the command palette, looks at the Outline, and splits a single-stage image through VS Code's
 * Refactor Preview. Screenshots of each step: test-artifacts/e2e/.
 * In CI a missing code-server or Chromium fails; elsewhere it is a loud skip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkSquiggleHover } from '../vscode/runner/uiCheck';
import { INSTALL_HINT, REPO_ROOT } from '../vscode/runner/paths';
import { findCodeServerTools } from '../vscode/runner/prerequisites';
import { openProductSession, type ProductSession } from './productSession';
import { packagedVsix } from './vsix';
import { activeTab, boxOf, quickOpen, runCommand, Screenshots, STEP_TIMEOUT_MS, until, visibleText, waitForWorkbench, webviewContent } from './workbench';

const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
const TYPO_LINE = 'COPY --from=buildr /out/app /usr/local/bin/app';
const FIXED_LINE = 'COPY --from=builder /out/app /usr/local/bin/app';
const inCi = process.env.CI === 'true';

test('the packaged extension in a real VS Code, used like a user', { timeout: 300_000 }, async (t) => {
  const tools = findCodeServerTools();
  if ('reason' in tools) {
    if (inCi) assert.fail(`CI needs code-server and Chromium for the end-to-end tests: ${tools.reason}`);
    t.skip(`SKIPPED: ${tools.reason.includes(INSTALL_HINT) ? tools.reason : `${tools.reason}; ${INSTALL_HINT}`}`);
    return;
  }
  const log = (line: string) => t.diagnostic(line);
  const started = Date.now();
  const { file: vsix } = packagedVsix(log);
  const session: ProductSession = await openProductSession(tools, vsix, log);
  const { page } = session;
  const shots = new Screenshots(SCREENSHOT_DIR);
  const editorPart = page.locator('.part.editor');
  const codeArea = { width: 960, height: 400 }; // the 14 lines of the Dockerfile and what floats over them
  let steps = 0;
  /** A subtest that leaves a picture of the window when it fails. */
  const step = (name: string, body: () => Promise<void> | void) => t.test(name, async () => {
    steps++;
    try {
      await body();
    } catch (error) {
      await shots.take(page, `failed-step-${steps}`).catch(() => undefined);
      throw error;
    }
  });
  try {
    await step('the .vsix is what got installed', () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(session.installedExtension, 'package.json'), 'utf8')) as { name: string };
      assert.equal(manifest.name, 'stagecraft');
      assert.ok(fs.existsSync(path.join(session.installedExtension, 'dist', 'server.js')), 'the bundled server is installed');
      assert.ok(!fs.existsSync(path.join(session.installedExtension, 'client')), 'no sources: this is the package, not the repository');
    });

    await step('Quick Open the multi-stage Dockerfile: the UndefinedStage squiggle and its hover', async () => {
      await waitForWorkbench(page);
      await quickOpen(page, 'Dockerfile');
      await until(page, 'the typo line', async () => (await visibleText(page)).includes(TYPO_LINE));
      const screenshot = path.join(SCREENSHOT_DIR, '01-undefined-stage-hover.png');
      const result = await checkSquiggleHover(page, { fileName: 'Dockerfile', message: "'buildr' is not a stage: did you mean 'builder'? ..." }, screenshot);
      assert.ok(result.ok, result.detail);
      log(result.detail);
      await shots.take(page, '01-undefined-stage-hover', editorPart, codeArea);
    });

    await step('Ctrl+. on the typo offers "Change to \'builder\'"; choosing it fixes the line and the squiggle goes', async () => {
      await page.keyboard.press('Escape'); // the hover
      const box = await boxOf(page, page.locator('.monaco-editor .view-overlays .squiggly-error').first());
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2 - 4); // the cursor on "buildr"
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: "Change to 'builder'" });
      await fix.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await shots.take(page, '02-quick-fix-menu', editorPart, codeArea);
      await fix.click();
      await until(page, 'the fixed line', async () => (await visibleText(page)).includes(FIXED_LINE));
      assert.ok(!(await visibleText(page)).includes(TYPO_LINE), 'the typo is gone from the editor');
      await until(page, 'the error squiggle to go', async () => (await page.locator('.monaco-editor .squiggly-error').count()) === 0);
      await shots.take(page, '03-fixed', editorPart, codeArea);
    });

    await step('the size lenses: one per FROM, the final image first in its own words', async () => {
      const lenses = page.locator('.part.editor .codelens-decoration');
      const final = lenses.filter({ hasText: 'Final image ≈' });
      // After the fix the final stage copies from the builder: the lens says what the split saves.
      await until(page, 'the final lens to count the saving', async () => /smaller than shipping the builder/.test((await final.allInnerTexts()).join('\n')));
      const texts = (await lenses.allInnerTexts()).map((text) => text.trim());
      assert.equal(texts.length, 3, texts.join(' | '));
      assert.match(texts[2], /^Final image ≈ [\d.]+ [kMG]?B \([\d.]+ [kMG]?B to pull\) · \d+% smaller than shipping the builder$/);
      assert.match(texts[0], /^builder ≈ [\d.]+ [kMG]?B · not in the final image$/);
      assert.equal(texts[1], 'test · not built by default');
      await shots.take(page, '04-size-lenses', editorPart, codeArea);
    });

    await step('"Stagecraft: Estimate Image Size" from the command palette shows the report', async () => {
      await runCommand(page, 'Stagecraft: Estimate Image Size');
      await activeTab(page, 'Image size: Dockerfile').waitFor({ timeout: STEP_TIMEOUT_MS });
      const body = webviewContent(page).locator('body');
      await body.locator('section.final').waitFor({ timeout: STEP_TIMEOUT_MS });
      const headings = (await body.locator('h2').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
      assert.ok(headings.some((h) => h.startsWith('builder FROM golang:1.22-alpine')), headings.join(' | '));
      assert.ok(headings.some((h) => /^stage 2 FROM alpine:3\.20 · final image/.test(h)), headings.join(' | '));
      assert.match(await body.locator('section.final .total').innerText(), /[\d.]+ [kMG]?B on disk .* to pull/);
      // The report's table wants room: the picture is taken without the side bar (the Outline brings it back).
      await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
      await shots.take(page, '05-size-report', editorPart);
    });

    await step('the Outline lists the stages', async () => {
      await page.locator('.tabs-container .tab', { hasText: /^Dockerfile/ }).first().click();
      await activeTab(page, 'Dockerfile').waitFor({ timeout: STEP_TIMEOUT_MS });
      await runCommand(page, 'Explorer: Focus on Outline View');
      const outline = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Outline' }) });
      const stages = outline.locator('.monaco-list-row[aria-level="1"] .label-name');
      await until(page, 'the stages in the Outline', async () => (await stages.count()) >= 3);
      assert.deepEqual(await stages.allInnerTexts(), ['builder', 'test', 'stage 2']);
      await shots.take(page, '06-outline', page.locator('.part.sidebar'));
    });

    await step('Ctrl+. on a single-stage FROM: "Split into builder stage" opens the Refactor Preview, each assumption labelled; Apply splits the file', async () => {
      await quickOpen(page, 'go-single.Dockerfile');
      await until(page, 'the single-stage FROM', async () => (await visibleText(page)).includes('FROM golang:1.22'));
      // The cursor on the BuildToolsInFinalStage squiggle (the image of the FROM).
      const squiggle = page.locator('.part.editor .editor-group-container.active .monaco-editor .view-overlays .squiggly-warning').first();
      const box = await boxOf(page, squiggle);
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2 - 4);
      await page.mouse.move(box.x + box.width / 2, box.y + 200); // no hover over the menu
      await page.keyboard.press('Escape');
      const split = page.locator('.action-widget .monaco-list-row', { hasText: 'Split into builder stage' }).first();
      // The lightbulb menu lists what the server answered for the cursor; ask again if it came up before the answer.
      await until(page, 'the split in the lightbulb menu', async () => {
        if (!(await page.locator('.action-widget').first().isVisible())) await page.keyboard.press('Control+.');
        return split.isVisible();
      });
      await shots.take(page, '07-split-menu', editorPart, codeArea);
      await split.click();
      // The edit's change annotations need confirmation: VS Code shows the Refactor Preview with
      // every change unticked, and changes nothing until the user ticks them and presses Apply.
      const preview = page.locator('.bulk-edit-panel[data-state="data"]');
      await preview.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      assert.ok(!(await visibleText(page)).some((line) => / AS builder$/.test(line)), 'nothing is applied before Apply');
      const rows = preview.locator('.monaco-list-row');
      const ticked = preview.locator('.monaco-list-row .monaco-custom-toggle.checked');
      assert.equal(await ticked.count(), 0, 'every change of the split waits for the user');
      // The file's box ticks all of its changes.
      await rows.first().locator('.monaco-custom-toggle').click();
      await until(page, 'every change ticked', async () => (await ticked.count()) === (await rows.count()));
      // Grouped by type, the preview lists the labels of the assumptions.
      await page.locator('.part.panel .title-actions .action-label[aria-label^="Group Changes By Type"]').click();
      await until(page, 'the labels in the preview', async () => (await rows.allInnerTexts()).some((text) => text.includes('Builder stage and runtime stage on')));
      const labels = (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
      log(`preview rows: ${labels.join(' | ')}`);
      assert.ok(labels.some((text) => text.includes('Instructions the running container needs, in the runtime stage')), labels.join(' | '));
      await shots.take(page, '08-split-preview', page.locator('.part.panel'));
      await preview.locator('.buttons .monaco-button', { hasText: 'Apply' }).click();
      await until(page, 'the split in the editor', async () => (await visibleText(page)).includes('FROM golang:1.22 AS builder'));
      const text = await visibleText(page);
      assert.ok(text.some((line) => /^COPY --from=builder \S+ \S+/.test(line)), text.join('\n'));
      assert.equal(text.filter((line) => line.startsWith('FROM ')).length, 2, text.join('\n'));
    });
  } finally {
    await session.close();
    t.diagnostic(`${shots.taken.length} screenshots in ${path.relative(REPO_ROOT, SCREENSHOT_DIR)}/; ${Date.now() - started} ms in all`);
  }
});
