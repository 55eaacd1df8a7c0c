import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from './support/test.js';
import type { Page } from '@playwright/test';
import { bankCatalogue } from '../../shared/phrases/data/index.js';
import { PhraseClipManifest, phraseClips } from '../../shared/phrases/speech.js';
import { asTeller, issueTicket, ok, read } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';
import { screenshot } from './support/screens.js';
import { openCounter, openLead } from './support/signIn.js';

let hub: HubProcess;
test.beforeAll(async () => {
  hub = await HubProcess.start();
});
test.afterAll(async () => hub.stop());

const manifest = PhraseClipManifest.parse(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../assets/audio/phrases/manifest.json'), 'utf8')));
const phrase = (id: string) => bankCatalogue.phrases.find((p) => p.id === id)!;
const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __guichetPhraseSpeech?: unknown[] }).__guichetPhraseSpeech ?? []);


test('greeting on call, spoken and shown; farewell at finish; rates; the lead switches on a weather prompt', async ({ browser }) => {
  // Four pages, two of them playing audio, and a wait for the counter's sync: more than the default.
  test.setTimeout(180_000);
  const display = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await display.goto(`${hub.url}/counter-display/3`);
  await expect(display.getByTestId('counter-display-window')).toContainText('3');

  const counter = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await openCounter(counter, hub.url, 3);
  await expect(counter.getByTestId('hub-status')).toHaveAttribute('data-status', 'online');
  await expect(counter.getByTestId('phrase-panel')).toHaveAttribute('data-moment', 'holiday');

  // A ticket is called: the greetings are offered, 1 first.
  const issued = await issueTicket(hub.url, { service: 'A' });
  await expect(counter.getByTestId('waiting-count')).toContainText('1');
  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('current-ticket-number')).toHaveText(issued.number);
  await expect(counter.getByTestId('phrase-panel')).toHaveAttribute('data-moment', 'ticket_called');
  await expect(counter.getByTestId('phrase-bank.greeting')).toHaveAttribute('data-key', '1');
  await expect(counter.getByTestId('phrase-bank.greeting')).toHaveAttribute('data-how', 'spoken');

  // Key 1: the greeting is played through the counter's speaker (zh, pause, en clips) ...
  await counter.keyboard.press('1');
  await expect
    .poll(() => spoken(counter), { timeout: 30_000 })
    .toEqual([{ phraseId: 'bank.greeting', route: 'clips', clips: phraseClips(manifest, phrase('bank.greeting')), failed: [] }]);
  // ... and the customer's display shows it in Chinese and English.
  const shown = display.getByTestId('display-phrase');
  await expect(shown).toHaveAttribute('data-phrase', 'bank.greeting');
  await expect(shown).toContainText('您好，您办理什么业务？');
  await expect(shown).toContainText('Hello, which service do you need?');
  await expect(counter.getByTestId('phrase-last')).toHaveAttribute('data-phrase', 'bank.greeting');

  // Finish: the farewells are offered; the teller says the farewell on key 2 themselves.
  await counter.getByTestId('action-start').click();
  await expect(counter.getByTestId('phrase-panel')).toHaveAttribute('data-moment', 'serving');
  await counter.getByTestId('action-finish').click();
  await counter.getByTestId('outcome-completed').click();
  await expect(counter.getByTestId('current-ticket')).toHaveAttribute('data-status', 'none');
  await expect(counter.getByTestId('phrase-panel')).toHaveAttribute('data-moment', 'service_finished');
  await expect(counter.getByTestId('phrase-bank.farewell')).toHaveAttribute('data-key', '2');
  await counter.getByTestId('phrase-mode-said').click();
  await counter.keyboard.press('2');
  await expect(counter.getByTestId('phrase-last')).toHaveAttribute('data-how', 'said');

  // Today's rates: one service, greeted and seen off.
  const rates = counter.getByTestId('phrase-rates');
  await expect(rates).toHaveAttribute('data-services', '1');
  await expect(rates).toHaveAttribute('data-greeted', '1');
  await expect(rates).toHaveAttribute('data-farewelled', '1');
  await expect(counter.getByTestId('phrase-rate-greeting')).toContainText('100%');
  await screenshot(counter, 'phrases-counter-finished-zh-CN');
  // Said, not played: nothing more went through the speaker.
  expect(await spoken(counter)).toHaveLength(1);

  // The lead switches on the rain prompt: the counter shows it at once.
  const lead = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
  await openLead(lead, hub.url);
  await lead.getByTestId('prompt-toggle-bank.weather.rain').click();
  await expect(lead.getByTestId('prompt-toggle-bank.weather.rain')).toHaveAttribute('data-on', 'true');
  await expect(counter.getByTestId('phrase-prompts-active')).toBeVisible();
  await expect(counter.getByTestId('phrase-bank.weather.rain')).toBeVisible();
  // The farewell moment keeps its own keys; the prompt takes the next free one.
  await expect(counter.getByTestId('phrase-bank.weather.rain')).toHaveAttribute('data-key', '3');
  expect((await read(hub.url, '/api/v1/prompts')).prompts).toEqual(['bank.weather.rain']);

  // The lead sees the teller's rates once the counter's records reached the hub.
  await expect(lead.getByTestId('lead-phrase-rate-s-1003')).toHaveAttribute('data-greeted', '1', { timeout: 45_000 });
  await expect(lead.getByTestId('lead-phrase-rate-s-1003')).toHaveAttribute('data-farewelled', '1');
  await expect(lead.getByTestId('lead-phrase-rate-s-1003')).toContainText('100%');
  await screenshot(lead, 'phrases-lead-zh-CN');

  // Switched off again, the next customer gets no weather warning.
  await lead.getByTestId('prompt-toggle-bank.weather.rain').click();
  await expect(counter.getByTestId('phrase-prompts-active')).toHaveCount(0);
});

