import { expect, test } from './support/test.js';
import type { Page } from '@playwright/test';
import type { DocOpBody } from '../../shared/sync/kinds.js';
import { counterStoreRows } from './support/counterStore.js';
import { asDisplay, asTeller, issueTicket, ok } from './support/hubApi.js';
import type { Creds } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';
import { complaintStep } from './support/complaintSteps.js';
import { pageIn, screenshot } from './support/screens.js';
import { openCounter, openLead } from './support/signIn.js';

/**
 * The complaint log end to end (issue 13): a teller registers a complaint on the service just
 * finished (one key), the lead takes it and handles it to its close, head office lists it; a
 * counter registers one with the hub stopped and it reaches head office later; a dissatisfied
 * rating becomes a log item closed with its call-back. Screenshots in the three languages.
 */

const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;
const COUNTER_VIEW = { width: 1366, height: 768 };
const LEAD_VIEW = { width: 1920, height: 1080 };

let hub: HubProcess;
test.beforeAll(async () => {
  hub = await HubProcess.start();
});
test.afterAll(async () => hub.stop());

/** A page of its own context, in a language (the browser's locale and ?lang=). */
/** A customer served on the counter's screen: issued at the kiosk, called, started, finished. */
async function serveOnScreen(counter: Page, service = 'A'): Promise<{ number: string; ticketId: string }> {
  const issued = await issueTicket(hub.url, { service });
  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('current-ticket-number')).toHaveText(issued.number);
  await counter.getByTestId('action-start').click();
  await counter.getByTestId('action-finish').click();
  await counter.getByTestId('outcome-completed').click();
  await expect(counter.getByTestId('current-ticket')).toHaveAttribute('data-status', 'none');
  return { number: issued.number as string, ticketId: issued.id as string };
}

/** Fills the counter's register form (already open). */
async function fillRegister(counter: Page, o: { name?: string; phone?: string; realName: boolean; category: string; facts: string; request?: string }): Promise<void> {
  const form = counter.getByTestId('complaint-register');
  if (o.name) await form.getByTestId('complaint-name').fill(o.name);
  if (o.phone) await form.getByTestId('complaint-phone').fill(o.phone);
  await form.getByTestId(o.realName ? 'complaint-real-name-yes' : 'complaint-real-name-no').click();
  await form.getByTestId('complaint-category').selectOption(o.category);
  await form.getByTestId('complaint-facts').fill(o.facts);
  if (o.request) await form.getByTestId('complaint-request').fill(o.request);
}

/** Every complaint head office holds (GET /api/v1/hq/complaints with the admin token). */
async function hqComplaints(): Promise<Array<{ id: string; status: string; branchId: string; service: { ticketNumber: string } | null; kind: string }>> {
  const res = await fetch(`${hub.hqUrl}/api/v1/hq/complaints?limit=200`, { headers: { authorization: `Bearer ${HubProcess.ADMIN_TOKEN}` } });
  if (!res.ok) return [];
  return ((await res.json()) as { complaints: any[] }).complaints;
}

/** The complaint ids of a counter's own document ops (its IndexedDB). */
async function localComplaintIds(counter: Page, n: number): Promise<string[]> {
  const records = await counterStoreRows<{ kind: string; body: DocOpBody }>(counter, n, 'records');
  return [...new Set(records.filter((r) => r.kind === 'doc.op' && r.body.docType === 'complaint').map((r) => r.body.docId))];
}

