import { targetHandlingSecondsOf, targetWaitSecondsOf } from '../config/schema.js';
import type { Service } from '../config/schema.js';
import type { QueueEvent } from '../queue/events.js';
import { zoned } from '../queue/rules/zoned.js';
import { WAIT_BUCKET_MINUTES } from './api.js';
import type { FigureRow, FigureSums } from './api.js';

/**
 * Every figure of the lead's views, defined once (issue 14). A figure is a sum over queue
 * events, so each event adds to the sums of one key (business day, 15-minute slot, service,
 * window, teller) and every view (a day, a month, a teller, a slot) adds keys up. The hub keeps
 * these sums as events are committed (server/hub/figures) and this file is the only place that
 * says what an event counts for:
 *
 * - arrival: a ticket.issued, in the slot it was issued, for its service.
 * - wait: from the ticket's issue to its FIRST call, counted at that call (the window and teller
 *   who called). Whether a call is the first is a matter of the ticket's history, not of the
 *   event (a hand-back from a paused window resets the call fields without counting a transfer),
 *   so the caller says whether the ticket was called before. A transfer does not start a second
 *   wait: the customer keeps their place (issuedAt is kept) and the next window's call is not a
 *   first call. A recall only repeats the call, and calling a held ticket back resumes a service
 *   already begun: neither ends a wait.
 *   A ticket that expires uncalled never ended its wait and is not in the average.
 *   Within target: wait <= the service's targetWaitSecondsOf.
 * - called: the same first calls, one per ticket.
 * - served: a service.finished, at the window and teller who finished it, for the ticket's service
 *   then (after a transfer, the service it was transferred to).
 * - handling: service.started -> service.finished, the event's detail.handlingSeconds (from the
 *   latest start: a held service resumed counts from its resumption). Within target: <= the
 *   service's targetHandlingSecondsOf.
 * - no-show: a ticket.no_show, at the window and teller who gave up on the customer.
 * - transfer: a ticket.transferred, at the window and teller who handed the ticket on, for the
 *   service it left. A hand-back (the window paused or closed, detail.reason window_paused /
 *   window_closed) is not a referral of the customer and is not counted.
 * - recall: a ticket.recalled, at its window and teller.
 * A held, started, item-added or expired ticket adds nothing.
 */

/** Where an event's contribution is filed. counter / staffId are null for what no window did (arrivals). */
export interface FigureKey {
  day: string;
  /** "HH:MM", start of the 15-minute slot in the branch's zone. */
  slot: string;
  service: string;
  counter: number | null;
  staffId: string | null;
}

export interface FigureDelta {
  key: FigureKey;
  sums: FigureSums;
  /** Index into the wait distribution (WAIT_BUCKET_MINUTES, last = longer) for a first call. */
  waitBucket: number | null;
}

export interface FigureContext {
  timezone: string;
  services: readonly Pick<Service, 'code' | 'targetWaitMinutes' | 'targetWaitSeconds' | 'targetHandlingMinutes' | 'targetHandlingSeconds'>[];
}

export const SLOT_MINUTES = 15;

export function emptySums(): FigureSums {
  return {
    arrivals: 0,
    called: 0,
    served: 0,
    noShows: 0,
    transfers: 0,
    recalls: 0,
    waitSecondsSum: 0,
    waitCount: 0,
    waitWithinTarget: 0,
    handlingSecondsSum: 0,
    handlingCount: 0,
    handlingWithinTarget: 0,
  };
}

export const SUM_FIELDS = Object.keys(emptySums()) as ReadonlyArray<keyof FigureSums>;

export function addSums(a: FigureSums, b: FigureSums): FigureSums {
  const out = emptySums();
  for (const f of SUM_FIELDS) out[f] = a[f] + b[f];
  return out;
}

const SLOT_MS = SLOT_MINUTES * 60_000;
/** Zone offset (minutes) per zone and 15-minute stretch of UTC; every zone's offset and change falls on these. */
const offsets = new Map<string, number>();

