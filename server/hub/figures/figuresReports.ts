import type { BranchConfig } from '../../../shared/config/schema.js';
import { targetHandlingSecondsOf, targetWaitSecondsOf } from '../../../shared/config/schema.js';
import { WAIT_BUCKET_MINUTES } from '../../../shared/figures/api.js';
import type { DayReport, ExpectedWait, LiveFigures, LiveQueueRow, MonthDayRow, MonthReport, ServiceRow, SlotRow, TellerRow, WindowRow } from '../../../shared/figures/api.js';
import { emptySums, figureRow, phraseRateOf, satisfactionOf } from '../../../shared/figures/definitions.js';
import { expectedWaitSeconds } from '../../../shared/figures/forecast.js';
import { DEFAULT_LANG } from '../../../shared/i18n/localized.js';
import type { WindowState } from '../../../shared/pause/wire.js';
import { businessDayOf } from '../../../shared/queue/rules/businessDay.js';
import type { QueueSnapshot } from '../../../shared/queue/events.js';
import type { SqlDb } from '../../db/sqlDb.js';
import type { GroupedSums } from './figuresStore.js';
import { groupedSums, spanSums, workedSlots } from './figuresStore.js';
import { windowsOpenPerSlot } from '../../../shared/figures/windowsOpen.js';
import { keptDays, keptPhraseCounts, settlePhraseDay, settledBefore } from './phraseDays.js';
import { noExtras, pauseAndRatingExtras, pausedSpans, phraseExtras } from './tellerExtras.js';
import type { TellerExtras } from './tellerExtras.js';

/**
 * The lead's views assembled from the aggregates (figuresStore.ts) and the teller extras
 * (tellerExtras.ts). The caller makes sure the keeper has caught up first.
 */
export interface ReportDeps {
  db: SqlDb;
  config: () => BranchConfig;
  now: () => Date;
  snapshot: () => QueueSnapshot;
  windows: () => readonly WindowState[];
  /** Phrase counts of the days still open to late pushes, kept a short while (phraseCounts). */
  recentPhrases?: Map<string, { at: number; counts: Map<string, TellerExtras> }>;
}

/** How long the phrase counts of today and yesterday are reused: the rates move slowly, their computation does not. */
const RECENT_PHRASES_MS = 30_000;

function tellerName(config: BranchConfig, staffId: string): string {
  const s = config.staff.find((x) => x.id === staffId);
  return s ? s.name[DEFAULT_LANG] : staffId;
}

function serviceRows(config: BranchConfig, rows: readonly GroupedSums[]): ServiceRow[] {
  return config.services.map((s) => {
    const g = rows.find((r) => r.group.service === s.code);
    return {
      ...figureRow(g?.sums ?? emptySums()),
      service: s.code,
      targetWaitSeconds: targetWaitSecondsOf(s),
      targetHandlingSeconds: targetHandlingSecondsOf(s),
      waitDistribution: g?.buckets ?? new Array<number>(WAIT_BUCKET_MINUTES.length + 1).fill(0),
    };
  });
}

function tellerRows(config: BranchConfig, rows: readonly GroupedSums[], extras: ReadonlyMap<string, TellerExtras>): TellerRow[] {
  const ids = new Set<string>([...rows.map((r) => String(r.group.staff_id)).filter((id) => id !== ''), ...extras.keys()]);
  return [...ids].sort().map((staffId) => {
    const sums = rows.find((r) => r.group.staff_id === staffId)?.sums ?? emptySums();
    const x = extras.get(staffId) ?? noExtras();
    return {
      ...figureRow(sums),
      staffId,
      name: tellerName(config, staffId),
      pauses: x.pauses,
      pauseSeconds: x.pauseSeconds,
      rated: x.rated,
      satisfied: x.satisfied,
      satisfaction: satisfactionOf(x.satisfied, x.rated),
      greetingRate: phraseRateOf(x.greeted, x.phraseServices),
      farewellRate: phraseRateOf(x.farewelled, x.phraseServices),
    };
  });
}

function merge(into: Map<string, TellerExtras>, staffId: string, add: Partial<TellerExtras>): void {
  const e = into.get(staffId) ?? noExtras();
  for (const [k, v] of Object.entries(add) as Array<[keyof TellerExtras, number]>) e[k] += v;
  into.set(staffId, e);
}

