import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';

/**
 * The specs' `test`: Playwright's, plus one rule. Every browser context a test opens
 * (`browser.newPage()` opens one per page) is closed when the test ends, pass or fail.
 *
 * Why: the suite runs in one worker and one Chromium. A page left open keeps its hub's
 * WebSocket reconnecting, its polls and its audio alive long after its hub is gone; by the
 * last spec a hundred such pages shared the two cores with the test that was running, and a
 * walk that takes 39 s alone took 7 min (and sync.spec ran out of time) in the full run.
 */
export const test = base.extend<{ closeContextsOpenedByTheTest: void }>({
  closeContextsOpenedByTheTest: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      const opened = browser.contexts().filter((context) => !before.has(context));
      // A context may already be closing with its page; a close that fails frees nothing more.
      await Promise.all(opened.map((context) => context.close().catch(() => undefined)));
    },
    { auto: true },
  ],
});
