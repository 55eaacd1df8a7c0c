import { expect, test } from './support/test.js';
import type { Browser, Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PulseAudio, audioToolsMissing, makeSpeech } from '../support/pulseAudio.js';
import { HubProcess } from './support/hubProcess.js';
import { screenshot } from './support/screens.js';
import { openCounter, openLead } from './support/signIn.js';

/**
 * The service record (issue 13) end to end, on the real recorder (as recording.spec.ts: the
 * browser host's CounterRecorder captures espeak speech from a scratch PulseAudio): a ticket is
 * served at window 1 with a spoken phrase and a rating; the customer display says it records only
 * while the recording runs; the lead finds the recording, opens its service record from the list
 * (the same page, still signed in), plays it, jumps to an event; the print view is a PDF holding
 * the ticket number and its Chinese text; screenshots in three languages.
 */
const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;
const LOCALES: Record<(typeof LANGS)[number], string> = { 'zh-CN': 'zh-CN', 'zh-TW': 'zh-TW', en: 'en-GB' };
const artifacts = resolve(import.meta.dirname, '../../artifacts');

let hub: HubProcess;
let pulse: PulseAudio;
let speech: string;

test.skip(audioToolsMissing().length > 0, `audio tools missing: ${audioToolsMissing().join(', ')}`);

test.beforeAll(async () => {
  pulse = await PulseAudio.start();
  Object.assign(process.env, pulse.env);
  hub = await HubProcess.start();
  speech = join(hub.dataDir, 'speech.wav');
  await makeSpeech('Good morning. I would like to open a savings account, please.', speech);
});

