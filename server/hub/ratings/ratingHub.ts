import { QueueError } from '../../../shared/api/errors.js';
import { newId } from '../../../shared/ids.js';
import { findCounter } from '../../../shared/queue/commands.js';
import type { QueueEvent } from '../../../shared/queue/events.js';
import { businessDayOf } from '../../../shared/queue/rules/index.js';
import type { CounterRatingState, FollowUp, RatingAccepted, RatingAnswer, RatingNotice } from '../../../shared/ratings/api.js';
import { FOLLOW_UP_DOC_TYPE, followUpFields, followUpOf } from '../../../shared/ratings/followUp.js';
import { acceptRating, attributeRating, dayScore } from '../../../shared/ratings/rules.js';
import type { RatingRecord, RatingScale, ServiceRecord } from '../../../shared/ratings/schema.js';
import { COUNTER_EVENT, DOC_OP, DocOpBody } from '../../../shared/sync/kinds.js';
import type { SyncRecord } from '../../../shared/sync/protocol.js';
import { groupByDoc, mergeOps } from '../../../shared/sync/lww.js';
import type { SqlDb, SqlTx } from '../../db/sqlDb.js';
import type { QueueHub } from '../queue/queueHub.js';
import { createSerial } from '../queue/serial.js';
import {
  expiredAwaiting,
  dayOutcomes,
  finishedWithoutRow,
  followUpOps,
  insertServices,
  latestAwaiting,
  recordOutcomes,
  serviceOfTicket,
} from './ratingStore.js';
import type { NewService, Outcome, ServiceRow } from './ratingStore.js';
import { openOwnDevice } from '../../sync/ownRecords.js';
import type { OwnDevice } from '../../sync/ownRecords.js';

export interface RatingHubDeps {
  db: SqlDb;
  queue: QueueHub;
  now?: () => Date;
  /** How often services past their time are closed as 'not_rated' (default 5 s; 0 = never by timer). */
  sweepMs?: number;
  /** The teller signed in at window n now (the session service), for what the window's screens show. */
  tellerAt?: (n: number) => string | null;
  /**
   * A dissatisfied answer, inside the transaction that stores it: the complaint log opens its
   * item there (server/hub/complaints/complaintDesk.ts openLowRating), with the follow-up's id.
   */
  onLowRating?: (tx: SqlTx, low: LowRating) => Promise<unknown>;
}

/** A dissatisfied answer as the complaint log takes it over. */
export interface LowRating {
  /** The follow-up's id: the complaint-log item takes the same one. */
  id: string;
  record: RatingRecord;
  ticketNumber: string;
  scale: RatingScale;
  now: Date;
  /** The customer's name and number, given with the answer (real-name rating); null: anonymous. */
  complainant: { name: string; phone: string; realName: true } | null;
}

type Listener = (notice: RatingNotice) => void;

/** Finished services older than this are not reopened for an answer after a crash. */
const BACKFILL_HOURS = 24;

const toService = (row: ServiceRow): ServiceRecord => ({
  ticketId: row.ticketId,
  serviceId: row.serviceId,
  tellerId: row.tellerId,
  counter: row.counter,
  finishedAt: row.finishedAt,
});

/**
 * The branch's ratings (服务评价). Every finished service of the queue opens a prompt at its
 * window; the customer's answer from the customer display or the rating keypad is attributed to
 * that service, its ticket and the window's teller; no answer in time makes it 'not_rated'; a low
 * answer opens a follow-up for the lead, and (onLowRating) the complaint log's item of it.
 * Outcomes and follow-ups reach head office as sync records of the hub's ratings device, relayed
 * like the counters' records.
 *
 * Like the queue, commands run one at a time and each is committed in one transaction before
 * memory, listeners and the answer see it.
 */
export class RatingHub {
  private readonly serial = createSerial();
  private readonly listeners = new Set<Listener>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: (() => void) | null = null;
  private closed = false;

  private constructor(
    private readonly db: SqlDb,
    private readonly queue: QueueHub,
    private readonly now: () => Date,
    private readonly device: OwnDevice,
    private readonly tellerAt: (n: number) => string | null,
    private readonly onLowRating: RatingHubDeps['onLowRating'] = undefined,
  ) {}

