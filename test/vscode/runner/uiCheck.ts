/** Looks at the workbench like a user: the error squiggle is drawn, and hovering it shows our message. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { UiDone, UiReady } from '../report';

export interface UiCheckResult extends UiDone {
  screenshot?: string;
}

/** The first sentence of the diagnostic message: what the hover must show verbatim. */
function expectedText(ready: UiReady): string {
  return ready.message.split('?')[0] + '?';
}

export async function checkSquiggleHover(page: Page, ready: UiReady, screenshot: string): Promise<UiCheckResult> {
  const checks: string[] = [];
  try {
    const tab = page.locator('.tabs-container .tab.active');
    await tab.waitFor({ state: 'visible', timeout: 15_000 });
    const tabLabel = (await tab.innerText()).trim();
    if (!tabLabel.startsWith(ready.fileName)) throw new Error(`the active editor tab is "${tabLabel}", not ${ready.fileName}`);
    checks.push(`tab "${ready.fileName}" active`);

    const squiggle = page.locator('.monaco-editor .view-overlays .squiggly-error').first();
    await squiggle.waitFor({ state: 'attached', timeout: 15_000 });
    const expected = expectedText(ready);
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: expected }).first();
    // Late CodeLenses can shift the lines under the mouse: measure again and retry.
    let box: Awaited<ReturnType<typeof squiggle.boundingBox>> = null;
    for (let attempt = 1; ; attempt++) {
      box = await squiggle.boundingBox();
      if (!box || box.width < 5) throw new Error(`the squiggle has no visible box (${JSON.stringify(box)})`);
      // Monaco shows a hover after the mouse rests on the text: come from elsewhere, then nudge.
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2 - 4;
      await page.mouse.move(x - 30, y - 40);
      await page.mouse.move(x, y, { steps: 5 });
      await page.mouse.move(x + 1, y);
      try {
        await hover.waitFor({ state: 'visible', timeout: 5_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
    checks.push(`error squiggle drawn (${Math.round(box.width)}×${Math.round(box.height)} px)`);
    const hoverText = await hover.innerText();
    if (!hoverText.includes('UndefinedStage')) throw new Error(`the hover does not name the code UndefinedStage:\n${hoverText}`);
    checks.push(`hover shows "${expected}" and UndefinedStage`);

    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    return { ok: true, detail: checks.join('; '), screenshot };
  } catch (error) {
    const failure = screenshot.replace(/\.png$/, '.failed.png');
    fs.mkdirSync(path.dirname(failure), { recursive: true });
    await page.screenshot({ path: failure }).catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, detail: `${[...checks, message].join('; ')} (screenshot: ${failure})`, screenshot: failure };
  }
}
