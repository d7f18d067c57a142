/**
 * What a user does in the workbench, as Playwright steps: Quick Open, the command palette,
 * reading the editor's lines, and screenshots (the whole window, or clipped to one part).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

export const STEP_TIMEOUT_MS = 20_000;

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
}

/** The quick input's row whose label starts with `label` (file search and command lookup take a moment). */
async function pickQuickInputRow(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first();
  await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (!((await row.getAttribute('aria-label')) ?? '').startsWith(label)) {
    if (Date.now() > deadline) throw new Error(`the first quick input row is "${await row.getAttribute('aria-label')}", not "${label}"`);
    await page.waitForTimeout(100);
  }
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
}

async function openQuickInput(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
}

/** Ctrl+P, the file name, Enter: the file's tab becomes the active one. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await openQuickInput(page, 'Control+P');
  await page.keyboard.type(fileName);
  await pickQuickInputRow(page, fileName);
  await activeTab(page, fileName).waitFor({ timeout: STEP_TIMEOUT_MS });
}

/** F1, the command's title, Enter. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await openQuickInput(page, 'F1');
  await page.keyboard.type(title);
  await pickQuickInputRow(page, title);
}

/** The active tab of the active editor group, when its label starts with `label`. */
export function activeTab(page: Page, label: string): Locator {
  const startsWith = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  return page.locator('.part.editor .editor-group-container.active .tabs-container .tab.active').filter({ hasText: startsWith });
}

export function editorLines(page: Page): Locator {
  return page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines .view-line');
}

/** The visible text of the active editor, one string per line in screen order. */
export async function visibleText(page: Page): Promise<string[]> {
  // Monaco renders lines out of order and with no-break spaces; the tsconfig has no DOM types.
  type ViewLine = { style: { top: string }; textContent: string | null };
  const lines = await editorLines(page).evaluateAll((elements: ViewLine[]) =>
    elements.map((line) => ({ top: parseFloat(line.style.top), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') })));
  return lines.sort((a, b) => a.top - b.top).map((line) => line.text);
}

/** Polls until `probe` holds, or throws with `what`. */
export async function until(page: Page, what: string, probe: () => Promise<boolean>, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await page.waitForTimeout(100);
  }
}

/** Where `element` is drawn; Monaco redraws its overlays now and then, so ask until it has a box. */
export async function boxOf(page: Page, element: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  let box: Awaited<ReturnType<Locator['boundingBox']>> = null;
  await until(page, 'a drawn box', async () => {
    box = await element.boundingBox();
    return box !== null && box.width > 0;
  });
  return box!;
}

/** The report: VS Code nests the webview's document in a second iframe. */
export function webviewContent(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

export class Screenshots {
  readonly taken: string[] = [];
  constructor(private readonly dir: string) {
    fs.rmSync(dir, { recursive: true, force: true }); // only this run's pictures
    fs.mkdirSync(dir, { recursive: true });
  }

  /** The whole window, and (when `part` is given) a picture clipped to it, at most `max` big (for the README). */
  async take(page: Page, name: string, part?: Locator, max: { width?: number; height?: number } = {}): Promise<void> {
    const file = path.join(this.dir, `${name}.png`);
    await page.screenshot({ path: file });
    this.taken.push(file);
    const box = part ? await part.boundingBox() : null;
    if (!box) return;
    const clipped = path.join(this.dir, `${name}.clip.png`);
    const clip = { ...box, width: Math.min(box.width, max.width ?? box.width), height: Math.min(box.height, max.height ?? box.height) };
    await page.screenshot({ path: clipped, clip });
    this.taken.push(clipped);
  }
}