  static async open(deps: RatingHubDeps): Promise<RatingHub> {
    const now = deps.now ?? (() => new Date());
    // The hub's queue events use its device id with the event sequence: rating records are
    // another device of the hub, with their own gap-free sequence.
    const deviceId = `${deps.queue.deviceId}-ratings`;
    const device = await openOwnDevice(deps.db, deviceId, deps.queue.branchConfig.branchId, now);
    const hub = new RatingHub(deps.db, deps.queue, now, device, deps.tellerAt ?? (() => null), deps.onLowRating);
    hub.unsubscribe = deps.queue.subscribe((event) => {
      if (event.type !== 'service.finished') return;
      // Queued at once, in commit order: an answer sent after the display saw the finish always
      // finds its service.
      void hub.serial(() => hub.openServices([event])).catch((err: unknown) => console.error('ratings: could not open the rating of a finished service', err));
    });
    await hub.serial(() => hub.backfill());
    await hub.serial(() => hub.sweep());
    const sweepMs = deps.sweepMs ?? 5000;
    if (sweepMs > 0) {
      hub.timer = setInterval(() => {
        void hub.serial(() => hub.sweep()).catch((err: unknown) => console.error('ratings: sweep failed', err));
      }, sweepMs);
      hub.timer.unref?.();
    }
    return hub;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The customer's answer for the service of `answer.ticketId` at window `n`. */
  rate(n: number, answer: RatingAnswer): Promise<RatingAccepted> {
    const config = this.queue.branchConfig;
    findCounter(config, n);
    const { scale } = config.standards.ratings;
    const check = acceptRating({ serviceId: '-', value: answer.value, source: answer.source }, scale);
    if (!check.ok) {
      if (check.reason === 'teller_keyboard') {
        throw new QueueError('forbidden', "a rating is the customer's: it is taken from the customer display or the rating keypad, never from the teller's keyboard");
      }
      throw new QueueError('bad_request', `${answer.value} is not an answer of the rating scale ${scale.id} (${scale.levels.map((l) => l.value).join(', ')})`);
    }
    return this.serial(async () => {
      await this.sweep();
      const row = (await serviceOfTicket(this.db, n, answer.ticketId)) ?? (await this.backfill().then(() => serviceOfTicket(this.db, n, answer.ticketId)));
      if (!row) throw new QueueError('conflict', `ticket ${answer.ticketId} has no finished service at window ${n} to rate`);
      if (row.status === 'rated') throw new QueueError('conflict', `the service of ticket ${row.ticketNumber} at window ${n} is already rated`);
      if (row.status === 'not_rated') {
        throw new QueueError('conflict', `too late: the time to rate the service of ticket ${row.ticketNumber} ran out ${row.timeoutSeconds} s after it finished`);
      }
      const now = this.now();
      const outcome = attributeRating({ serviceId: row.serviceId, value: answer.value, source: answer.source }, toService(row), now, row.timeoutSeconds);
      if (!outcome.ok) {
        // Past the deadline by a hair (the sweep runs before the clock is read again), or a
        // clock that went back before the finish.
        throw new QueueError('conflict', outcome.reason === 'too_late' ? `too late: the time to rate ran out ${outcome.secondsLate} s ago` : `the service cannot be rated now (${outcome.reason})`);
      }
      const record = outcome.record;
      const fields = followUpFields(record, { ticketNumber: row.ticketNumber, serviceCode: row.serviceCode, scale, openedAt: now });
      const followUpId = fields ? newId() : null;
      const changed = await this.commit(
        [{ serviceId: row.serviceId, status: 'rated', value: answer.value, source: check.rating.source, ratedAt: record.ratedAt!, followUpId }],
        () => [this.outcomeRecord(row, record, scale.id, followUpId), ...(fields && followUpId ? this.docOps(followUpId, fields) : [])],
        now,
        // The complaint log's item of a dissatisfied answer, in the same transaction.
        followUpId && this.onLowRating ? (tx) => this.onLowRating!(tx, { id: followUpId, record, ticketNumber: row.ticketNumber, scale, now, complainant: answer.contact ? { ...answer.contact, realName: true } : null }) : undefined,
      );
      if (changed.length === 0) throw new QueueError('conflict', `the service of ticket ${row.ticketNumber} at window ${n} is already rated`);
      this.notify({ type: 'rating', counter: n, ticketId: row.ticketId, status: 'rated', followUpId, value: answer.value, source: check.rating.source });
      return { rating: record, followUpId };
    });
  }

  /** What window `n` shows: the open prompt, the scale, and the window's day score. */
  state(n: number): Promise<CounterRatingState> {
    return this.serial(async () => {
      const config = this.queue.branchConfig;
      findCounter(config, n);
      await this.sweep();
      const now = this.now();
      const { scale, timeoutSeconds } = config.standards.ratings;
      const businessDay = businessDayOf(now, config.hours.timezone);
      const open = await latestAwaiting(this.db, n);
      let prompt: CounterRatingState['prompt'] = null;
      if (open) {
        const deadline = Date.parse(open.finishedAt) + open.timeoutSeconds * 1000;
        prompt = {
          serviceId: open.serviceId,
          ticketId: open.ticketId,
          ticketNumber: open.ticketNumber,
          finishedAt: open.finishedAt,
          deadline: new Date(deadline).toISOString(),
          secondsLeft: Math.max(0, Math.ceil((deadline - now.getTime()) / 1000)),
        };
      }
      return {
        counter: n,
        businessDay,
        tellerId: this.tellerAt(n),
        scale,
        timeoutSeconds,
        prompt,
        dayScore: dayScore(await dayOutcomes(this.db, n, businessDay, scale.id), scale),
      };
    });
  }

  /** Every follow-up stored at this hub, newest first. */
  async followUps(): Promise<FollowUp[]> {
    const ops = (await followUpOps(this.db, FOLLOW_UP_DOC_TYPE)).flatMap((body) => {
      const op = DocOpBody.safeParse(body);
      return op.success ? [op.data] : [];
    });
    const docs = [...groupByDoc(ops).values()].flatMap((docOps) => followUpOf(mergeOps(docOps)) ?? []);
    return docs.sort((a, b) => (a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : a.id < b.id ? 1 : -1));
  }

  /** Closes, as 'not_rated', every service whose time to answer is over. */
  sweepNow(): Promise<void> {
    return this.serial(() => this.sweep());
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    // Whatever was queued finishes before the database closes.
    await this.serial(async () => undefined);
  }

  private async openServices(events: ReadonlyArray<Pick<QueueEvent, 'id' | 'at' | 'counter' | 'ticket'> & { detail?: QueueEvent['detail'] }>): Promise<void> {
    if (this.closed) return;
    const config = this.queue.branchConfig;
    const { scale, timeoutSeconds } = config.standards.ratings;
    const services: NewService[] = events.flatMap((e) => {
      const n = e.counter ?? e.ticket.counter;
      const counter = n === null ? undefined : config.counters.find((c) => c.number === n);
      // The answer is about the teller who finished the service (its session, on the event);
      // a service nobody signed in finished (an event from before sign-in existed) is not rated.
      const tellerId = e.detail?.staffId;
      if (!counter || tellerId === undefined) return [];
      const finishedAt = e.ticket.finishedAt ?? e.at;
      return [
        {
          serviceId: e.id,
          ticketId: e.ticket.id,
          ticketNumber: e.ticket.number,
          serviceCode: e.ticket.service,
          counter: counter.number,
          tellerId,
          businessDay: businessDayOf(new Date(finishedAt), config.hours.timezone),
          finishedAt,
          scaleId: scale.id,
          timeoutSeconds,
        },
      ];
    });
    await insertServices(this.db, services);
    for (const s of services) this.notify({ type: 'rating', counter: s.counter, ticketId: s.ticketId, status: 'awaiting', followUpId: null, value: null, source: null });
  }

  /** Services whose finish was committed but whose rating row was not (a crash between the two). */
  private async backfill(): Promise<void> {
    const since = new Date(this.now().getTime() - BACKFILL_HOURS * 3600_000);
    const missing = await finishedWithoutRow(this.db, since);
    const events = missing.flatMap((m) => {
      const e = m.body as QueueEvent;
      return e && typeof e === 'object' && e.ticket ? [{ id: m.id, at: m.at, counter: m.counter, ticket: e.ticket, detail: e.detail }] : [];
    });
    if (events.length > 0) await this.openServices(events);
  }

  private async sweep(): Promise<void> {
    if (this.closed) return;
    const now = this.now();
    const expired = (await expiredAwaiting(this.db, now)).filter((row) => attributeRating(null, toService(row), now, row.timeoutSeconds).ok);
    if (expired.length === 0) return;
    const byId = new Map(expired.map((r) => [r.serviceId, r]));
    const changed = await this.commit(
      expired.map((r): Outcome => ({ serviceId: r.serviceId, status: 'not_rated' })),
      (id) => {
        const row = byId.get(id)!;
        const r = attributeRating(null, toService(row), now, row.timeoutSeconds);
        return r.ok ? [this.outcomeRecord(row, r.record, row.scaleId, null)] : [];
      },
      now,
    );
    for (const id of changed) {
      const row = byId.get(id)!;
      this.notify({ type: 'rating', counter: row.counter, ticketId: row.ticketId, status: 'not_rated', followUpId: null, value: null, source: null });
    }
  }

  private commit(
    outcomes: Outcome[],
    recordsFor: (serviceId: string) => Array<Pick<SyncRecord, 'kind' | 'body'>>,
    now: Date,
    alsoIn?: (tx: SqlTx) => Promise<unknown>,
  ): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const changed = await recordOutcomes(tx, outcomes, recordsFor, this.device, now);
      if (changed.length > 0 && alsoIn) await alsoIn(tx);
      return changed;
    });
  }

  /** The outcome as head office gets it: a counter.event of the window. */
  private outcomeRecord(row: ServiceRow, record: RatingRecord, scaleId: string, followUpId: string | null): Pick<SyncRecord, 'kind' | 'body'> {
    return {
      kind: COUNTER_EVENT,
      body: {
        type: record.status === 'rated' ? 'rating.rated' : 'rating.not_rated',
        counter: row.counter,
        payload: { ...record, ticketNumber: row.ticketNumber, serviceCode: row.serviceCode, businessDay: row.businessDay, scaleId, followUpId },
      },
    };
  }

  /** One doc.op per field of a new follow-up; recordOutcomes stamps each op with its record's HLC. */
  private docOps(docId: string, fields: Record<string, unknown>): Array<Pick<SyncRecord, 'kind' | 'body'>> {
    return Object.entries(fields).map(([field, value]) => ({
      kind: DOC_OP,
      body: { docType: FOLLOW_UP_DOC_TYPE, docId, field, value, author: this.device.deviceId },
    }));
  }

  private notify(notice: RatingNotice): void {
    for (const l of [...this.listeners]) {
      try {
        l(notice);
      } catch {
        // A broken subscriber must never undo or block a stored rating.
      }
    }
  }
}