test('a teller registers a complaint on the service just finished; the lead takes it, handles and closes it; head office lists it', async ({ browser }) => {
  const counter = await pageIn(browser, 'zh-CN', COUNTER_VIEW);
  await openCounter(counter, hub.url, 1);
  const served = await serveOnScreen(counter);

  // One key, right after the service: the form is prefilled with it.
  await counter.keyboard.press('F12');
  const form = counter.getByTestId('complaint-register');
  await expect(form).toBeVisible();
  await expect(counter.getByTestId('complaint-register-service')).toHaveAttribute('data-ticket', served.number);
  await expect(form).toContainText(served.number);
  await expect(form).toContainText('王丽');
  await fillRegister(counter, { name: '王女士', phone: '13812345678', realName: true, category: 'attitude', facts: '办理转账时柜员态度生硬，没有解释手续费。', request: '要求解释收费并道歉。' });
  await form.getByTestId('complaint-register-submit').click();
  await expect(form).toHaveCount(0);

  // On the counter's list, and through the sync push at the hub.
  const row = counter.getByTestId('counter-complaint-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-status', 'registered');
  await expect(row).toHaveAttribute('data-synced', 'true', { timeout: 30_000 });
  const [id] = await localComplaintIds(counter, 1);
  expect(id).toBeTruthy();

  // The lead finds it in the log and takes it over.
  const lead = await pageIn(browser, 'zh-CN', LEAD_VIEW);
  await openLead(lead, hub.url, '/lead/complaints');
  const logRow = lead.locator(`[data-testid="complaint-row"][data-id="${id}"]`);
  await expect(logRow).toBeVisible({ timeout: 30_000 });
  await expect(logRow).toHaveAttribute('data-ticket', served.number);
  await logRow.getByTestId('complaint-row-link').click();
  const page = lead.getByTestId('complaint-page');
  await expect(page).toHaveAttribute('data-loaded', 'true');
  await expect(lead.getByTestId('complaint-phone')).toHaveText('138****5678');
  // Not the lead's yet: the owner's steps are not offered, taking it over is.
  await expect(lead.getByTestId('complaint-steps')).toHaveAttribute('data-offered', 'hand_over escalate withdraw');
  await lead.getByTestId('complaint-take-over').click();
  await expect(lead.getByTestId('complaint-owner')).toHaveAttribute('data-owner', 's-9001');
  await expect(lead.getByTestId('complaint-steps')).toHaveAttribute('data-offered', /^accept /);

  await complaintStep(lead, 'accept', (f) => f.getByTestId('step-how').selectOption('phone'));
  await complaintStep(lead, 'start_investigation', (f) => f.getByTestId('step-note').fill('调取录音核实'));

  // The service record of the linked service (C3's page at /lead/services/:ticketId), when there is one.
  const link = lead.getByTestId('complaint-service-record');
  await expect(link).toHaveAttribute('href', `/lead/services/${served.ticketId}`);
  await link.click();
  await expect(lead).toHaveURL(new RegExp(`/lead/services/${served.ticketId}`));
  if ((await lead.getByTestId('lead').getAttribute('data-page')) !== 'board') await screenshot(lead, 'complaint-service-record-zh-CN');
  await lead.goBack();
  await expect(page).toHaveAttribute('data-loaded', 'true');
  await expect(page).toHaveAttribute('data-id', id!);

  // The number is revealed (and the viewing audited) for the call-back.
  await lead.getByTestId('complaint-reveal-phone').click();
  await expect(lead.getByTestId('complaint-phone')).toHaveText('13812345678');

  await complaintStep(lead, 'record_finding', async (f) => {
    await f.getByTestId('step-finding').selectOption('partly');
    await f.getByTestId('step-root-cause').fill('柜员未按规定主动解释收费标准');
    await f.getByTestId('step-rectification').fill('全员学习收费解释话术，本月内完成');
  });
  // Closing is offered with what it still lacks, and cannot be sent.
  await lead.getByTestId('complaint-step-close').click();
  await expect(lead.getByTestId('step-close-missing')).toHaveAttribute('data-missing', 'close_requires_answer close_requires_callback');
  await expect(lead.getByTestId('step-form-close').getByTestId('step-submit')).toBeDisabled();
  await complaintStep(lead, 'answer', async (f) => {
    await f.getByTestId('step-answer-text').fill('经核实，柜员未主动解释收费，已向您致歉并将加强培训。');
    await f.getByTestId('step-how').selectOption('phone');
  });
  await complaintStep(lead, 'record_callback', async (f) => {
    await f.getByTestId('step-view').selectOption('satisfied');
    await f.getByTestId('step-note').fill('客户表示满意');
  });
  await complaintStep(lead, 'close');
  await expect(page).toHaveAttribute('data-status', 'closed');
  await expect(lead.getByTestId('complaint-history-row')).toHaveCount(8);
  await expect(lead.getByTestId('complaint-steps')).toHaveAttribute('data-offered', 'reopen');
  await screenshot(lead, 'complaint-history-zh-CN');

  // Head office lists it, closed.
  await expect.poll(async () => (await hqComplaints()).find((c) => c.id === id)?.status, { timeout: 60_000 }).toBe('closed');
  const atHq = (await hqComplaints()).find((c) => c.id === id)!;
  expect(atHq.branchId).toBe('demo-001');
  expect(atHq.service?.ticketNumber).toBe(served.number);
});

