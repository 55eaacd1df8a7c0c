import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from './support/test.js';
import type { Page } from '@playwright/test';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { bankCatalogue } from '../../shared/phrases/data/index.js';
import { PhraseClipManifest, phraseClips } from '../../shared/phrases/speech.js';
import { nearestOpenWindow } from '../../shared/pause/rules.js';
import { counterEvents } from './support/counterStore.js';
import { asLead, asTeller, issueTicket, ok, read } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';
import { openCounter, openLead } from './support/signIn.js';

// Issue 4: the service standards end to end, one window through a whole customer and a break.

let hub: HubProcess;
test.beforeAll(async () => {
  hub = await HubProcess.start();
});
test.afterAll(async () => hub.stop());

const manifest = PhraseClipManifest.parse(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../assets/audio/phrases/manifest.json'), 'utf8')));
const greeting = bankCatalogue.phrases.find((p) => p.id === 'bank.greeting')!;
const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __guichetPhraseSpeech?: unknown[] }).__guichetPhraseSpeech ?? []);


/** The counter events head office received from this branch (relayed by the hub). */
async function hqCounterEvents(): Promise<Array<{ type: string; counter: number; payload: Record<string, any> }>> {
  const res = await fetch(`${hub.hqUrl}/api/v1/hq/events?kind=counter.event&limit=1000`, { headers: { authorization: `Bearer ${HubProcess.ADMIN_TOKEN}` } });
  return ((await res.json()) as { events: Array<{ body: any }> }).events.map((e) => e.body);
}

