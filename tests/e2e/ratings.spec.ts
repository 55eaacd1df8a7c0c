import { chromium } from '@playwright/test';
import { expect, test } from './support/test.js';
import type { Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { GOV_SCALE } from '../../shared/ratings/scales.js';
import { PulseAudio, audioToolsMissing, decodeToPcm, levels } from '../support/pulseAudio.js';
import { asTeller, issueTicket, ok, read } from './support/hubApi.js';
import type { Creds } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';
import { screenshot } from './support/screens.js';
import { openCounter, openLead } from './support/signIn.js';

const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;

let hub: HubProcess;
test.beforeAll(async () => {
  hub = await HubProcess.start();
});
test.afterAll(async () => hub.stop());

/**
 * Window n's teller signed in from a counter of the test, once per window. Only for windows no
 * screen of this spec signs in at meanwhile (one person per window: a screen's sign-in there
 * would end this session, and this one the screen's).
 */
const tellers = new Map<number, Promise<Creds>>();
function tellerAt(n: number): Promise<Creds> {
  let found = tellers.get(n);
  if (!found) tellers.set(n, (found = asTeller(hub.url, n)));
  return found;
}

/** A window command through the LAN API, as window n's counter with its teller. */
async function command(n: number, action: string, body: unknown = {}): Promise<any> {
  return ok(hub.url, 'POST', `/api/v1/counters/${n}/${action}`, { creds: await tellerAt(n), body });
}

/** A customer served at window n through the LAN API: issued, called, started, finished. */
async function serve(n: number, service = 'A'): Promise<string> {
  await issueTicket(hub.url, { service });
  const called = await command(n, 'call-next');
  await command(n, 'start');
  await command(n, 'finish', { outcome: 'completed' });
  return called.ticket.number as string;
}

/** The same on the counter's screen, its teller signed in there. */
async function serveOnScreen(counter: Page, service = 'A'): Promise<string> {
  await issueTicket(hub.url, { service });
  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('current-ticket')).toHaveAttribute('data-status', 'called');
  const number = (await counter.getByTestId('current-ticket-number').textContent())!.trim();
  await counter.getByTestId('action-start').click();
  await counter.getByTestId('action-finish').click();
  await counter.getByTestId('outcome-completed').click();
  await expect(counter.getByTestId('current-ticket')).toHaveAttribute('data-status', 'none');
  return number;
}

async function open(page: Page, path: string): Promise<void> {
  await page.goto(hub.url + path);
}

test('finish -> the display asks for a rating -> 不满意 by touch -> the counter’s day score and the lead’s follow-up', async ({ browser }) => {
  const counter = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await openCounter(counter, hub.url, 1);
  const display = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await open(display, '/counter-display/1');
  const lead = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await openLead(lead, hub.url);
  await expect(counter.getByTestId('rating-day-score')).toHaveAttribute('data-rated', '0');
  await expect(lead.getByTestId('lead-follow-ups')).toHaveAttribute('data-count', '0');

  await issueTicket(hub.url, { service: 'A' });
  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('current-ticket-number')).toHaveText(/^A\d{3}$/);
  const number = (await counter.getByTestId('current-ticket-number').textContent())!.trim();
  await counter.getByTestId('action-start').click();
  await counter.getByTestId('action-finish').click();
  await counter.getByTestId('outcome-completed').click();

  const prompt = display.getByTestId('rating-prompt');
  await expect(prompt).toBeVisible();
  await expect(prompt).toHaveAttribute('data-ticket', number);
  await expect(prompt.getByRole('button')).toHaveText([/非常满意/, /^满意/, /一般/, /不满意/]);
  // The teller's screen shows the wait for the customer, never a way to answer.
  await expect(counter.getByTestId('rating-awaiting')).toContainText(number);
  await expect(counter.locator('[data-testid^="rate-"]')).toHaveCount(0);

  await display.getByTestId('rate-1').click();
  // A dissatisfied answer offers the real-name step first (realNameRating.spec.ts); skipped here.
  await display.getByTestId('rating-contact-skip').click();
  await expect(display.getByTestId('rating-thanks')).toBeVisible();
  await expect(prompt).toBeHidden();

  const day = counter.getByTestId('rating-day-score');
  await expect(day).toHaveAttribute('data-rated', '1');
  await expect(day).toHaveAttribute('data-low', '1');
  await expect(day).toHaveAttribute('data-score', '0');
  await expect(day).toContainText('差评 1');
  await expect(counter.getByTestId('rating-awaiting')).toHaveCount(0);

  const row = lead.getByTestId(`follow-up-${number}`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('不满意');
  await expect(row).toContainText('王丽');
  await expect(row).toHaveAttribute('data-status', 'open');

  // The same in every language, with screenshots of the prompt and the lead's list.
  for (const lang of LANGS) {
    await open(display, `/counter-display/1?lang=${lang}`);
    await expect(display.getByTestId('counter-display')).toBeVisible();
    const n = await serveOnScreen(counter);
    await expect(display.getByTestId('rating-prompt')).toHaveAttribute('data-ticket', n);
    await screenshot(display, `ratings-prompt-${lang}`);
    await display.getByTestId('rate-1').click();
    // A dissatisfied answer offers the real-name step first (realNameRating.spec.ts); skipped here.
    await display.getByTestId('rating-contact-skip').click();
    await expect(display.getByTestId('rating-thanks')).toBeVisible();
    await openLead(lead, hub.url, `/lead?lang=${lang}`);
    await expect(lead.getByTestId(`follow-up-${n}`)).toBeVisible();
    await lead.getByTestId('lead-follow-ups').scrollIntoViewIfNeeded();
    await screenshot(lead, `ratings-follow-ups-${lang}`);
  }
  await expect(day).toHaveAttribute('data-rated', '4');
  await screenshot(counter, 'ratings-counter-zh-CN');
});

