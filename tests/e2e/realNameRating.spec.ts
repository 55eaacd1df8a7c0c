import { expect, test } from './support/test.js';
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { issueTicket } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';
import { complaintStep } from './support/complaintSteps.js';
import { pageIn, screenshot } from './support/screens.js';
import { openCounter, openLead } from './support/signIn.js';

/**
 * Real-name dissatisfied ratings (实名评价, issues 12 and 13) end to end: the customer answers
 * 不满意 on the customer display and leaves a name and number; the lead's complaint log has a
 * real-name item needing a call-back, the number masked; the lead records the call-back and
 * closes it. The teller's screen never shows the customer's name or number.
 */

const COUNTER_VIEW = { width: 1366, height: 768 };
const DISPLAY_VIEW = { width: 1280, height: 720 };
const LEAD_VIEW = { width: 1920, height: 1080 };
const SHOTS = process.env.GUICHET_SHOTS_DIR;

let hub: HubProcess;
test.beforeAll(async () => {
  hub = await HubProcess.start();
});
test.afterAll(async () => hub.stop());

/** Screenshots to artifacts/screenshots/, and to GUICHET_SHOTS_DIR when set (to be looked at). */
async function shot(page: Page, name: string): Promise<void> {
  await screenshot(page, name, { viewport: true });
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
  }
}

/** A customer served on the counter's screen: issued, called, started, finished. */
async function serveOnScreen(counter: Page): Promise<string> {
  const issued = await issueTicket(hub.url, { service: 'A' });
  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('current-ticket-number')).toHaveText(issued.number);
  await counter.getByTestId('action-start').click();
  await counter.getByTestId('action-finish').click();
  await counter.getByTestId('outcome-completed').click();
  await expect(counter.getByTestId('current-ticket')).toHaveAttribute('data-status', 'none');
  return issued.number as string;
}

/** Types a number on the display's on-screen pad. */
async function padType(display: Page, digits: string): Promise<void> {
  for (const d of digits) await display.getByTestId(`rating-contact-pad-${d}`).click();
}