test('greeting by key, rating from the keypad, a break approved by the lead: on the screens, in the counter’s store and on the hub', async ({ browser }) => {
  // Four pages of one workstation, a spoken phrase and a wait for the sync to head office.
  test.setTimeout(240_000);
  const config = demoBranch(new Date().toISOString().slice(0, 10));
  const breakSign = config.standards.pausePolicies.break.sign;

  // Window 3 opens (through the API, its teller signed in there) so window 1's customers have somewhere to go during its break.
  await ok(hub.url, 'POST', '/api/v1/counters/3/open', { creds: await asTeller(hub.url, 3), body: {} });
  const otherWindow = nearestOpenWindow(
    1,
    config.counters.map((c) => ({ number: c.number, services: c.services, status: c.number === 3 ? 'idle' : 'closed' })),
  );
  expect(otherWindow).toBe(3);

  // Window 1's workstation: one browser profile, so one key mapping and one IndexedDB for its pages.
  const workstation = await browser.newContext({ viewport: { width: 1440, height: 900 } });

  // The rating keypad's "second answer" key is learned on the keypad learn screen.
  const rating = await read(hub.url, '/api/v1/counters/1/rating');
  const answer = rating.scale.levels[1].value as number;
  const learn = await workstation.newPage();
  await learn.goto(`${hub.url}/keypad/1`);
  await learn.getByTestId('learn-rating-rate-2').click();
  await expect(learn.getByTestId('keypad-notice')).toHaveAttribute('data-kind', 'learning');
  await learn.keyboard.press('Numpad8');
  await expect(learn.getByTestId('key-rating-rate-2')).toHaveText('Numpad8');
  await learn.close();

  const counter = await workstation.newPage();
  await openCounter(counter, hub.url, 1);
  await expect(counter.getByTestId('hub-status')).toHaveAttribute('data-status', 'online');
  const display = await workstation.newPage();
  await display.goto(`${hub.url}/counter-display/1`);
  await expect(display.getByTestId('counter-display-window')).toContainText('1');

  // A ticket from the kiosk's API; window 1 calls it.
  const issued = await issueTicket(hub.url, { service: 'A' });
  await expect(counter.getByTestId('waiting-count')).toContainText('1');
  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('current-ticket-number')).toHaveText(issued.number);

  // The greeting by its digit key: played as its clips.
  await expect(counter.getByTestId('phrase-panel')).toHaveAttribute('data-moment', 'ticket_called');
  const key = await counter.getByTestId('phrase-bank.greeting').getAttribute('data-key');
  await expect(counter.getByTestId('phrase-bank.greeting')).toHaveAttribute('data-how', 'spoken');
  await counter.keyboard.press(key!);
  await expect
    .poll(() => spoken(counter), { timeout: 30_000 })
    .toEqual([{ phraseId: 'bank.greeting', route: 'clips', clips: phraseClips(manifest, greeting), failed: [] }]);
  await expect(display.getByTestId('display-phrase')).toHaveAttribute('data-phrase', 'bank.greeting');
  await expect(counter.getByTestId('phrase-last')).toHaveAttribute('data-phrase', 'bank.greeting');

  // The teller finishes; the display asks for a rating.
  await counter.getByTestId('action-start').click();
  await counter.getByTestId('action-finish').click();
  await counter.getByTestId('outcome-completed').click();
  await expect(counter.getByTestId('current-ticket')).toHaveAttribute('data-status', 'none');
  await expect(display.getByTestId('rating-prompt')).toHaveAttribute('data-ticket', issued.number);
  await expect(counter.getByTestId('rating-day-score')).toHaveAttribute('data-rated', '0');

  // The customer presses the learned key on the rating keypad (the display's window has the focus).
  const sent = display.waitForRequest((r) => r.url().endsWith('/api/v1/counters/1/rating') && r.method() === 'POST');
  await display.bringToFront();
  await display.keyboard.press('Numpad8');
  expect((await sent).postDataJSON()).toEqual({ ticketId: issued.id, value: answer, source: 'rating_keypad' });
  await expect(display.getByTestId('rating-thanks')).toBeVisible();
  const after = await read(hub.url, '/api/v1/counters/1/rating');
  expect(after.dayScore.rated).toBe(1);
  expect(after.dayScore.byLevel.find((l: { value: number }) => l.value === answer).count).toBe(1);
  await expect(counter.getByTestId('rating-day-score')).toHaveAttribute('data-rated', '1');

  // A break: it needs the lead's approval.
  await counter.bringToFront();
  await counter.keyboard.press('F10');
  await expect(counter.getByTestId('pause-dialog')).toBeVisible();
  await counter.getByTestId('pause-reason-break').click();
  await expect(counter.getByTestId('paused-banner')).toHaveAttribute('data-reason', 'break');
  await expect(counter.getByTestId('paused-banner')).toHaveAttribute('data-unapproved', 'true');

  // The display's sign sends the customers to the nearest open window serving window 1's services.
  await expect(display.getByTestId('pause-sign-headline')).toContainText(breakSign['zh-CN']);
  await expect(display.getByTestId('pause-sign-headline')).toContainText(breakSign.en);
  await expect(display.getByTestId('pause-sign-direction')).toContainText(`请到 ${otherWindow} 号窗口办理`);
  await expect(display.getByTestId('pause-sign-direction')).toContainText(`Please go to window ${otherWindow}`);

  // The lead, signed in at the lead station, sees the unapproved break and approves it: the approval is theirs.
  const lead = await browser.newPage({ viewport: { width: 1440, height: 1400 } });
  await openLead(lead, hub.url);
  await expect(lead.getByTestId('lead-pause-1')).toHaveAttribute('data-unapproved', 'true');
  await lead.getByTestId('lead-approve-1').click();
  await expect(lead.getByTestId('lead-pause-1')).toHaveAttribute('data-unapproved', 'false');
  await expect(lead.getByTestId('lead-pause-approver-1')).toHaveAttribute('data-by', 's-9001');
  await expect(counter.getByTestId('pause-approval')).toContainText('已由 赵刚 批准');

  // The teller resumes: the sign comes down.
  await counter.keyboard.press('F10');
  await expect(counter.getByTestId('window-bar')).toHaveAttribute('data-state', 'open');
  await expect(display.getByTestId('pause-sign')).toHaveCount(0);

  // On the hub: the break, approved and ended.
  const day: any = await ok(hub.url, 'GET', '/api/v1/pauses', { creds: await asLead(hub.url) });
  const breaks = day.pauses.filter((p: any) => p.pause.counter === 1);
  expect(breaks).toHaveLength(1);
  expect(breaks[0].pause).toMatchObject({ reason: 'break', approvedBy: 's-9001' });
  expect(breaks[0].pause.endedAt).not.toBeNull();

  // In the counter's own store: the greeting, the rating and the pause and resume commands.
  const local = await counterEvents(counter, 1);
  expect(local.filter((e) => e.type === 'phrase.used').map((e) => [e.payload.phraseId, e.payload.how, e.payload.ticketId])).toEqual([['bank.greeting', 'spoken', issued.id]]);
  await expect
    .poll(async () => (await counterEvents(counter, 1)).filter((e) => e.type === 'rating.received').map((e) => e.payload))
    .toEqual([{ ticketId: issued.id, value: answer, source: 'rating_keypad', followUpId: null }]);
  const windowCommands = local.filter((e) => e.type === 'teller.command' && ['pause', 'resume'].includes(e.payload.command));
  expect(windowCommands.map((e) => [e.payload.command, e.payload.body?.reason ?? null])).toEqual([
    ['pause', 'break'],
    ['resume', null],
  ]);

  // The counter's records reach head office through the hub.
  await expect
    .poll(async () => (await hqCounterEvents()).filter((e) => e.counter === 1 && ['phrase.used', 'rating.received'].includes(e.type)).map((e) => e.type).sort(), { timeout: 90_000 })
    .toEqual(['phrase.used', 'rating.received']);
  await workstation.close();
});
