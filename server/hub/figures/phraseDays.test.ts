import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BranchConfig } from '../../../shared/config/schema.js';
import { demoBranch } from '../../../shared/config/demoBranch.js';
import { MonthReport } from '../../../shared/figures/api.js';
import { newId } from '../../../shared/ids.js';
import { HybridClock } from '../../../shared/time/hlc.js';
import { BranchUnderTest } from '../../../tests/support/branchUnderTest.js';
import { storeRecords } from '../../sync/recordStore.js';
import { branchPhraseRates } from '../phrases/phraseRates.js';

/**
 * The greeting and farewell counts the keeper settles ahead of the views (phraseDays.ts): a day
 * is settled once it is two days past, never before, with the phrases' own numbers, and the
 * month view then reads what was kept.
 */

const DAY = '2026-03-02';
const config = BranchConfig.parse({ ...demoBranch(DAY), access: { idleLockMinutes: 240 } });
const clock = { ms: Date.parse(`${DAY}T09:00:00+08:00`) };
const at = (day: string) => Date.parse(`${day}T10:00:00+08:00`);

describe("the keeper's settled phrase counts", () => {
  let b: BranchUnderTest;
  beforeAll(async () => {
    b = await BranchUnderTest.start(config, { host: { now: () => new Date(clock.ms), alertEveryMs: 0, complaintReminderMs: 0 } });
    const hlc = new HybridClock('c-1', () => clock.ms);
    let deviceSeq = 0;
    const used = async (situation: string, ticketId: string) => {
      const now = new Date(clock.ms);
      const payload = { phraseId: `bank.${situation}`, situation, how: 'spoken', ticketId, teller: 's-1001', moment: 'ticket_called', catalogue: { id: 'bank', version: 1 } };
      await storeRecords(
        b.host.db,
        'c-1',
        [{ id: newId(), kind: 'counter.event', branchId: config.branchId, deviceId: 'c-1', deviceSeq: ++deviceSeq, hlc: hlc.tick(), wallAt: now.toISOString(), body: { type: 'phrase.used', counter: 1, payload } }],
        now,
        now,
      );
    };
    // Three customers at window 1: the first greeted, the second greeted and seen off, the third neither.
    for (let i = 0; i < 3; i++) expect((await b.post('/api/v1/tickets', { service: 'A' })).status).toBe(201);
    for (let i = 0; i < 3; i++) {
      clock.ms += 60_000;
      const called = await b.post('/api/v1/counters/1/call-next');
      expect(called.status, JSON.stringify(called.json)).toBe(200);
      clock.ms += 10_000;
      if (i < 2) await used('greeting', called.json.ticket.id);
      clock.ms += 60_000;
      expect((await b.post('/api/v1/counters/1/finish', { outcome: 'completed' })).status).toBe(200);
      clock.ms += 5_000;
      if (i === 1) await used('farewell', called.json.ticket.id);
    }
    await b.host.figures.idle();
  }, 60_000);
  afterAll(async () => b?.stop());

  const kept = async () => (await b.host.db.query<{ staff_id: string; services: number; greeted: number; farewelled: number }>('select staff_id, services, greeted, farewelled from figure_phrase_days where day = $1', [DAY])).rows;

  it('leaves a day the counters may still push phrases for (yesterday) unsettled', async () => {
    clock.ms = at('2026-03-03');
    expect(await b.host.figures.settlePhraseDays()).toBe(0);
    expect(await kept()).toEqual([]);
  });

  it("settles a day two days past once, with the phrases' own numbers, and the month view reads them", async () => {
    clock.ms = at('2026-03-04');
    expect(await b.host.figures.settlePhraseDays()).toBe(1);
    const rates = await branchPhraseRates(b.host.db, config, DAY);
    expect(rates.map((r) => ({ teller: r.teller, services: r.services, greeted: r.greeted, farewelled: r.farewelled }))).toEqual([{ teller: 's-1001', services: 3, greeted: 2, farewelled: 1 }]);
    expect(await kept()).toEqual([{ staff_id: 's-1001', services: 3, greeted: 2, farewelled: 1 }]);
    expect(await b.host.figures.settlePhraseDays()).toBe(0);

    const month = MonthReport.parse((await b.get('/api/v1/figures/month?month=2026-03')).json);
    const teller = month.tellers.find((t) => t.staffId === 's-1001');
    expect(teller?.greetingRate).toBeCloseTo(2 / 3);
    expect(teller?.farewellRate).toBeCloseTo(1 / 3);
  });

  it('settles what is left in the background after a restart, unasked', async () => {
    await b.host.db.exec('delete from figure_phrase_days; delete from figure_phrase_days_done;');
    await b.restart();
    // Nobody asks: the keeper settles in the background once it has caught up.
    for (let i = 0; i < 100 && (await kept()).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await kept()).toEqual([{ staff_id: 's-1001', services: 3, greeted: 2, farewelled: 1 }]);
  });
});