test('不满意 with name and number on the display -> a real-name item needing a call-back, masked; the lead calls back and closes it', async ({ browser }) => {
  const counter = await pageIn(browser, 'zh-CN', COUNTER_VIEW);
  await openCounter(counter, hub.url, 1);
  const display = await pageIn(browser, 'zh-CN', DISPLAY_VIEW);
  await display.goto(`${hub.url}/counter-display/1`);
  await expect(display.getByTestId('counter-display')).toBeVisible();

  const number = await serveOnScreen(counter);
  await expect(display.getByTestId('rating-prompt')).toHaveAttribute('data-ticket', number);
  await display.getByTestId('rate-1').click();
  const step1 = display.getByTestId('rating-contact');
  await expect(step1).toBeVisible();
  await expect(step1).toContainText('需要我们回电吗？');
  await expect(display.getByTestId('rating-contact-skip')).toBeEnabled();
  await display.getByTestId('rating-contact-name').fill('王女士');
  await padType(display, '13812345678');
  await expect(display.getByTestId('rating-contact-phone')).toHaveValue('13812345678');
  await shot(display, 'real-name-contact-zh-CN');
  // The teller's screen shows neither the step nor what the customer types.
  await expect(counter.getByTestId('rating-contact')).toHaveCount(0);
  await expect(counter.locator('body')).not.toContainText('13812345678');

  const answered = display.waitForResponse((r) => r.url().endsWith('/api/v1/counters/1/rating') && r.request().method() === 'POST');
  await display.getByTestId('rating-contact-send').click();
  const response = await answered;
  expect(response.status()).toBe(201);
  expect(response.request().postDataJSON()).toMatchObject({ value: 1, source: 'customer_display', contact: { name: '王女士', phone: '13812345678' } });
  const id = (await response.json()).followUpId as string;
  expect(id).toBeTruthy();
  await expect(display.getByTestId('rating-thanks')).toBeVisible();
  await expect(display.getByTestId('rating-contact')).toHaveCount(0);
  await expect(counter.getByTestId('rating-day-score')).toHaveAttribute('data-low', '1');
  await expect(counter.locator('body')).not.toContainText('王女士');
  await expect(counter.locator('body')).not.toContainText('5678');

  // The lead's log: the real-name item, the number masked.
  const lead = await pageIn(browser, 'zh-CN', LEAD_VIEW);
  await openLead(lead, hub.url, '/lead/complaints');
  await lead.getByTestId('complaint-filter-kind').selectOption('dissatisfied_rating');
  const logRow = lead.locator(`[data-testid="complaint-row"][data-id="${id}"]`);
  await expect(logRow).toBeVisible({ timeout: 30_000 });
  await expect(logRow).toHaveAttribute('data-ticket', number);
  await expect(logRow).toContainText('王女士');
  await expect(logRow).toContainText('138****5678');
  await expect(logRow).not.toContainText('13812345678');
  await logRow.getByTestId('complaint-row-link').click();
  const page = lead.getByTestId('complaint-page');
  await expect(page).toHaveAttribute('data-kind', 'dissatisfied_rating');
  await expect(lead.getByTestId('complaint-details')).toContainText('王女士');
  await expect(lead.getByTestId('complaint-phone')).toHaveText('138****5678');

  // Handled to the answer, it cannot close without the call-back.
  await complaintStep(lead, 'accept', (f) => f.getByTestId('step-how').selectOption('phone'));
  await complaintStep(lead, 'start_investigation');
  await complaintStep(lead, 'record_finding', (f) => f.getByTestId('step-finding').selectOption('not_upheld'));
  await complaintStep(lead, 'answer', async (f) => {
    await f.getByTestId('step-answer-text').fill('经核实，业务办理符合规定，已向客户说明。');
    await f.getByTestId('step-how').selectOption('phone');
  });
  await lead.getByTestId('complaint-step-close').click();
  await expect(lead.getByTestId('step-close-missing')).toHaveAttribute('data-missing', 'close_requires_callback');
  await expect(lead.getByTestId('step-form-close').getByTestId('step-submit')).toBeDisabled();
  await complaintStep(lead, 'record_callback', async (f) => {
    await f.getByTestId('step-view').selectOption('satisfied');
    await f.getByTestId('step-note').fill('已电话回访，客户接受说明');
  });
  await complaintStep(lead, 'close');
  await expect(page).toHaveAttribute('data-status', 'closed');
  await expect(lead.getByTestId('complaint-callback')).toBeVisible();
});

test('the contact step in English: skipping sends the dissatisfied answer without contact', async ({ browser }) => {
  const counter = await pageIn(browser, 'en', COUNTER_VIEW);
  await openCounter(counter, hub.url, 2, '?lang=en');
  const display = await pageIn(browser, 'en', DISPLAY_VIEW);
  await display.goto(`${hub.url}/counter-display/2?lang=en`);
  await expect(display.getByTestId('counter-display')).toBeVisible();

  const number = await serveOnScreen(counter);
  await expect(display.getByTestId('rating-prompt')).toHaveAttribute('data-ticket', number);
  await display.getByTestId('rate-1').click();
  await expect(display.getByTestId('rating-contact')).toContainText('Would you like us to call you back?');
  await shot(display, 'real-name-contact-en');
  // A number the hub would refuse is caught on the display.
  await display.getByTestId('rating-contact-name').fill('Ms Wang');
  await display.getByTestId('rating-contact-phone').fill('call me');
  await display.getByTestId('rating-contact-send').click();
  await expect(display.getByTestId('rating-contact-note')).toHaveAttribute('data-refused', 'phone');
  await shot(display, 'real-name-contact-invalid-en');

  const answered = display.waitForRequest((r) => r.url().endsWith('/api/v1/counters/2/rating') && r.method() === 'POST');
  await display.getByTestId('rating-contact-skip').click();
  const body = (await answered).postDataJSON();
  expect(body).toMatchObject({ value: 1, source: 'customer_display' });
  expect(body).not.toHaveProperty('contact');
  await expect(display.getByTestId('rating-thanks')).toBeVisible();
});