/** The teller extras of one day: pauses, ratings and the greeting and farewell counts. */
async function dayExtras(deps: ReportDeps, day: string): Promise<Map<string, TellerExtras>> {
  const extras = await pauseAndRatingExtras(deps.db, day, day, deps.now());
  const today = businessDayOf(deps.now(), deps.config().hours.timezone);
  for (const [staffId, p] of (await phraseCounts(deps, [day], today)).get(day) ?? []) merge(extras, staffId, p);
  return extras;
}

export async function dayReport(deps: ReportDeps, day: string): Promise<DayReport> {
  const config = deps.config();
  const [total, slots, services, tellers, windows, worked, paused, extras] = await Promise.all([
    groupedSums(deps.db, day, day, []),
    groupedSums(deps.db, day, day, ['slot']),
    groupedSums(deps.db, day, day, ['service']),
    groupedSums(deps.db, day, day, ['staff_id'], { windowsOnly: true }),
    groupedSums(deps.db, day, day, ['counter'], { windowsOnly: true }),
    workedSlots(deps.db, day),
    pausedSpans(deps.db, day, config.hours.timezone, deps.now()),
    dayExtras(deps, day),
  ]);
  const open = windowsOpenPerSlot(worked, paused);
  const slotNames = [...new Set([...slots.map((s) => String(s.group.slot)), ...open.keys()])].sort();
  return {
    branchId: config.branchId,
    day,
    totals: figureRow(total[0]?.sums ?? emptySums()),
    slots: slotNames.map((slot): SlotRow => {
      const s = slots.find((r) => r.group.slot === slot)?.sums ?? emptySums();
      return { slot, arrivals: s.arrivals, served: s.served, windowsOpen: open.get(slot) ?? 0 };
    }),
    services: serviceRows(config, services),
    tellers: tellerRows(config, tellers, extras),
    windows: windows.map((w): WindowRow => ({ ...figureRow(w.sums), counter: Number(w.group.counter) })),
  };
}

/**
 * Greeting and farewell counts per teller and day, from the phrases' own computation
 * (server/hub/phrases/phraseRates.ts). Settled days are read from what the keeper kept
 * (phraseDays.ts); a settled day it has not reached yet is settled here, once. Today and
 * yesterday are recomputed, at most every RECENT_PHRASES_MS.
 */
async function phraseCounts(deps: ReportDeps, days: readonly string[], today: string): Promise<Map<string, Map<string, TellerExtras>>> {
  const before = settledBefore(today);
  const settled = days.filter((d) => d < before);
  const done = await keptDays(deps.db, settled);
  for (const day of settled.filter((d) => !done.has(d))) await settlePhraseDay(deps.db, deps.config(), day);
  const out = new Map<string, Map<string, TellerExtras>>();
  const add = (day: string, staffId: string, x: Partial<TellerExtras>) => {
    let m = out.get(day);
    if (!m) out.set(day, (m = new Map()));
    merge(m, staffId, x);
  };
  for (const r of await keptPhraseCounts(deps.db, settled)) add(r.day, r.staffId, r.counts);
  for (const day of days.filter((d) => d >= before)) {
    const kept = deps.recentPhrases?.get(day);
    let counts = kept && deps.now().getTime() - kept.at < RECENT_PHRASES_MS && kept.at <= deps.now().getTime() ? kept.counts : undefined;
    if (!counts) {
      counts = new Map();
      for (const [staffId, c] of await phraseExtras(deps.db, deps.config(), day)) merge(counts, staffId, c);
      deps.recentPhrases?.set(day, { at: deps.now().getTime(), counts });
    }
    for (const [staffId, c] of counts) add(day, staffId, c);
  }
  return out;
}

export async function monthReport(deps: ReportDeps, month: string): Promise<MonthReport> {
  const config = deps.config();
  const from = `${month}-01`;
  const to = `${month}-31`;
  const today = businessDayOf(deps.now(), config.hours.timezone);
  const [{ total, days, services, tellers }, extrasByDay] = await Promise.all([spanSums(deps.db, from, to), pauseAndRatingExtras(deps.db, from, to, deps.now(), true)]);
  const dayNames = days.map((d) => String(d.group.day));
  const phrases = await phraseCounts(deps, dayNames, today);
  const byTeller = new Map<string, TellerExtras>();
  const satisfactionOfDay = new Map<string, { rated: number; satisfied: number }>();
  for (const [key, x] of extrasByDay) {
    const [day, staffId] = key.split('|') as [string, string];
    merge(byTeller, staffId, x);
    const s = satisfactionOfDay.get(day) ?? { rated: 0, satisfied: 0 };
    satisfactionOfDay.set(day, { rated: s.rated + x.rated, satisfied: s.satisfied + x.satisfied });
  }
  for (const m of phrases.values()) for (const [staffId, x] of m) merge(byTeller, staffId, x);
  return {
    branchId: config.branchId,
    month,
    totals: figureRow(total[0]?.sums ?? emptySums()),
    days: days.map((d): MonthDayRow => {
      const s = satisfactionOfDay.get(String(d.group.day));
      return { ...figureRow(d.sums), day: String(d.group.day), satisfaction: s ? satisfactionOf(s.satisfied, s.rated) : null };
    }),
    services: serviceRows(config, services),
    tellers: tellerRows(config, tellers, byTeller),
  };
}

