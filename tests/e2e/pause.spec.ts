import { expect, test } from './support/test.js';
import type { Browser, Page } from '@playwright/test';
import { asLead, asTeller, issueTicket, ok, read } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';
import { screenshot } from './support/screens.js';
import { openCounter, openLead } from './support/signIn.js';

let hub: HubProcess;
test.beforeAll(async () => {
  hub = await HubProcess.start();
});
test.afterAll(async () => hub.stop());

const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;

async function page(browser: Browser, path: string, viewport: { width: number; height: number }): Promise<Page> {
  const p = await browser.newPage({ viewport });
  await p.goto(hub.url + path);
  return p;
}

/** Window n's counter, its teller signed in. */
async function counterPage(browser: Browser, n: number, viewport: { width: number; height: number }, query = ''): Promise<Page> {
  const p = await browser.newPage({ viewport });
  await openCounter(p, hub.url, n, query);
  return p;
}

/** Window n opened by its teller, from a counter of the test (no screen of window n is open). */
async function openWindowByApi(n: number): Promise<void> {
  await ok(hub.url, 'POST', `/api/v1/counters/${n}/open`, { creds: await asTeller(hub.url, n), body: {} });
}

test('shift handover: the sign on the display, the lead approves a break, both resume, no ticket lost', async ({ browser }) => {
  // Four screens and nine screenshots on a shared 2-core machine.
  test.setTimeout(300_000);
  // Window 3 (张敏, B and A) opens by its button; window 2 opens for its colleague; window 1 by its first call.
  const counter3 = await counterPage(browser, 3, { width: 1440, height: 900 });
  await expect(counter3.getByTestId('hub-status')).toHaveAttribute('data-status', 'online');
  await expect(counter3.getByTestId('window-bar')).toHaveAttribute('data-state', 'closed');
  await counter3.getByTestId('window-open-button').click();
  await expect(counter3.getByTestId('window-bar')).toHaveAttribute('data-state', 'open');
  await openWindowByApi(2);

  // A customer is called at window 3 and then the shift changes: the ticket goes back to its queue.
  const issued = await issueTicket(hub.url, { service: 'A' });
  await counter3.getByTestId('call-next').click();
  await expect(counter3.getByTestId('current-ticket-number')).toHaveText(issued.number);
  await counter3.getByTestId('pause-open-dialog').click();
  await expect(counter3.getByTestId('pause-dialog')).toBeVisible();
  await counter3.getByTestId('pause-reason-shift_handover').click();
  await expect(counter3.getByTestId('paused-banner')).toHaveAttribute('data-reason', 'shift_handover');
  await expect(counter3.getByTestId('pause-approval')).toContainText('无需批准');
  await expect(counter3.getByTestId('pause-handed-back')).toContainText(issued.number);
  await expect(counter3.getByTestId('current-ticket')).toHaveAttribute('data-status', 'none');
  await expect(counter3.getByTestId('call-next')).toBeDisabled();

  // The customer display of window 3: the handover sign and where to go, in Chinese and English.
  const display = await page(browser, '/counter-display/3', { width: 1280, height: 720 });
  await expect(display.getByTestId('pause-sign-headline')).toContainText('交接班中，请稍候');
  await expect(display.getByTestId('pause-sign-headline')).toContainText('Shift handover in progress, please wait');
  await expect(display.getByTestId('pause-sign-direction')).toContainText('请到 2 号窗口办理');
  await expect(display.getByTestId('pause-sign-direction')).toContainText('Please go to window 2');

  // Window 1 takes a break (F10 opens the reason dialog); a break needs the lead's approval.
  const counter1 = await counterPage(browser, 1, { width: 1440, height: 900 });
  await expect(counter1.getByTestId('hub-status')).toHaveAttribute('data-status', 'online');
  await counter1.getByTestId('call-next').click(); // opens the window; the handed-back ticket is called here
  await expect(counter1.getByTestId('current-ticket-number')).toHaveText(issued.number);
  await counter1.getByTestId('action-start').click();
  await counter1.getByTestId('action-finish').click();
  await counter1.getByTestId('outcome-completed').click();
  await expect(counter1.getByTestId('current-ticket')).toHaveAttribute('data-status', 'none');
  await counter1.keyboard.press('F10');
  await expect(counter1.getByTestId('pause-dialog')).toBeVisible();
  await counter1.getByTestId('pause-reason-break').click();
  await expect(counter1.getByTestId('paused-banner')).toHaveAttribute('data-unapproved', 'true');
  await expect(counter1.getByTestId('pause-approval')).toContainText('等待值班负责人批准');

  // The lead's board (the lead signed in at the lead station): both pauses, the break flagged and alerted until approved.
  const lead = await browser.newPage({ viewport: { width: 1440, height: 1400 } });
  await openLead(lead, hub.url);
  await expect(lead.getByTestId('lead-pause-1')).toHaveAttribute('data-unapproved', 'true');
  await expect(lead.getByTestId('lead-pause-3')).toHaveAttribute('data-unapproved', 'false');
  await expect(lead.getByTestId('lead-pause-alerts')).toContainText('1 号窗口暂停服务未获批准');
  await expect(lead.getByTestId('window-chip-3')).toHaveAttribute('data-status', 'paused');
  // No typed "by" any more: the approval is the signed-in lead's.
  await expect(lead.getByTestId('lead-staff-id')).toHaveCount(0);

  // Screenshots in the three languages, before the approval.
  for (const lang of LANGS) {
    // A reload ends the page's session: the teller signs in again.
    await openCounter(counter3, hub.url, 3, `?lang=${lang}`);
    await expect(counter3.getByTestId('paused-banner')).toBeVisible();
    await screenshot(counter3, `pause-counter-${lang}`);
    await display.goto(`${hub.url}/counter-display/3?lang=${lang}`);
    await expect(display.getByTestId('pause-sign')).toBeVisible();
    await screenshot(display, `pause-counter-display-${lang}`);
    await openLead(lead, hub.url, `/lead?lang=${lang}`);
    await expect(lead.getByTestId('lead-pause-1')).toBeVisible();
    await lead.getByTestId('lead-pauses').scrollIntoViewIfNeeded();
    await screenshot(lead, `pause-lead-${lang}`);
  }
  await expect(display.getByTestId('pause-sign-direction')).toHaveText('Please go to window 2');

  // The lead approves: the approval is the signed-in lead's (赵刚, s-9001).
  await openLead(lead, hub.url);
  await lead.getByTestId('lead-approve-1').click();
  await expect(lead.getByTestId('lead-pause-1')).toHaveAttribute('data-unapproved', 'false');
  await expect(lead.getByTestId('lead-pause-1')).toContainText('赵刚');
  await expect(lead.getByTestId('lead-pause-approver-1')).toHaveAttribute('data-by', 's-9001');
  // With no alert left the list is gone altogether (the demo is open round the clock: no opening alerts).
  await expect(lead.getByText('1 号窗口暂停服务未获批准')).toHaveCount(0);
  await expect(counter1.getByTestId('pause-approval')).toContainText('已由 赵刚 批准');

  // Both resume: the sign comes down and the windows call again.
  await openCounter(counter3, hub.url, 3);
  await counter3.getByTestId('pause-resume').click();
  await expect(counter3.getByTestId('window-bar')).toHaveAttribute('data-state', 'open');
  await expect(counter3.getByTestId('call-next')).toBeEnabled();
  await display.goto(`${hub.url}/counter-display/3`);
  await expect(display.getByTestId('counter-display-welcome')).toBeVisible();
  await counter1.keyboard.press('F10'); // resumes
  await expect(counter1.getByTestId('window-bar')).toHaveAttribute('data-state', 'open');
  await expect(lead.getByTestId('lead-pause-3')).toHaveAttribute('data-ended', 'true');

  const q: any = await read(hub.url, '/api/v1/queue');
  expect(q.counters.map((c: any) => [c.number, c.status, c.redirectTo])).toEqual([
    [1, 'idle', null],
    [2, 'idle', null],
    [3, 'idle', null],
    [4, 'closed', null],
  ]);
  const day: any = await ok(hub.url, 'GET', '/api/v1/pauses', { creds: await asLead(hub.url) });
  expect(day.pauses.map((p: any) => [p.pause.counter, p.pause.reason, p.pause.approvedBy, p.pause.endedAt !== null])).toEqual([
    [3, 'shift_handover', null, true],
    [1, 'break', 's-9001', true],
  ]);
});

