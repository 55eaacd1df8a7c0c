import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demoBranch } from '../../../shared/config/demoBranch.js';
import { newId } from '../../../shared/ids.js';
import { HybridClock } from '../../../shared/time/hlc.js';
import { BranchUnderTest } from '../../../tests/support/branchUnderTest.js';
import { storeRecords } from '../../sync/recordStore.js';

let branch: BranchUnderTest;
beforeAll(async () => {
  branch = await BranchUnderTest.start();
});
afterAll(async () => branch.stop());

/** A stream subscriber that keeps every message, and waits for one that matches. */
async function listen() {
  const ws = new WebSocket(await branch.wsUrl('/api/v1/stream'));
  const messages: any[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  const next = async (match: (m: any) => boolean): Promise<any> => {
    for (let i = 0; i < 100; i++) {
      const found = messages.find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no matching message among ${JSON.stringify(messages.map((m) => m.type))}`);
  };
  return { ws, messages, next };
}

describe('special prompts', () => {
  it('start off, are sent on connect, and switch on and off for every stream subscriber', async () => {
    expect((await branch.get('/api/v1/prompts')).json).toEqual({ prompts: [], changedAt: null });
    const stream = await listen();
    expect(await stream.next((m) => m.type === 'phrases.prompts')).toEqual({ type: 'phrases.prompts', prompts: [], changedAt: null });
    // The snapshot still comes first.
    expect(stream.messages[0].type).toBe('snapshot');

    const on = await branch.post('/api/v1/prompts', { prompt: 'bank.weather.rain', on: true });
    expect(on.status).toBe(200);
    expect(on.json).toEqual({ prompts: ['bank.weather.rain'], changedAt: expect.any(String) });
    expect(await stream.next((m) => m.type === 'phrases.prompts' && m.prompts.length === 1)).toMatchObject({ prompts: ['bank.weather.rain'] });

    // Catalogue order, whatever the order they were switched on in; switching on twice changes nothing.
    await branch.post('/api/v1/prompts', { prompt: 'bank.system_failure', on: true });
    expect((await branch.post('/api/v1/prompts', { prompt: 'bank.system_failure', on: true })).json.prompts).toEqual(['bank.system_failure', 'bank.weather.rain']);
    expect((await branch.post('/api/v1/prompts', { prompt: 'bank.system_failure', on: false })).json.prompts).toEqual(['bank.weather.rain']);
    stream.ws.close();
  });

  it('refuse what is not a special prompt of the catalogue, and bad bodies, changing nothing', async () => {
    const before = (await branch.get('/api/v1/prompts')).json;
    const cases: Array<[unknown, number, string]> = [
      [{ prompt: 'bank.greeting', on: true }, 404, 'not_found'],
      [{ prompt: 'toll.weather.rain_fog', on: true }, 404, 'not_found'],
      [{ prompt: 'bank.weather.rain', on: 'yes' }, 400, 'bad_request'],
      [{ prompt: 'Bank Weather', on: true }, 400, 'bad_request'],
      [{ prompt: 'bank.weather.rain', on: true, by: 'me' }, 400, 'bad_request'],
      [{}, 400, 'bad_request'],
      ['{nope', 400, 'bad_request'],
    ];
    for (const [body, status, code] of cases) {
      const res = await branch.post('/api/v1/prompts', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json.error.code).toBe(code);
    }
    expect((await branch.get('/api/v1/prompts')).json).toEqual(before);
  });

  it('survive a hub restart', async () => {
    const before = (await branch.get('/api/v1/prompts')).json;
    expect(before.prompts).toEqual(['bank.weather.rain']);
    await branch.restart();
    expect((await branch.get('/api/v1/prompts')).json).toEqual(before);
  });
});

describe('showing a phrase on a window display', () => {
  it("sends the catalogue's text to the stream for that window", async () => {
    const stream = await listen();
    await stream.next((m) => m.type === 'phrases.prompts');
    const res = await branch.post('/api/v1/phrases/show', { counter: 3, phraseId: 'bank.greeting' });
    expect(res.status).toBe(200);
    const shown = await stream.next((m) => m.type === 'phrases.shown');
    expect(shown).toEqual({
      type: 'phrases.shown',
      counter: 3,
      phraseId: 'bank.greeting',
      text: { 'zh-CN': '您好，您办理什么业务？', 'zh-TW': '您好，您辦理什麼業務？', en: 'Hello, which service do you need?' },
      at: expect.any(String),
      // Issue 12: shown by the teller signed in at window 3.
      staffId: 's-1003',
    });
    stream.ws.close();
  });

  it('refuses unknown phrases and windows, phrases with a fill-in slot, and text from the request', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ counter: 3, phraseId: 'bank.no_such' }, 404, 'not_found'],
      [{ counter: 42, phraseId: 'bank.greeting' }, 404, 'not_found'],
      [{ counter: 3, phraseId: 'bank.guide_customer' }, 400, 'bad_request'],
      [{ counter: 3, phraseId: 'bank.greeting', text: { en: 'Anything' } }, 400, 'bad_request'],
      [{ counter: 0, phraseId: 'bank.greeting' }, 400, 'bad_request'],
    ];
    for (const [body, status, code] of cases) {
      const res = await branch.post('/api/v1/phrases/show', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json.error.code).toBe(code);
    }
  });
});

describe('greeting and farewell rates for the lead', () => {
  it("come from the hub's calls and finishes and the phrase.used records counters pushed", async () => {
    const issued = await branch.post('/api/v1/tickets', { service: 'A' });
    const called = await branch.post('/api/v1/counters/1/call-next', undefined, { 'Idempotency-Key': 'rates-call-1' });
    expect(called.json.ticket.id).toBe(issued.json.id);
    const day = called.json.ticket.businessDay;
    const noneYet = await branch.get(`/api/v1/phrases/rates?day=${day}`);
    expect(noneYet.json).toEqual({ day, tellers: [] });

    const clock = new HybridClock('c-1', () => Date.now());
    const payload = (phraseId: string, situation: string) => ({
      phraseId,
      situation,
      how: 'spoken',
      ticketId: issued.json.id,
      teller: 's-1001',
      moment: 'ticket_called',
      catalogue: { id: 'bank', version: 1 },
    });
    const now = new Date();
    await storeRecords(
      branch.host.db,
      'c-1',
      [{ id: newId(), kind: 'counter.event', branchId: 'demo-001', deviceId: 'c-1', deviceSeq: 1, hlc: clock.tick(), wallAt: now.toISOString(), body: { type: 'phrase.used', counter: 1, payload: payload('bank.greeting', 'greeting') } }],
      now,
      now,
    );
    await branch.post('/api/v1/counters/1/finish', { outcome: 'completed' }, { 'Idempotency-Key': 'rates-finish-1' });

    const rates = await branch.get(`/api/v1/phrases/rates?day=${day}`);
    expect(rates.json).toEqual({ day, tellers: [{ teller: 's-1001', day, services: 1, greeted: 1, farewelled: 0, greetingRate: 1, farewellRate: 0 }] });
    expect((await branch.get('/api/v1/phrases/rates')).json.day).toBe(day);
    expect((await branch.get('/api/v1/phrases/rates?day=tomorrow')).status).toBe(400);
  });
});

describe("the branch type's catalogue (issue 15)", () => {
  it("a government hall's hub switches its prompts and shows its phrases, and knows none of the bank's", async () => {
    const hall = await BranchUnderTest.start({ ...demoBranch('2000-01-01'), branchType: 'government_hall' });
    try {
      expect((await hall.post('/api/v1/prompts', { prompt: 'government.weather.rain', on: true })).json.prompts).toEqual(['government.weather.rain']);
      expect((await hall.post('/api/v1/prompts', { prompt: 'bank.weather.rain', on: true })).status).toBe(404);
      const shown = await hall.post('/api/v1/phrases/show', { counter: 3, phraseId: 'government.busy' });
      expect(shown.json.text).toEqual({ 'zh-CN': '请稍等，我马上为您办理。', 'zh-TW': '請稍等，我馬上為您辦理。', en: "One moment, please. I'll take care of it right away." });
      expect((await hall.post('/api/v1/phrases/show', { counter: 3, phraseId: 'bank.greeting' })).status).toBe(404);
    } finally {
      await hall.stop();
    }
  });
});