test('no answer in time: the prompt goes away and the service counts as not rated', async ({ browser }) => {
  const display = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await open(display, '/counter-display/4');
  const before = (await read(hub.url, '/api/v1/counters/4/rating')).dayScore.notRated;
  const n = await serve(4);
  await expect(display.getByTestId('rating-prompt')).toHaveAttribute('data-ticket', n);
  const timeout = (await read(hub.url, '/api/v1/counters/4/rating')).timeoutSeconds;
  await expect(display.getByTestId('rating-prompt')).toBeHidden({ timeout: (timeout + 10) * 1000 });
  await expect.poll(async () => (await read(hub.url, '/api/v1/counters/4/rating')).dayScore.notRated, { timeout: 15_000 }).toBe(before + 1);
});

test('the prompt stays while the next customer is called, and goes when their service starts', async ({ browser }) => {
  const display = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await open(display, '/counter-display/4');
  const n = await serve(4);
  const prompt = display.getByTestId('rating-prompt');
  await expect(prompt).toHaveAttribute('data-ticket', n);
  await issueTicket(hub.url, { service: 'V' });
  const next = await command(4, 'call-next');
  await expect(display.getByTestId('counter-display-ticket')).toHaveText(next.ticket.number);
  await expect(prompt).toBeVisible();
  await command(4, 'start');
  await expect(prompt).toBeHidden();
  await command(4, 'finish', { outcome: 'completed' });
  await expect(prompt).toHaveAttribute('data-ticket', next.ticket.number);
  await display.getByTestId('rate-3').click();
  await expect(display.getByTestId('rating-thanks')).toBeVisible();
});

