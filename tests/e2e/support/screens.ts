import type { Browser, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(import.meta.dirname, '../../../artifacts/screenshots');

/**
 * Screenshots of each role's screen go to artifacts/screenshots/ (not committed) to be looked at.
 * The whole page by default; `{ viewport: true }` for what the screen shows at its size (an
 * overlay fixed to the viewport, like the counter's lock, covers only that much of a full page).
 */
export async function screenshot(page: Page, name: string, o: { viewport?: boolean } = {}): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: !o.viewport });
}

/** A page of its own browser context, in the screen's language and at its size. */
export async function pageIn(browser: Browser, lang: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ locale: lang, viewport });
  return context.newPage();
}