function offsetMinutes(ms: number, timezone: string): number {
  const stretch = Math.floor(ms / SLOT_MS);
  const key = `${timezone}|${stretch}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = stretch * SLOT_MS;
    const d = zoned(start, timezone);
    const utcMinutes = Math.floor(start / 60_000) % 1440;
    offset = (((d.getHours() * 60 + d.getMinutes() - utcMinutes) % 1440) + 1440) % 1440;
    // A year of rebuilding touches 35,000 stretches per zone: keep the memory bounded.
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * "HH:MM" of the 15-minute slot an instant falls in, in the branch's zone. The zone's calendar
 * is asked once per 15 minutes of UTC (the figures' rebuild files millions of events).
 */
export function slotOf(at: Date | number, timezone: string): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  const local = (Math.floor(ms / 60_000) % 1440 + offsetMinutes(ms, timezone) + 1440) % 1440;
  return slotName(local - (local % SLOT_MINUTES));
}

/** "HH:MM" of a slot that starts `minute` minutes after local midnight. */
export function slotName(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The wait-distribution bucket of a wait: the first bound (minutes) it is at or under; past the last, the open bucket. */
export function waitBucketOf(waitSeconds: number): number {
  const i = WAIT_BUCKET_MINUTES.findIndex((m) => waitSeconds <= m * 60);
  return i < 0 ? WAIT_BUCKET_MINUTES.length : i;
}

/** Transfers that are the window's going away, not a referral (shared/pause/handOff.ts). */
const HAND_BACKS: ReadonlySet<string> = new Set(['window_paused', 'window_closed']);

/**
 * The first call of a ticket: a call event when no earlier call event of the ticket exists
 * (`calledBefore`, from the store's history). The event's own fields cannot say: after a
 * transfer or a hand-back the ticket's call fields are reset.
 */
export function isFirstCall(e: Pick<QueueEvent, 'type'>, calledBefore: boolean): boolean {
  return e.type === 'ticket.called' && !calledBefore;
}

const secondsBetween = (from: string, to: string): number => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/**
 * What one committed event adds to the figures, or null when it counts for nothing.
 * `calledBefore`: the ticket had a ticket.called event before this one (only read for calls).
 */
export function figureDelta(e: QueueEvent, ctx: FigureContext, calledBefore: boolean): FigureDelta | null {
  const sums = emptySums();
  let waitBucket: number | null = null;
  let service = e.ticket.service;
  let byWindow = true;
  const svc = (code: string) => ctx.services.find((s) => s.code === code);
  switch (e.type) {
    case 'ticket.issued':
      sums.arrivals = 1;
      byWindow = false;
      break;
    case 'ticket.called': {
      if (!isFirstCall(e, calledBefore)) return null;
      const wait = e.detail.waitSeconds ?? secondsBetween(e.ticket.issuedAt, e.at);
      const s = svc(service);
      sums.called = 1;
      sums.waitCount = 1;
      sums.waitSecondsSum = wait;
      sums.waitWithinTarget = s && wait <= targetWaitSecondsOf(s) ? 1 : 0;
      waitBucket = waitBucketOf(wait);
      break;
    }
    case 'ticket.recalled':
      sums.recalls = 1;
      break;
    case 'ticket.no_show':
      sums.noShows = 1;
      break;
    case 'ticket.transferred':
      if (HAND_BACKS.has(e.detail.reason ?? '')) return null;
      sums.transfers = 1;
      service = e.detail.fromService ?? service;
      break;
    case 'service.finished': {
      const started = e.ticket.startedAt ?? e.at;
      const handling = e.detail.handlingSeconds ?? secondsBetween(started, e.at);
      const s = svc(service);
      sums.served = 1;
      sums.handlingCount = 1;
      sums.handlingSecondsSum = handling;
      sums.handlingWithinTarget = s && handling <= targetHandlingSecondsOf(s) ? 1 : 0;
      break;
    }
    default:
      return null;
  }
  return {
    key: {
      day: e.ticket.businessDay,
      slot: slotOf(Date.parse(e.at), ctx.timezone),
      service,
      counter: byWindow ? (e.counter ?? e.detail.fromCounter ?? null) : null,
      staffId: byWindow ? (e.detail.staffId ?? null) : null,
    },
    sums,
    waitBucket,
  };
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
const average = (sum: number, n: number): number | null => (n === 0 ? null : Math.round(sum / n));

/** The derived figures of a set of sums: averages in whole seconds, the within-target rate. */
export function figureRow(s: FigureSums): FigureRow {
  return {
    ...s,
    averageWaitSeconds: average(s.waitSecondsSum, s.waitCount),
    averageHandlingSeconds: average(s.handlingSecondsSum, s.handlingCount),
    waitWithinTargetRate: ratio(s.waitWithinTarget, s.waitCount),
  };
}

/** Share of rated services the customer was satisfied with; null when nobody rated. */
export function satisfactionOf(satisfied: number, rated: number): number | null {
  return ratio(satisfied, rated);
}

/** Share of services where the phrase was shown; null with no services. */
export function phraseRateOf(shown: number, services: number): number | null {
  const r = ratio(shown, services);
  return r === null ? null : Math.min(1, r);
}

/**
 * The slots in which a window had a customer, from one event: "windows open" per slot counts
 * windows that called or served someone at some time in the slot (the hub keeps no history of
 * the open/closed sign, and a window open with nobody to call does no work to show). A call
 * marks its slot; the end of a customer's time at the window (finished, no-show, transferred,
 * held) marks every slot from the call to that end, so a long service fills the slots it spans.
 */
export function windowSlotsOf(e: QueueEvent, timezone: string): { day: string; counter: number; slots: string[] } | null {
  if (e.counter === null) return null;
  const end = Date.parse(e.at);
  const ends = e.type === 'service.finished' || e.type === 'ticket.no_show' || e.type === 'ticket.transferred' || e.type === 'ticket.held';
  if (!ends && e.type !== 'ticket.called' && e.type !== 'ticket.recalled' && e.type !== 'service.started') return null;
  const from = ends ? Math.min(end, Date.parse(e.ticket.calledAt ?? e.at) || end) : end;
  const slots: string[] = [];
  const step = SLOT_MINUTES * 60_000;
  // At most a day of slots, whatever a damaged timestamp says.
  for (let t = Math.max(from, end - 24 * 3600_000); ; t += step) {
    const s = slotOf(Math.min(t, end), timezone);
    if (slots[slots.length - 1] !== s) slots.push(s);
    if (t >= end) break;
  }
  return { day: e.ticket.businessDay, counter: e.counter, slots };
}
