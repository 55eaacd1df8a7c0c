import { describe, expect, it } from 'vitest';
import type { Pause } from '../pause/schema.js';
import type { QueueEvent, QueueEventDetail, QueueEventType } from '../queue/events.js';
import type { Ticket } from '../queue/ticket.js';
import { newTicket } from '../queue/ticket.js';
import { assembleServiceRecord } from './assemble.js';
import type { PhraseInput, RecordingInput, ServiceRecordInputs } from './assemble.js';
import type { RecordComplaint, RecordRating } from './schema.js';
import { ServiceRecord } from './schema.js';

// Tuesday 10:00 in Asia/Shanghai; every instant below is T0 + seconds.
const T0 = Date.parse('2025-06-03T02:00:00.000Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();

const base: Ticket = newTicket({ id: 't-1', businessDay: '2025-06-03', service: 'A', number: 'A007', priority: 'none', issuedAt: at(0) });

/** The ticket's events as the hub commits them: seq in commit order. */
function story(...steps: [QueueEventType, number, number | null, QueueEventDetail?][]): QueueEvent[] {
  return steps.map(([type, s, counter, detail], n) => ({
    id: `e-${n + 1}`,
    seq: 100 + n,
    type,
    at: at(s),
    branchId: 'b',
    counter,
    ticket: base,
    detail: detail ?? {},
  }));
}

const recording = (id: string, counter: number, from: number, to: number, over: Partial<RecordingInput> = {}): RecordingInput => ({
  id,
  counter,
  tellerId: 's-1001',
  startedAt: at(from),
  endedAt: at(to),
  durationMs: (to - from) * 1000,
  finishedAs: 'complete',
  silent: false,
  heldForDispute: false,
  onHub: true,
  atHeadOfficeAt: null,
  ...over,
});

function inputs(over: Partial<ServiceRecordInputs>): ServiceRecordInputs {
  return { ticket: { ...base, status: 'done' }, events: [], recordings: [], phrases: [], pauses: [], ratings: [], complaints: [], now: new Date(T0 + 3600_000), ...over };
}

/** A plain service at window 1: issued, called at 5 min, started, an item added, finished at 9 min. */
const plain = story(
  ['ticket.issued', 0, null],
  ['ticket.called', 300, 1, { staffId: 's-1001', waitSeconds: 300 }],
  ['service.started', 330, 1, { staffId: 's-1001' }],
  ['service.item_added', 400, 1, { item: 'B', staffId: 's-1001' }],
  ['service.finished', 540, 1, { outcome: 'completed', handlingSeconds: 210, staffId: 's-1001' }],
);

describe('the service record', () => {
  it('puts the ticket life in order with its figures and who served it', () => {
    // Given in another order than committed: the record orders by the hub's sequence.
    const r = assembleServiceRecord(inputs({ events: [...plain].reverse() }));
    expect(ServiceRecord.parse(r)).toEqual(r);
    expect(r.timeline.map((e) => e.type)).toEqual(['ticket.issued', 'ticket.called', 'service.started', 'service.item_added', 'service.finished']);
    expect(r.figures).toEqual({ waitSeconds: 300, handlingSeconds: 210, totalSeconds: 540 });
    expect(r.visits).toEqual([
      { counter: 1, calledAt: at(300), startedAt: at(330), endedAt: at(540), endedBy: 'service.finished', recalls: 0, staffIds: ['s-1001'], handlingSeconds: 210 },
    ]);
    expect(r.servedBy).toEqual(['s-1001']);
    // Without a recording nothing is placed on one.
    expect(r.recordings).toEqual([]);
    expect(r.timeline.every((e) => e.recordingId === null && e.offsetSeconds === null)).toBe(true);
  });

  it('marks each happening on the recording with its offset from the recording start', () => {
    // The recording starts 2 s before the call (the pre-roll) and ends at the finish.
    const phrase: PhraseInput = { id: 'p-1', at: at(302), counter: 1, phraseId: 'bank.greeting', situation: 'greeting', how: 'spoken', teller: 's-1001', ticketId: 't-1', text: null };
    const r = assembleServiceRecord(inputs({ events: plain, recordings: [recording('R1', 1, 298, 541)], phrases: [phrase] }));
    const byId = Object.fromEntries(r.timeline.map((e) => [e.id, e]));
    expect(byId['queue:e-1']).toMatchObject({ recordingId: null, offsetSeconds: null }); // issued before the recording
    expect(byId['recording_started:R1']).toMatchObject({ recordingId: 'R1', offsetSeconds: 0 });
    expect(byId['queue:e-2']).toMatchObject({ recordingId: 'R1', offsetSeconds: 2 });
    expect(byId['phrase:p-1']).toMatchObject({ recordingId: 'R1', offsetSeconds: 4 });
    expect(byId['queue:e-3']).toMatchObject({ recordingId: 'R1', offsetSeconds: 32 });
    expect(byId['queue:e-5']).toMatchObject({ recordingId: 'R1', offsetSeconds: 242 });
    expect(byId['recording_ended:R1']).toMatchObject({ recordingId: 'R1', offsetSeconds: 243 });
    expect(r.timeline.map((e) => e.id)).toEqual(['queue:e-1', 'recording_started:R1', 'queue:e-2', 'phrase:p-1', 'queue:e-3', 'queue:e-4', 'queue:e-5', 'recording_ended:R1']);
    expect(r.recordings[0]!.flags).toEqual([]);
  });

  it('follows a recalled ticket transferred to another window: two visits, two recordings, each event on its own window\'s', () => {
    const events = story(
      ['ticket.issued', 0, null],
      ['ticket.called', 60, 1, { staffId: 's-1001', waitSeconds: 60 }],
      ['ticket.recalled', 100, 1, { staffId: 's-1001' }],
      ['ticket.recalled', 140, 1, { staffId: 's-1001' }],
      ['service.started', 150, 1, { staffId: 's-1001' }],
      ['ticket.transferred', 200, 1, { fromService: 'A', toService: 'B', fromCounter: 1, toCounter: 2, staffId: 's-1001' }],
      ['ticket.called', 260, 2, { staffId: 's-1002', waitSeconds: 260 }],
      ['service.started', 270, 2, { staffId: 's-1002' }],
      ['service.finished', 400, 2, { outcome: 'completed', staffId: 's-1002' }],
    );
    // Window 2's recording starts with its pre-roll while window 1's is still being closed: they overlap.
    const recordings = [recording('R2', 2, 258, 401, { tellerId: 's-1002' }), recording('R1', 1, 58, 259)];
    const r = assembleServiceRecord(inputs({ events, recordings }));
    expect(r.visits.map((v) => [v.counter, v.endedBy, v.recalls, v.handlingSeconds])).toEqual([
      [1, 'ticket.transferred', 2, 50],
      [2, 'service.finished', 0, 130],
    ]);
    expect(r.figures).toEqual({ waitSeconds: 60, handlingSeconds: 180, totalSeconds: 400 });
    expect(r.servedBy).toEqual(['s-1001', 's-1002']);
    expect(r.recordings.map((x) => x.id)).toEqual(['R1', 'R2']);
    const byId = Object.fromEntries(r.timeline.map((e) => [e.id, e]));
    expect(byId['queue:e-3']).toMatchObject({ type: 'ticket.recalled', recordingId: 'R1', offsetSeconds: 42 });
    expect(byId['queue:e-6']).toMatchObject({ type: 'ticket.transferred', recordingId: 'R1', offsetSeconds: 142 });
    // At 258-259 both recordings run: an event of window 2 goes on window 2's.
    expect(byId['recording_started:R2']).toMatchObject({ recordingId: 'R2', offsetSeconds: 0 });
    expect(byId['queue:e-7']).toMatchObject({ counter: 2, recordingId: 'R2', offsetSeconds: 2 });
    expect(byId['queue:e-9']).toMatchObject({ recordingId: 'R2', offsetSeconds: 142 });
    expect(r.recordings.every((x) => x.flags.length === 0)).toBe(true);
  });

  it('flags an empty, a silent and a cut-short recording against the service it recorded', () => {
    const recordings = [
      recording('R-empty', 1, 298, 298, { durationMs: 20, silent: true }),
      recording('R-silent', 1, 298, 541, { silent: true }),
      // Stopped two minutes before the finish: the browser host was closed mid-service.
      recording('R-short', 1, 298, 420),
      recording('R-crash', 1, 298, 539, { finishedAs: 'interrupted', silent: null }),
    ];
    const r = assembleServiceRecord(inputs({ events: plain, recordings }));
    expect(Object.fromEntries(r.recordings.map((x) => [x.id, x.flags]))).toEqual({
      'R-empty': ['empty'],
      'R-silent': ['silent'],
      'R-short': ['cut_short'],
      'R-crash': ['cut_short'],
    });
  });

  it('keeps only the phrases of this ticket, the pauses around it and the complaint steps in order', () => {
    const phrases: PhraseInput[] = [
      { id: 'p-mine', at: at(305), counter: 1, phraseId: 'bank.greeting', situation: 'greeting', how: 'spoken', teller: 's-1001', ticketId: 't-1', text: null },
      { id: 'p-other', at: at(600), counter: 1, phraseId: 'bank.greeting', situation: 'greeting', how: 'spoken', teller: 's-1001', ticketId: 't-2', text: null },
      { id: 'p-idle', at: at(350), counter: 1, phraseId: 'bank.wait', situation: 'wait', how: 'said', teller: 's-1001', ticketId: null, text: null },
      { id: 'p-idle-later', at: at(900), counter: 1, phraseId: 'bank.wait', situation: 'wait', how: 'said', teller: 's-1001', ticketId: null, text: null },
    ];
    const pause = (id: string, counter: number, from: number, to: number | null): Pause => ({
      id,
      counter,
      reason: 'break',
      startedAt: at(from),
      endedAt: to === null ? null : at(to),
      approvedBy: null,
      approvedAt: null,
      overrideBy: null,
      staffId: 's-1001',
    });
    const pauses = [pause('before', 1, 0, 200), pause('far', 1, -7200, -7000), pause('after', 1, 600, 700), pause('other-window', 2, 300, 400)];
    const rating: RecordRating = {
      serviceId: 'e-5',
      counter: 1,
      tellerId: 's-1001',
      finishedAt: at(540),
      status: 'rated',
      value: 1,
      label: { 'zh-CN': '不满意', 'zh-TW': '不滿意', en: 'Dissatisfied' },
      low: true,
      source: 'customer_display',
      ratedAt: at(550),
      followUpId: 'f-1',
    };
    const step = (seq: number, action: string, s: number, from: string | null, to: string) => ({ seq, action, at: at(s), by: 's-9001', role: 'lead' as const, from, to, note: null });
    const complaint: RecordComplaint = {
      id: 'c-1',
      kind: 'complaint',
      channel: 'counter',
      category: 'attitude',
      status: 'accepted',
      receivedAt: at(3000),
      ownerId: 's-9001',
      level: 'duty_lead',
      facts: 'rude',
      steps: [step(2, 'accept', 3100, 'registered', 'accepted'), step(1, 'register', 3000, null, 'registered')],
    };
    const r = assembleServiceRecord(inputs({ events: plain, phrases, pauses, ratings: [rating], complaints: [complaint], recordings: [recording('R1', 1, 298, 541)] }));
    expect(r.phrases.map((p) => p.id)).toEqual(['p-mine', 'p-idle']);
    expect(r.pauses.map((p) => [p.id, p.relation])).toEqual([
      ['before', 'before'],
      ['after', 'after'],
    ]);
    expect(r.ratings).toEqual([rating]);
    expect(r.complaints[0]!.steps.map((s) => s.action)).toEqual(['register', 'accept']);
    const kinds = r.timeline.map((e) => `${e.kind}:${e.type}`);
    expect(kinds.indexOf('rating:1')).toBeGreaterThan(kinds.indexOf('queue:service.finished'));
    expect(kinds.slice(-2)).toEqual(['complaint_step:register', 'complaint_step:accept']);
    expect(r.timeline.find((e) => e.kind === 'rating')).toMatchObject({ recordingId: null });
    expect(r.timeline.filter((e) => e.kind === 'pause_started').map((e) => e.id)).toEqual(['pause_started:before', 'pause_started:after']);
  });

  it('tells a ticket still being served and one never called', () => {
    const serving = assembleServiceRecord(inputs({ ticket: { ...base, status: 'serving' }, events: plain.slice(0, 3) }));
    expect(serving.visits[0]).toMatchObject({ endedAt: null, handlingSeconds: null });
    expect(serving.figures).toEqual({ waitSeconds: 300, handlingSeconds: null, totalSeconds: null });
    const waiting = assembleServiceRecord(inputs({ ticket: base, events: plain.slice(0, 1) }));
    expect(waiting.visits).toEqual([]);
    expect(waiting.figures).toEqual({ waitSeconds: null, handlingSeconds: null, totalSeconds: null });
  });

  it('tells a no-show after recalls and a held ticket called back at the same window', () => {
    const noShow = assembleServiceRecord(
      inputs({
        events: story(['ticket.issued', 0, null], ['ticket.called', 60, 3, {}], ['ticket.recalled', 120, 3, {}], ['ticket.recalled', 180, 3, {}], ['ticket.no_show', 240, 3, {}]),
      }),
    );
    expect(noShow.visits.map((v) => [v.counter, v.recalls, v.endedBy, v.handlingSeconds])).toEqual([[3, 2, 'ticket.no_show', 180]]);
    const held = assembleServiceRecord(
      inputs({
        events: story(
          ['ticket.issued', 0, null],
          ['ticket.called', 60, 1, {}],
          ['service.started', 70, 1, {}],
          ['ticket.held', 100, 1, {}],
          ['ticket.called', 400, 1, { reason: 'held' }],
          ['service.started', 410, 1, {}],
          ['service.finished', 500, 1, { outcome: 'completed' }],
        ),
      }),
    );
    expect(held.visits.map((v) => [v.counter, v.endedBy, v.handlingSeconds])).toEqual([
      [1, 'ticket.held', 30],
      [1, 'service.finished', 90],
    ]);
    expect(held.figures.handlingSeconds).toBe(120);
  });
});