test.afterAll(async () => {
  await hub?.stop();
  await pulse?.stop();
  for (const k of Object.keys(pulse?.env ?? {})) delete process.env[k];
});

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** The lead station at 1920x1080 in a language (browser locale and ?lang=), opened on `path` and signed in. */
async function leadPage(browser: Browser, lang: (typeof LANGS)[number], path: string): Promise<Page> {
  const context = await browser.newContext({ locale: LOCALES[lang], viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await openLead(page, hub.url, `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  return page;
}

const currentTime = (page: Page) => page.getByTestId('service-record-audio').evaluate((a: HTMLAudioElement) => a.currentTime);

test('a served ticket\'s record: from the recordings list, played, an event jumped to, printed to PDF, in three languages', async ({ browser }) => {
  test.setTimeout(300_000);
  const kiosk = await browser.newPage();
  await kiosk.goto(`${hub.url}/kiosk?lang=en`);
  await kiosk.getByTestId('kiosk-service-A').click();
  const number = (await kiosk.getByTestId('kiosk-ticket-number').textContent())!.trim();

  const counter = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await openCounter(counter, hub.url, 1, '?lang=en');
  await expect(counter.getByTestId('recording-status')).toHaveAttribute('data-state', 'idle', { timeout: 30_000 });

  // Truthful evidence: the customer display says the service is recorded only while it is.
  const display = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await display.goto(`${hub.url}/counter-display/1?lang=zh-CN`);
  await expect(display.getByTestId('counter-display')).toBeVisible();
  await expect(display.getByTestId('recording-notice')).toHaveCount(0);

  const playing = pulse.play(speech);
  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('current-ticket-number')).toHaveText(number);
  await expect(counter.getByTestId('recording-status')).toHaveAttribute('data-state', 'recording');
  await expect(display.getByTestId('recording-notice')).toContainText('本窗口服务全程录音');
  // The greeting, spoken by the counter (a phrase.used record for this ticket).
  await expect(counter.getByTestId('phrase-bank.greeting')).toBeVisible();
  await counter.getByTestId('phrase-bank.greeting').click();
  await expect(counter.getByTestId('phrase-last')).toHaveAttribute('data-phrase', 'bank.greeting');
  await playing;
  await counter.getByTestId('action-start').click();
  await counter.waitForTimeout(1500);
  await counter.getByTestId('action-finish').click();
  await counter.getByTestId('outcome-completed').click();
  await expect(counter.getByTestId('recording-status')).toHaveAttribute('data-state', 'idle', { timeout: 15_000 });
  await expect(display.getByTestId('recording-notice')).toHaveCount(0);
  // The customer rates the service on the display.
  await expect(display.getByTestId('rating-prompt')).toBeVisible();
  await display.getByTestId('rate-4').click();
  await expect(display.getByTestId('rating-thanks')).toBeVisible();

  // Uploaded to the hub: replayable.
  await counter.getByTestId('recording-status').click();
  await expect(counter.getByTestId(`recording-row-${number}`)).toHaveAttribute('data-state', 'uploaded', { timeout: 60_000 });
  await counter.keyboard.press('Escape');

  // The lead finds the recording and opens its service record from the list: same page, still signed in.
  const lead = await leadPage(browser, 'zh-CN', '/lead/recordings');
  await lead.getByTestId('search-ticket').fill(number);
  await lead.getByTestId('search-submit').click();
  const row = lead.getByTestId(`recording-result-${number}`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-flags', ''); // a good recording: nothing to warn about
  await lead.getByTestId(`service-record-${number}`).click();
  await expect(lead).toHaveURL(/\/lead\/services\/[A-Za-z0-9_-]+$/); // zh-CN, the default, needs no ?lang=
  const record = lead.getByTestId('service-record');
  await expect(record).toHaveAttribute('data-number', number);
  await expect(lead.getByTestId('lead-signed-in')).toBeVisible();
  const ticketId = (await record.getAttribute('data-ticket'))!;

  // The ticket's life, its phrase, its rating.
  const timeline = lead.getByTestId('service-record-timeline');
  for (const type of ['ticket.issued', 'ticket.called', 'service.started', 'service.finished']) await expect(timeline.locator(`[data-type="${type}"]`)).toHaveCount(1);
  await expect(timeline.locator('[data-kind="phrase"]')).toHaveCount(1);
  await expect(lead.getByTestId('service-record-phrases')).toContainText('您好');
  await expect(lead.getByTestId('service-record-rating')).toHaveAttribute('data-value', '4');
  await expect(lead.getByTestId('served-by')).toContainText('王丽');
  await expect(lead.getByTestId('service-record-visit')).toHaveCount(1);

  // The recording plays: its time advances.
  const recordings = lead.getByTestId('service-record-recordings');
  const track = recordings.locator('[data-testid^="recording-"]').first();
  await expect(track).toHaveAttribute('data-flags', '');
  const recordingId = (await track.getAttribute('data-testid'))!.replace('recording-', '');
  await lead.getByTestId(`play-${recordingId}`).click();
  await expect.poll(() => currentTime(lead), { timeout: 20_000 }).toBeGreaterThan(0.5);

  // Clicking an event jumps there: the queue's last event inside the recording (the finish, or the
  // start when a loaded machine's audio arrived late), from the timeline...
  const finishJump = timeline.locator('[data-kind="queue"] [data-testid^="jump-"]').last();
  await expect(finishJump).toBeVisible();
  const finishAt = Number(await finishJump.getAttribute('data-offset'));
  expect(finishAt).toBeGreaterThan(3);
  await finishJump.click();
  await expect.poll(() => currentTime(lead), { timeout: 10_000 }).toBeGreaterThanOrEqual(finishAt - 0.3);
  expect(await currentTime(lead)).toBeLessThan(finishAt + 2);
  // ...and the call, near its start, from the marks on the recording's bar.
  const calledId = (await timeline.locator('[data-type="ticket.called"]').getAttribute('data-testid'))!.replace('timeline-', '');
  const mark = lead.getByTestId(`mark-${calledId}`);
  const calledAt = Number(await mark.getAttribute('data-offset'));
  await mark.click();
  await expect.poll(() => currentTime(lead), { timeout: 10_000 }).toBeLessThan(calledAt + 1.5);
  await expect(lead.getByTestId(`timeline-${calledId}`)).toHaveClass(/is-current/);
  await screenshot(lead, 'service-record-playing-zh-CN', { viewport: true });

  // Every opening is in the security audit.
  await lead.getByTestId('lead-tab-devices').click();
  await expect(lead.locator('[data-testid="audit-entry"][data-kind="service_record_opened"][data-staff="s-9001"]').first()).toBeVisible({ timeout: 15_000 });

  // The print view as PDF (what "Export PDF" does through the print window): the ticket number and Chinese text in it.
  mkdirSync(join(artifacts, 'pdf'), { recursive: true });
  for (const lang of LANGS) {
    const page = await leadPage(browser, lang, `/lead/services/${ticketId}`);
    await expect(page.getByTestId('service-record')).toHaveAttribute('data-number', number);
    await screenshot(page, `service-record-${lang}`, { viewport: true });
    await screenshot(page, `service-record-${lang}-full`);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('service-record-pdf')).toBeHidden();
    const pdfPath = join(artifacts, 'pdf', `service-record-${lang}.pdf`);
    writeFileSync(pdfPath, await page.pdf({ format: 'A4', printBackground: true }));
    expect(statSync(pdfPath).size).toBeGreaterThan(10_000);
    if (has('pdftotext')) {
      const text = spawnSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).stdout;
      expect(text).toContain(number);
      expect(text).toContain(lang === 'en' ? 'Service record' : lang === 'zh-TW' ? '服務紀錄' : '服务记录');
      if (lang !== 'en') expect(text).toContain('王');
    }
    if (has('pdftoppm')) {
      // Looked at: the first page as a PNG.
      spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '2', pdfPath, join(artifacts, 'screenshots', `service-record-pdf-${lang}`)]);
    } else {
      await screenshot(page, `service-record-print-${lang}`);
    }
    await page.context().close();
  }
});

test('a recording made without sound is flagged in the list and in its record', async ({ browser }) => {
  test.setTimeout(180_000);
  // The microphone gives only silence now (nothing is played into it): the recorder says so.
  const kiosk = await browser.newPage();
  await kiosk.goto(`${hub.url}/kiosk?lang=en`);
  await kiosk.getByTestId('kiosk-service-A').click();
  const number = (await kiosk.getByTestId('kiosk-ticket-number').textContent())!.trim();
  const counter = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await openCounter(counter, hub.url, 1, '?lang=en');
  await expect(counter.getByTestId('recording-status')).toHaveAttribute('data-state', 'idle', { timeout: 30_000 });
  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('current-ticket-number')).toHaveText(number);
  await counter.getByTestId('action-start').click();
  await counter.waitForTimeout(3000);
  await counter.getByTestId('action-finish').click();
  await counter.getByTestId('outcome-completed').click();
  await counter.getByTestId('recording-status').click();
  await expect(counter.getByTestId(`recording-row-${number}`)).toHaveAttribute('data-state', 'uploaded', { timeout: 60_000 });

  const lead = await leadPage(browser, 'zh-CN', '/lead/recordings');
  await lead.getByTestId('search-ticket').fill(number);
  await lead.getByTestId('search-submit').click();
  const row = lead.getByTestId(`recording-result-${number}`);
  await expect(row).toHaveAttribute('data-flags', 'silent');
  await expect(row.getByTestId('recording-flag-silent')).toHaveText('无声录音');
  await screenshot(lead, 'service-record-silent-in-list-zh-CN', { viewport: true });
  await lead.getByTestId(`service-record-${number}`).click();
  await expect(lead.getByTestId('service-record')).toHaveAttribute('data-number', number);
  await expect(lead.getByTestId('flag-silent')).toBeVisible();
  await screenshot(lead, 'service-record-silent-zh-CN', { viewport: true });
});