test('keys learned on the learn screen: the caller keypad calls, the rating keypad rates only on the customer display', async ({ browser }) => {
  // One browser profile = one workstation: the mapping is shared by its windows.
  const workstation = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const learn = await workstation.newPage();
  const counter = await workstation.newPage();
  const display = await workstation.newPage();

  await openCounter(counter, hub.url, 2);
  await counter.getByTestId('keypad-settings-link').click();
  await expect(counter.getByTestId('keypad-learn')).toBeVisible();
  await counter.goBack();

  await open(learn, '/keypad/2');
  const teach = async (id: string, key: string) => {
    await learn.getByTestId(`learn-${id}`).click();
    await expect(learn.getByTestId('keypad-notice')).toHaveAttribute('data-kind', 'learning');
    await learn.keyboard.press(key);
  };
  await teach('rating-rate-1', 'Numpad7');
  await expect(learn.getByTestId('key-rating-rate-1')).toHaveText('Numpad7');
  await teach('rating-rate-4', 'Numpad1');
  await teach('caller-callNext', 'Numpad0');
  await expect(learn.getByTestId('key-caller-callNext')).toHaveText('Numpad0');

  // A key does one thing on the workstation; the teller's F-keys are never a keypad's.
  await teach('caller-recall', 'Numpad7');
  await expect(learn.getByTestId('keypad-notice')).toHaveAttribute('data-kind', 'conflict');
  await expect(learn.getByTestId('keypad-notice')).toContainText('非常满意');
  await teach('caller-noShow', 'F3');
  await expect(learn.getByTestId('keypad-notice')).toHaveAttribute('data-kind', 'reserved');
  await expect(learn.getByTestId('key-caller-noShow')).toContainText('未设置');
  await learn.keyboard.press('Numpad7');
  await expect(learn.getByTestId('keypad-notice')).toHaveAttribute('data-kind', 'test');
  await expect(learn.getByTestId('keypad-notice')).toContainText('评价器 · 非常满意');
  for (const lang of LANGS) {
    await open(learn, `/keypad/2?lang=${lang}`);
    await expect(learn.getByTestId('key-rating-rate-1')).toHaveText('Numpad7');
    await screenshot(learn, `keypad-learn-${lang}`);
  }

  // The caller keypad's key calls the next customer on the counter screen (its teller signs in again).
  await openCounter(counter, hub.url, 2);
  await expect(counter.getByTestId('hub-status')).toHaveAttribute('data-status', 'online');
  await issueTicket(hub.url, { service: 'B' });
  await expect(counter.getByTestId('waiting-count')).toContainText('1');
  await counter.keyboard.press('Numpad0');
  await expect(counter.getByTestId('current-ticket-number')).toHaveText(/^B\d{3}$/);
  const number = (await counter.getByTestId('current-ticket-number').textContent())!.trim();
  await counter.getByTestId('action-start').click();
  await counter.getByTestId('action-finish').click();
  await counter.getByTestId('outcome-completed').click();

  await open(display, '/counter-display/2');
  await expect(display.getByTestId('rating-prompt')).toHaveAttribute('data-ticket', number);
  const rated = () => read(hub.url, '/api/v1/counters/2/rating').then((s) => s.dayScore.rated as number);
  const ratedBefore = await rated();

  // The rating key pressed on the teller's window rates nothing; an unknown key on the display neither.
  await counter.keyboard.press('Numpad7');
  await display.keyboard.press('Numpad5');
  await display.waitForTimeout(1000);
  expect(await rated()).toBe(ratedBefore);
  await expect(display.getByTestId('rating-prompt')).toBeVisible();

  const sent = display.waitForRequest((r) => r.url().endsWith('/api/v1/counters/2/rating') && r.method() === 'POST');
  await display.keyboard.press('Numpad7');
  expect((await sent).postDataJSON()).toMatchObject({ value: 4, source: 'rating_keypad' });
  await expect(display.getByTestId('rating-thanks')).toBeVisible();
  const state = await read(hub.url, '/api/v1/counters/2/rating');
  expect(state.dayScore.rated).toBe(ratedBefore + 1);
  expect(state.dayScore.byLevel.find((l: { value: number }) => l.value === 4).count).toBeGreaterThanOrEqual(1);
  await workstation.close();
});

test('a government hall’s 好差评 scale shows five answers', async ({ browser }) => {
  const config = await read(hub.url, '/api/v1/config');
  // The hub hands out its configuration without the staff's PIN verifiers; head office's document
  // keeps them (else nobody could sign in once it reaches the hub): the demo's, by staff id.
  const demo = demoBranch(config.appointments[0]?.slot.slice(0, 10) ?? new Date().toISOString().slice(0, 10));
  const staff = config.staff.map((s: { id: string }) => ({ ...s, pinHash: demo.staff.find((d) => d.id === s.id)?.pinHash }));
  const gov = { ...config, staff, standards: { ...config.standards, ratings: { ...config.standards.ratings, scale: GOV_SCALE } } };
  const put = await fetch(`${hub.hqUrl}/api/v1/hq/config-docs/config.branch/${config.branchId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${HubProcess.ADMIN_TOKEN}` },
    body: JSON.stringify(gov),
  });
  expect(put.ok).toBe(true);
  // Head office's configuration reaches the hub by the sync pull (every 30 s once it succeeded).
  await expect.poll(async () => (await read(hub.url, '/api/v1/counters/3/rating')).scale.id, { timeout: 60_000 }).toBe('gov-5');

  const display = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await open(display, '/counter-display/3');
  const lead = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await openLead(lead, hub.url);
  const n = await serve(3);
  const prompt = display.getByTestId('rating-prompt');
  await expect(prompt).toHaveAttribute('data-ticket', n);
  await expect(prompt).toHaveAttribute('data-levels', '5');
  await expect(prompt.getByRole('button')).toHaveText([/非常满意/, /^满意/, /基本满意/, /^不满意/, /非常不满意/]);
  await screenshot(display, 'ratings-prompt-gov-zh-CN');
  await display.getByTestId('rate-1').click();
  // A dissatisfied answer offers the real-name step first (realNameRating.spec.ts); skipped here.
  await display.getByTestId('rating-contact-skip').click();
  await expect(display.getByTestId('rating-thanks')).toBeVisible();
  await expect(lead.getByTestId(`follow-up-${n}`)).toContainText('非常不满意');
});

