import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { newId } from '../../shared/ids.js';
import { PHRASE_USED } from '../../shared/phrases/usage.js';
import { RECORDING_EVENT } from '../../shared/recording/indexRecord.js';
import type { RecordingFinishedPayload } from '../../shared/recording/indexRecord.js';
import { assembleServiceRecord } from '../../shared/serviceRecord/assemble.js';
import { COUNTER_EVENT } from '../../shared/sync/kinds.js';
import { HybridClock } from '../../shared/time/hlc.js';
import { readServiceRecordInputs } from '../../server/hub/serviceRecord/serviceRecordStore.js';
import { BranchUnderTest, actors } from '../support/branchUnderTest.js';
import { postJson } from '../support/http.js';
import { ms, percentile } from './stats.js';

/**
 * The service record (issue 13) on a hub after a branch day: 4 windows serve `perCounter`
 * tickets each (issued, called, started, finished: 4 queue events a ticket, some recalled or
 * given a second service), every service with a greeting and a farewell (phrase.used records), a
 * recording (recording.finished) and a rating; a few pauses. Then, for `samples` tickets picked
 * across the day: the hub's reads (readServiceRecordInputs), the pure assembly
 * (assembleServiceRecord), and the whole GET /api/v1/services/:ticketId/record from the lead
 * station (gate, reads, the audit entry written before the answer, JSON).
 */
