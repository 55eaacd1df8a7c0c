import { expect, test } from './support/test.js';
import type { Page } from '@playwright/test';
import { counterEvents, counterStoreRows } from './support/counterStore.js';
import { issueTicket } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';
import { screenshot } from './support/screens.js';
import { openCounter } from './support/signIn.js';

/** What the counter's own IndexedDB holds (Dexie database guichet-counter-{n}). */
async function localStore(page: Page, n: number): Promise<{ events: { type: string }[]; outbox: number }> {
  return { events: await counterEvents(page, n), outbox: (await counterStoreRows(page, n, 'outbox')).length };
}

test('the counter keeps working with the hub stopped, and reconnects by itself', async ({ page }) => {
  const hub = await HubProcess.start();
  try {
    await openCounter(page, hub.url, 2, '?lang=en');
    await expect(page.getByTestId('hub-status')).toHaveAttribute('data-status', 'online');
    await expect(page.getByTestId('offline-banner')).toHaveCount(0);

    await hub.stop();
    await expect(page.getByTestId('offline-banner')).toBeVisible();
    await expect(page.getByTestId('offline-banner')).toContainText('Cannot reach the queue server');

    // A command that needs the hub fails fast with a clear message, and is still recorded locally.
    const before = (await localStore(page, 2)).events.length;
    const started = Date.now();
    await page.getByTestId('call-next').click();
    await expect(page.getByTestId('counter-notice')).toContainText('Cannot reach the queue server');
    expect(Date.now() - started).toBeLessThan(4000);
    await expect.poll(async () => (await localStore(page, 2)).events.length).toBeGreaterThan(before);

    // Walk-in service works offline and is kept in the counter's IndexedDB with its outbox rows.
    await page.getByTestId('walkin-start').click();
    await expect(page.getByTestId('walkin-timer')).toBeVisible();
    await page.getByTestId('walkin-finish').click();
    await page.getByTestId('outcome-completed').click();
    await expect
      .poll(async () => (await localStore(page, 2)).events.map((e) => e.type))
      .toEqual(expect.arrayContaining(['teller.command', 'teller.command_result', 'walkin.started', 'walkin.finished']));
    const local = await localStore(page, 2);
    expect(local.outbox).toBe(local.events.length);
    await screenshot(page, 'counter-offline-en');

    await hub.resume();
    await expect(page.getByTestId('offline-banner')).toHaveCount(0, { timeout: 20_000 });
    await expect(page.getByTestId('hub-status')).toHaveAttribute('data-status', 'online');
    // And the hub works again from the same screen.
    await issueTicket(hub.url, { service: 'B' });
    await page.getByTestId('call-next').click();
    await expect(page.getByTestId('current-ticket-number')).toHaveText('B001');
  } finally {
    await hub.stop();
  }
});