test('a counter registers a complaint with the hub stopped; it reaches the hub and head office once the hub is back', async ({ browser }) => {
  const counter = await pageIn(browser, 'en', COUNTER_VIEW);
  await openCounter(counter, hub.url, 2, '?lang=en');
  const served = await serveOnScreen(counter);

  await hub.stop();
  await expect(counter.getByTestId('offline-banner')).toBeVisible();
  await counter.getByTestId('counter-complaint-register').click();
  // The service just finished is found in the counter's own log, with the hub down.
  await expect(counter.getByTestId('complaint-register-service')).toHaveAttribute('data-ticket', served.number);
  await fillRegister(counter, { realName: false, category: 'waiting', facts: 'Waited forty minutes although the hall was nearly empty.', request: 'More windows at lunchtime.' });
  await counter.getByTestId('complaint-register-submit').click();
  await expect(counter.getByTestId('complaint-register')).toHaveCount(0);
  const row = counter.getByTestId('counter-complaint-row');
  await expect(row).toHaveAttribute('data-synced', 'false');
  await expect(row).toContainText('Waiting to sync');
  const [id] = await localComplaintIds(counter, 2);
  expect(id).toBeTruthy();
  await screenshot(counter, 'complaint-counter-offline-en');

  await hub.resume();
  await expect(counter.getByTestId('offline-banner')).toHaveCount(0, { timeout: 30_000 });
  await expect(row).toHaveAttribute('data-synced', 'true', { timeout: 60_000 });
  // The hub merged it into its log (the teller owns it, so the counter may read it back)...
  const teller = counter.getByTestId('counter-complaint-row');
  await expect(teller).toHaveAttribute('data-status', 'registered');
  // ...and head office has it.
  await expect.poll(async () => (await hqComplaints()).find((c) => c.id === id)?.status, { timeout: 60_000 }).toBe('registered');
});

/** Window 3's teller through the LAN API (no screen signs in there in this spec). */
let teller3: Promise<Creds> | null = null;
async function command(action: string, body: unknown = {}): Promise<any> {
  teller3 ??= asTeller(hub.url, 3);
  return ok(hub.url, 'POST', `/api/v1/counters/3/${action}`, { creds: await teller3, body });
}

test('a dissatisfied rating becomes a log item, and the lead closes it with its call-back', async ({ browser }) => {
  const issued = await issueTicket(hub.url, { service: 'B' });
  await command('call-next');
  await command('start');
  await command('finish', { outcome: 'completed' });
  const rated = await ok(hub.url, 'POST', '/api/v1/counters/3/rating', { creds: await asDisplay(hub.url, 3), body: { ticketId: issued.id, value: 1, source: 'customer_display' } });
  const id = rated.followUpId as string;
  expect(id).toBeTruthy();

  const lead = await pageIn(browser, 'en', LEAD_VIEW);
  await openLead(lead, hub.url, '/lead/complaints?lang=en');
  await lead.getByTestId('complaint-filter-kind').selectOption('dissatisfied_rating');
  const logRow = lead.locator(`[data-testid="complaint-row"][data-id="${id}"]`);
  await expect(logRow).toBeVisible({ timeout: 30_000 });
  await expect(logRow).toHaveAttribute('data-kind', 'dissatisfied_rating');
  await logRow.getByTestId('complaint-row-link').click();
  await expect(lead.getByTestId('complaint-page')).toHaveAttribute('data-kind', 'dissatisfied_rating');
  await expect(lead.getByTestId('complaint-rating')).toContainText('Dissatisfied');
  // The duty lead owns it (the rated teller never does); a rating is never withdrawn.
  await expect(lead.getByTestId('complaint-owner')).toHaveAttribute('data-owner', 's-9001');
  await expect(lead.getByTestId('complaint-steps')).not.toHaveAttribute('data-offered', /withdraw/);

  await complaintStep(lead, 'accept', (f) => f.getByTestId('step-how').selectOption('in_person'));
  await complaintStep(lead, 'start_investigation');
  await complaintStep(lead, 'record_finding', (f) => f.getByTestId('step-finding').selectOption('not_upheld'));
  await complaintStep(lead, 'answer', async (f) => {
    await f.getByTestId('step-answer-text').fill('We reviewed the recording: the service followed the rules. Thank you for telling us.');
    await f.getByTestId('step-how').selectOption('in_person');
  });
  await complaintStep(lead, 'record_callback', (f) => f.getByTestId('step-view').selectOption('acceptable'));
  await complaintStep(lead, 'close');
  await expect(lead.getByTestId('complaint-page')).toHaveAttribute('data-status', 'closed');
  await expect(lead.getByTestId('complaint-callback')).toContainText('Acceptable');
  await expect.poll(async () => (await hqComplaints()).find((c) => c.id === id)?.status, { timeout: 60_000 }).toBe('closed');
});