test('the last open window of a service pauses only with the lead’s agreement', async ({ browser }) => {
  // Window 4 is the only window for V (wealth).
  const counter4 = await counterPage(browser, 4, { width: 1440, height: 900 }, '?lang=en');
  await counter4.getByTestId('window-open-button').click();
  await counter4.getByTestId('pause-open-dialog').click();
  await counter4.getByTestId('pause-reason-cash_replenishment').click();
  await expect(counter4.getByTestId('pause-refused')).toHaveAttribute('data-reason', 'last_open_for_service');
  await expect(counter4.getByTestId('pause-refused')).toContainText('last open window');
  // Nobody types a lead's id at the counter: the lead agrees at the lead station, signed in.
  await expect(counter4.getByTestId('pause-override-ask')).toContainText('lead station');
  const lead = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await openLead(lead, hub.url, '/lead?lang=en');
  await lead.getByTestId('lead-override-window').selectOption('4');
  await lead.getByTestId('lead-override-grant').click();
  await expect(lead.getByTestId('lead-override-granted')).toHaveAttribute('data-window', '4');
  await lead.close();
  await counter4.getByTestId('pause-reason-cash_replenishment').click();
  await expect(counter4.getByTestId('paused-banner')).toBeVisible();
  await expect(counter4.getByTestId('pause-approval')).toContainText('Approved by Zhao Gang');
  await counter4.getByTestId('pause-resume').click();
  await expect(counter4.getByTestId('window-bar')).toHaveAttribute('data-state', 'open');
});

test('an offline counter cannot pause, and says so', async ({ browser }) => {
  await openWindowByApi(2);
  const counter2 = await counterPage(browser, 2, { width: 1440, height: 900 });
  await expect(counter2.getByTestId('window-bar')).toHaveAttribute('data-state', 'open');
  await hub.stop();
  try {
    await expect(counter2.getByTestId('pause-offline')).toBeVisible({ timeout: 20_000 });
    await expect(counter2.getByTestId('pause-open-dialog')).toBeDisabled();
    await counter2.keyboard.press('F10');
    await expect(counter2.getByTestId('pause-dialog')).toHaveCount(0);
  } finally {
    await hub.resume();
  }
  await expect(counter2.getByTestId('pause-offline')).toHaveCount(0, { timeout: 30_000 });
  await expect(counter2.getByTestId('pause-open-dialog')).toBeEnabled();
});