export async function serviceRecordBench(perCounter: number, samples = 300): Promise<string[]> {
  const b = await BranchUnderTest.start(demoBranch('2000-01-01'));
  try {
    const services = ['A', 'B', 'A', 'V'];
    const kiosk = await b.as(actors.kiosk).headers();
    const counters = await Promise.all([1, 2, 3, 4].map((n) => b.as(actors.counter(n)).headers()));
    const display = await Promise.all([1, 2, 3, 4].map((n) => b.as(actors.display(n)).headers()));
    const pushers = await Promise.all([1, 2, 3, 4].map((n) => counterPusher(b, n)));
    const tickets: string[] = [];
    const t0 = performance.now();
    for (let round = 0; round < perCounter; round++) {
      for (let n = 1; n <= 4; n++) await postJson(`${b.url}/api/v1/tickets`, { service: services[n - 1] }, kiosk);
      await Promise.all(
        [1, 2, 3, 4].map(async (n) => {
          const h = counters[n - 1]!;
          const post = (action: string, body?: unknown) => postJson(`${b.url}/api/v1/counters/${n}/${action}`, body, h);
          const called = await post('call-next');
          if (called.status !== 200 || !called.json.ticket) throw new Error(`call-next: ${called.status} ${JSON.stringify(called.json)}`);
          const ticket = called.json.ticket as { id: string; number: string; service: string; calledAt: string };
          tickets.push(ticket.id);
          if (round % 7 === 0) await post('recall');
          await post('start');
          if (round % 5 === 0 && n === 2) await post('items', { service: 'B' });
          const finished = await post('finish', { outcome: 'completed' });
          await postJson(`${b.url}/api/v1/counters/${n}/rating`, { ticketId: ticket.id, value: (round % 4) + 1, source: 'customer_display' }, display[n - 1]!);
          const phrase = (situation: string, phraseId: string) => ({
            type: PHRASE_USED,
            counter: n,
            payload: { phraseId, situation, how: 'spoken', ticketId: ticket.id, teller: `s-100${n}`, moment: null, catalogue: { id: 'bank', version: 1 } },
          });
          const startedAt = new Date(Date.parse(ticket.calledAt) - 2000).toISOString();
          const endedAt = finished.json.ticket.finishedAt as string;
          const recording: RecordingFinishedPayload = {
            recordingId: newId(),
            ticketId: ticket.id,
            ticketNumber: ticket.number,
            service: ticket.service,
            tellerId: `s-100${n}`,
            startedAt,
            endedAt,
            durationMs: Math.max(0, Date.parse(endedAt) - Date.parse(startedAt)),
            bytes: 40_000,
            sha256: randomBytes(32).toString('hex'),
            finishedAs: 'complete',
            heldForDispute: false,
            silent: false,
          };
          await pushers[n - 1]!([phrase('greeting', 'bank.greeting'), phrase('farewell', 'bank.farewell'), { type: RECORDING_EVENT.finished, counter: n, payload: recording }]);
        }),
      );
      if (round % 60 === 30) {
        for (const n of [1, 3]) {
          await postJson(`${b.url}/api/v1/counters/${n}/pause`, { reason: 'cash_replenishment' }, counters[n - 1]!);
          await postJson(`${b.url}/api/v1/counters/${n}/resume`, undefined, counters[n - 1]!);
        }
      }
    }
    const dayMs = performance.now() - t0;
    const events = Number((await b.host.db.query<{ n: string }>('select count(*) as n from queue_events')).rows[0]!.n);
    const records = Number((await b.host.db.query<{ n: string }>('select count(*) as n from sync_records')).rows[0]!.n);
    await b.host.recordings.projector.catchUp();

    // Tickets spread over the day; each measured once per pass, reads and assembly apart.
    const picks = Array.from({ length: samples }, (_, i) => tickets[Math.floor((i * tickets.length) / samples)]!);
    const config = b.host.hub.branchConfig;
    const reads: number[] = [];
    const assembly: number[] = [];
    let entries = 0;
    for (const id of [...picks.slice(0, 20), ...picks]) {
      const r0 = performance.now();
      const inputs = (await readServiceRecordInputs(b.host.db, config, id, new Date()))!;
      const r1 = performance.now();
      const record = assembleServiceRecord(inputs);
      const r2 = performance.now();
      reads.push(r1 - r0);
      assembly.push(r2 - r1);
      entries += record.timeline.length;
    }
    reads.splice(0, 20); // warm-up
    assembly.splice(0, 20);
    const lead = await b.as(actors.lead()).headers();
    const route: number[] = [];
    for (const id of [...picks.slice(0, 20), ...picks]) {
      const q0 = performance.now();
      const res = await fetch(`${b.url}/api/v1/services/${id}/record`, { headers: lead });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET record: ${res.status}`);
      route.push(performance.now() - q0);
    }
    route.splice(0, 20);
    const line = (what: string, l: number[]) => `  ${what}: p50 ${ms(percentile(l, 50))}, p99 ${ms(percentile(l, 99))}, max ${ms(Math.max(...l))}`;
    return [
      `service record after a branch day: ${tickets.length} tickets, ${events} queue events, ${records} sync records (phrases, recordings, ratings, audit...), built in ${(dayMs / 1000).toFixed(1)} s; ${samples} tickets across the day, ${(entries / (samples + 20)).toFixed(1)} timeline entries each`,
      line('assembly (pure, shared/serviceRecord/assemble.ts)', assembly),
      line("hub's reads (readServiceRecordInputs)", reads),
      line('GET /api/v1/services/:id/record (gate, reads, audit entry, JSON)', route),
    ];
  } finally {
    await b.stop();
  }
}

/** Window n's counter device pushing its own records (sync push), several at a time. */
async function counterPusher(b: BranchUnderTest, n: number): Promise<(bodies: unknown[]) => Promise<void>> {
  const device = await b.device(`counter-${n}`, 'counter', n);
  const clock = new HybridClock(device.deviceId);
  let seq = 0;
  return async (bodies) => {
    const records = bodies.map((body) => ({ id: newId(), kind: COUNTER_EVENT, branchId: b.config.branchId, deviceId: device.deviceId, deviceSeq: ++seq, hlc: clock.tick(), wallAt: new Date().toISOString(), body }));
    const r = await postJson(`${b.url}/api/v1/sync/push`, { deviceId: device.deviceId, sentAt: new Date().toISOString(), records }, { authorization: `Bearer ${device.token}` });
    if (r.status !== 200 || r.json.acked.length !== records.length) throw new Error(`push refused: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
  };
}