test('screenshots: the counter phrase panel, the forbidden-phrase reference and the display, in zh-CN, zh-TW and en', async ({ browser }) => {
  test.setTimeout(180_000);
  await issueTicket(hub.url, { service: 'A' });
  const called = await ok(hub.url, 'POST', '/api/v1/counters/2/call-next', { creds: await asTeller(hub.url, 2), headers: { 'idempotency-key': 'phrases-screens-call-2' } });
  expect(called.ticket.status).toBe('called');
  for (const lang of ['zh-CN', 'zh-TW', 'en']) {
    const counter = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: lang });
    await openCounter(counter, hub.url, 2, `?lang=${lang}`);
    await expect(counter.getByTestId('phrase-panel')).toHaveAttribute('data-moment', 'ticket_called');
    await expect(counter.getByTestId('phrase-bank.greeting')).toBeVisible();
    await counter.waitForTimeout(300);
    await screenshot(counter, `phrases-counter-${lang}`);

    await counter.getByTestId('phrase-forbidden-open').click();
    const dialog = counter.getByTestId('phrase-forbidden');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('forbidden-bank.forbidden.closing_time')).toBeVisible();
    // Digits do nothing while the reference is open.
    await counter.keyboard.press('1');
    await screenshot(counter, `phrases-forbidden-${lang}`);
    await counter.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    expect(await spoken(counter)).toEqual([]);
    await counter.close();

    const display = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await display.goto(`${hub.url}/counter-display/2?lang=${lang}`);
    await expect(display.getByTestId('counter-display-ticket')).toHaveText(called.ticket.number);
    // Said at window 2 by its teller (signed in again from the test's counter: the screen above is closed).
    await ok(hub.url, 'POST', '/api/v1/phrases/show', { creds: await asTeller(hub.url, 2), body: { counter: 2, phraseId: 'bank.greeting.help' } });
    await expect(display.getByTestId('display-phrase')).toContainText(phrase('bank.greeting.help').text[lang === 'en' ? 'en' : (lang as 'zh-CN' | 'zh-TW')]);
    await display.waitForTimeout(400);
    await screenshot(display, `phrases-display-${lang}`);
    await display.close();
  }
});