test('the lead registers a complaint received by phone; the lead owns it, and the number is masked in the log', async ({ browser }) => {
  const lead = await pageIn(browser, 'zh-TW', LEAD_VIEW);
  await openLead(lead, hub.url, '/lead/complaints?lang=zh-TW');
  await lead.getByTestId('complaint-log-register').click();
  const form = lead.getByTestId('complaint-register');
  await form.getByTestId('complaint-channel').selectOption('phone');
  await form.getByTestId('complaint-name').fill('陳先生');
  await form.getByTestId('complaint-phone').fill('13900001111');
  await form.getByTestId('complaint-real-name-yes').click();
  await form.getByTestId('complaint-category').selectOption('policy');
  await form.getByTestId('complaint-subject').selectOption('s-1002');
  await form.getByTestId('complaint-facts').fill('來電反映貸款利率說明不清楚。');
  await form.getByTestId('complaint-register-submit').click();
  // Registered at the hub: its page opens, the lead owns it at the duty lead's level.
  const page = lead.getByTestId('complaint-page');
  await expect(page).toHaveAttribute('data-loaded', 'true');
  await expect(page).toHaveAttribute('data-status', 'registered');
  await expect(lead.getByTestId('complaint-owner')).toHaveAttribute('data-owner', 's-9001');
  await expect(lead.getByTestId('complaint-owner')).toContainText('值班負責人');
  await expect(lead.getByTestId('complaint-steps')).toHaveAttribute('data-offered', /^accept /);
  const id = (await page.getAttribute('data-id'))!;
  await lead.getByTestId('complaint-back').click();
  const row = lead.locator(`[data-testid="complaint-row"][data-id="${id}"]`);
  await expect(row).toContainText('139****1111');
  await expect(row).toContainText('電話');
});

test('screenshots: the register form at the counter, the log and a complaint’s history at the lead station, in the three languages', async ({ browser }) => {
  for (const lang of LANGS) {
    const counter = await pageIn(browser, lang, COUNTER_VIEW);
    await openCounter(counter, hub.url, 4, `?lang=${lang}`);
    await expect(counter.getByTestId('counter-complaints')).toHaveAttribute('data-loaded', 'true');
    const served = await serveOnScreen(counter, 'V');
    await counter.keyboard.press('F12');
    await expect(counter.getByTestId('complaint-register')).toBeVisible();
    await expect(counter.getByTestId('complaint-register-service')).toHaveAttribute('data-ticket', served.number);
    await counter.getByTestId('complaint-about-me').check();
    await fillRegister(counter, { name: lang === 'en' ? 'Ms Wang' : '王女士', phone: '13812345678', realName: true, category: 'error', facts: { en: 'The amount on the receipt was wrong.', 'zh-TW': '回單金額有誤。', 'zh-CN': '回单金额有误。' }[lang] });
    await screenshot(counter, `complaint-register-counter-${lang}`, { viewport: true });
    await counter.context().close();

    const lead = await pageIn(browser, lang, LEAD_VIEW);
    await openLead(lead, hub.url, `/lead/complaints?lang=${lang}`);
    await expect(lead.getByTestId('complaint-row').first()).toBeVisible({ timeout: 30_000 });
    await expect(lead.getByTestId('complaint-callback-rate')).toBeVisible();
    await screenshot(lead, `complaint-log-${lang}`);
    // The counter's complaint of the first test: the whole history, from the registration to the close.
    await lead.locator('[data-testid="complaint-row"][data-status="closed"][data-kind="complaint"]').first().getByTestId('complaint-row-link').click();
    await expect(lead.getByTestId('complaint-page')).toHaveAttribute('data-loaded', 'true');
    await expect(lead.getByTestId('complaint-history-row').first()).toBeVisible();
    await screenshot(lead, `complaint-history-${lang}`);
    await lead.context().close();
  }
});