test.describe('the workstation’s sound output', () => {
  const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required', '--use-fake-ui-for-media-stream'];

  test('Chromium’s fake devices are listed and a chosen one is applied with setSinkId', async () => {
    const fake = await chromium.launch({ executablePath: process.env.GUICHET_CHROMIUM ?? '/usr/bin/chromium', args: [...chromiumArgs, '--use-fake-device-for-media-stream'] });
    try {
      const page = await fake.newPage();
      await open(page, '/keypad/1?lang=en');
      const select = page.getByTestId('audio-output-select');
      await expect(select.locator('option')).toHaveText(['System default', 'Fake Audio Output 1', 'Fake Audio Output 2']);
      await select.selectOption({ label: 'Fake Audio Output 2' });
      const chosen = await page.getByTestId('audio-output').getAttribute('data-chosen');
      expect(chosen).toMatch(/^[0-9a-f]{16,}$/);
      await page.getByTestId('audio-output-test').click();
      // The element's sinkId as Chromium reports it after setSinkId.
      await expect(page.getByTestId('audio-output')).toHaveAttribute('data-test-sink', chosen!);
      await expect(page.getByTestId('audio-output')).toHaveAttribute('data-test-outcome', 'applied');
      // Kept for this workstation.
      await page.reload();
      await expect(page.getByTestId('audio-output-select')).toHaveValue(chosen!);
    } finally {
      await fake.close();
    }
  });

  test('with PulseAudio, the test sound and the hall’s announcements are heard on the chosen sink only', async () => {
    test.skip(audioToolsMissing().length > 0, `missing: ${audioToolsMissing().join(', ')}`);
    const pulse = await PulseAudio.start();
    const dir = mkdtempSync(join(tmpdir(), 'guichet-sinks-'));
    // Two more virtual outputs beside the scratch server's default one.
    await pulse.pactl('load-module', 'module-null-sink', 'sink_name=hall_speakers', 'sink_properties=device.description=Hall_speakers');
    await pulse.pactl('load-module', 'module-null-sink', 'sink_name=window_intercom', 'sink_properties=device.description=Window_intercom');
    const record = (sink: string) => {
      const file = join(dir, `${sink}.wav`);
      const child = spawn('parecord', ['-d', `${sink}.monitor`, '--file-format=wav', file], { env: { ...process.env, ...pulse.env }, stdio: 'ignore' });
      return async (): Promise<number> => {
        await new Promise<void>((r) => {
          child.once('exit', () => r());
          child.kill('SIGINT');
        });
        return Math.max(0, ...levels(await decodeToPcm(file)));
      };
    };
    // Playwright mutes Chromium by default: this test listens.
    const browser = await chromium.launch({
      executablePath: process.env.GUICHET_CHROMIUM ?? '/usr/bin/chromium',
      args: chromiumArgs,
      ignoreDefaultArgs: ['--mute-audio'],
      env: { ...process.env, ...pulse.env },
    });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await open(page, '/keypad/1?lang=en');
      const select = page.getByTestId('audio-output-select');
      await expect(select.locator('option')).toContainText(['System default', 'Hall_speakers', 'Window_intercom']);
      await select.selectOption({ label: 'Window_intercom' });

      let stopIntercom = record('window_intercom');
      let stopHall = record('hall_speakers');
      await page.waitForTimeout(500);
      await page.getByTestId('audio-output-test').click();
      await expect(page.getByTestId('audio-output')).toHaveAttribute('data-test-outcome', 'applied');
      await expect(page.getByTestId('audio-output-message')).toBeHidden({ timeout: 15_000 }); // the chime ended
      let intercom = await stopIntercom();
      let hall = await stopHall();
      expect(intercom).toBeGreaterThan(0.01);
      expect(hall).toBe(0);

      // The hall's announcer on this workstation plays there too.
      const hallPage = await context.newPage();
      await open(hallPage, '/hall');
      await expect(hallPage.getByTestId('hall')).toBeVisible();
      stopIntercom = record('window_intercom');
      stopHall = record('hall_speakers');
      await issueTicket(hub.url, { service: 'V' });
      await command(4, 'call-next');
      await expect
        .poll(() => hallPage.evaluate(() => ((window as unknown as { __guichetAnnouncements?: unknown[] }).__guichetAnnouncements ?? []).length), { timeout: 45_000 })
        .toBeGreaterThan(0);
      intercom = await stopIntercom();
      hall = await stopHall();
      expect(intercom).toBeGreaterThan(0.01);
      expect(hall).toBe(0);
      await command(4, 'start');
      await command(4, 'finish', { outcome: 'completed' });
    } finally {
      await browser.close();
      await pulse.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
