import { expect, test } from './support/test.js';
import { issueTicket, read } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';
import { screenshot } from './support/screens.js';
import { openCounter } from './support/signIn.js';

/**
 * Head office edits the branch's configuration on its screen (docs/hq-config.md): an edit that
 * fails validation is refused with the field marked and never reaches the branch; a valid edit
 * of a threshold and a service target becomes version 2, reaches the hub through the
 * configuration sync, the branch reports it applied, and the counter works to the new target.
 */

let hub: HubProcess;
test.beforeAll(async () => {
  hub = await HubProcess.start();
});
test.afterAll(async () => hub.stop());

test('a threshold and a target edited at head office reach the branch and its counter', async ({ browser }) => {
  test.setTimeout(180_000);
  const hq = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await hq.goto(`${hub.hqUrl}/hq?lang=en#token=${HubProcess.ADMIN_TOKEN}`);
  await hq.getByTestId('hq-tab-config').click();
  await expect(hq.getByTestId('cfg-branch-demo-001')).toContainText('Branch applied version 1', { timeout: 60_000 });

  // Refused: a waiting-count alert no branch could mean, with the field marked.
  await hq.getByTestId('cfg-tab-thresholds').click();
  await hq.getByTestId('cfg-policy.alertWaitingCount').fill('5000');
  await hq.getByTestId('cfg-save').click();
  await expect(hq.getByTestId('cfg-issue-policy.alertWaitingCount')).toHaveText('Out of range (1–500)');
  await expect(hq.getByTestId('cfg-note')).toContainText('Not saved');
  expect((await read(hub.url, '/api/v1/config')).policy.alertWaitingCount).toBe(20);

  // Saved: the alert at 12 people, personal banking's handling target 6 minutes instead of 8.
  await hq.getByTestId('cfg-policy.alertWaitingCount').fill('12');
  await hq.getByTestId('cfg-tab-services').click();
  await hq.getByTestId('cfg-services.0.targetHandlingMinutes').fill('6');
  await hq.getByTestId('cfg-save').click();
  await expect(hq.getByTestId('cfg-note')).toContainText('Saved as version 2');
  await expect(hq.getByTestId('cfg-version-2')).toContainText('admin');
  await expect(hq.getByTestId('cfg-version-2')).toContainText('policy.alertWaitingCount changed: 20 → 12');

  // The hub pulls head office's configuration every 30 s once it has succeeded.
  await expect.poll(async () => (await read(hub.url, '/api/v1/config')).policy.alertWaitingCount, { timeout: 75_000 }).toBe(12);
  await expect(hq.getByTestId('cfg-state-2')).toHaveText('Applied by the branch', { timeout: 30_000 });
  await screenshot(hq, 'hq-config-applied-en');

  // The counter, opened now, works to the new target.
  const counter = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await openCounter(counter, hub.url, 1, '?lang=en');
  await issueTicket(hub.url, { service: 'A' });
  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('current-ticket')).toHaveAttribute('data-status', 'called');
  await counter.getByTestId('action-start').click();
  await expect(counter.getByTestId('handling-timer')).toContainText('target 6 min');
  await screenshot(counter, 'hq-config-counter-target-en');
});