/** Call-to-finish seconds of the latest finished services, per service, oldest first (the forecast's input). */
export async function recentWindowSeconds(db: SqlDb, perService = 20): Promise<Map<string, number[]>> {
  const { rows } = await db.query<{ service: string; called: string | null; finished: string | null }>(
    `select body->'ticket'->>'service' as service, body->'ticket'->>'calledAt' as called, body->'ticket'->>'finishedAt' as finished
       from queue_events where type = 'service.finished' order by seq desc limit 500`,
  );
  const out = new Map<string, number[]>();
  for (const r of rows) {
    if (!r.called || !r.finished) continue;
    const list = out.get(r.service) ?? [];
    if (list.length >= perService) continue;
    list.unshift(Math.max(0, (Date.parse(r.finished) - Date.parse(r.called)) / 1000));
    out.set(r.service, list);
  }
  return out;
}

interface ServiceNow {
  service: string;
  waiting: number;
  longestWaitSeconds: number;
  expectedWaitSeconds: number | null;
  windowsServing: number;
  closedCountersServing: number[];
  waitingAgesSeconds: number[];
}

/** Each service's queue now and the forecast for a ticket taken now (no teller data). */
export async function servicesNow(deps: ReportDeps): Promise<ServiceNow[]> {
  const config = deps.config();
  const now = deps.now().getTime();
  const tickets = deps.snapshot().tickets;
  const windows = deps.windows();
  const recent = await recentWindowSeconds(deps.db);
  return config.services.map((s) => {
    const serving = config.counters.filter((c) => c.services.includes(s.code));
    const state = (n: number) => windows.find((w) => w.number === n);
    const open = serving.filter((c) => state(c.number)?.open === true && !state(c.number)?.pause);
    const idle = open.filter((c) => !tickets.some((t) => t.counter === c.number && (t.status === 'called' || t.status === 'serving')));
    const ages = tickets.filter((t) => t.service === s.code && t.status === 'waiting').map((t) => Math.max(0, Math.floor((now - Date.parse(t.issuedAt)) / 1000)));
    return {
      service: s.code,
      waiting: ages.length,
      longestWaitSeconds: ages.length === 0 ? 0 : Math.max(...ages),
      expectedWaitSeconds: expectedWaitSeconds({
        // A ticket taken now joins behind everyone of its service already waiting.
        peopleAhead: ages.length,
        recentHandlingSeconds: recent.get(s.code) ?? [],
        fallbackHandlingSeconds: targetHandlingSecondsOf(s),
        windowsServing: open.length,
        windowsIdle: idle.length,
      }),
      windowsServing: open.length,
      closedCountersServing: serving.filter((c) => state(c.number)?.open !== true).map((c) => c.number),
      waitingAgesSeconds: ages,
    };
  });
}

export async function expectedWait(deps: ReportDeps): Promise<ExpectedWait> {
  return { services: (await servicesNow(deps)).map((s) => ({ service: s.service, expectedWaitSeconds: s.expectedWaitSeconds })) };
}

export async function liveFigures(deps: ReportDeps): Promise<LiveFigures> {
  const config = deps.config();
  const now = deps.now();
  const day = businessDayOf(now, config.hours.timezone);
  const [report, queues] = await Promise.all([dayReport(deps, day), servicesNow(deps)]);
  return {
    branchId: config.branchId,
    day,
    at: now.toISOString(),
    queues: queues.map((q): LiveQueueRow => {
      const row = report.services.find((r) => r.service === q.service);
      return {
        service: q.service,
        waiting: q.waiting,
        longestWaitSeconds: q.longestWaitSeconds,
        averageWaitSecondsToday: row?.averageWaitSeconds ?? null,
        expectedWaitSeconds: q.expectedWaitSeconds,
        targetWaitSeconds: row?.targetWaitSeconds ?? 1,
        windowsServing: q.windowsServing,
      };
    }),
    totals: report.totals,
    tellers: report.tellers,
  };
}

