import type { BranchConfig } from '../../../shared/config/schema.js';
import { figureDelta, windowSlotsOf } from '../../../shared/figures/definitions.js';
import type { FigureDelta } from '../../../shared/figures/definitions.js';
import { businessDayOf } from '../../../shared/queue/rules/businessDay.js';
import type { QueueEvent } from '../../../shared/queue/events.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { addFolded, calledBefore, calledInPlay, clearAggregates, mergeDeltas, readCursor, writeCursor } from './figuresStore.js';
import type { WindowSlot } from './figuresStore.js';
import { FIGURES_DDL } from './migrations.js';
import { settlePhraseDay, settledBefore, unsettledDays } from './phraseDays.js';

/** Events folded per statement while catching up: bounded memory for a year of history. */
const BATCH = 5000;
/**
 * Events handed over are folded together once the queue has been quiet this long: one statement
 * per burst of commands instead of one per command, run when no command is likely to wait behind
 * it (a write costs PGlite ~1.7 ms, mostly its flush; a call arriving during it waits). A steady
 * stream of commands is folded at least every FOLD_AT_LATEST_MS: the one command that arrives
 * during that fold waits for it, so the longer the gap, the fewer commands wait (at the
 * bench's pace of about a hundred calls a second, one a second is about 1 % of the calls, where
 * call-next's p99 sits; npm run bench, figures:year). Views do not wait for it: they catch up first.
 */
const FOLD_WHEN_QUIET_MS = 100;
const FOLD_AT_LATEST_MS = 5000;
const IN_PLAY: ReadonlySet<string> = new Set(['waiting', 'called', 'serving', 'held']);
/**
 * The planner's statistics are taken again once the events have grown by this share (and at
 * least MIN_GROWTH) since they were last taken. PGlite runs no autovacuum: with statistics taken
 * when the tables were small, the planner joined a day's tickets to their events by reading
 * every stored event (0.6 s on 360,000 events, 33 ms with fresh statistics), which made the
 * first ask of a day and the read-back of a rebuild slower the longer the hub had run.
 */
const STATS_GROWTH = 0.1;
const MIN_GROWTH = 1000;
/**
 * Pause between two days settled in the background: the queue's commands go first. A day's
 * settling holds the hub's one thread for 150-250 ms (PGlite runs in the process), so a day
 * starts only once the queue has been quiet for SETTLE_WHEN_QUIET_MS: a call never waits for it.
 */
const SETTLE_GAP_MS = 200;
const SETTLE_WHEN_QUIET_MS = 2000;

export interface FiguresKeeperDeps {
  db: SqlDb;
  config: () => BranchConfig;
  /** Committed queue events (QueueHub.subscribe), in commit order. */
  subscribe?: (listener: (e: QueueEvent) => void) => () => void;
  /**
   * false: do not follow the queue as it happens; the aggregates catch up only when a view asks
   * (catchUp). ONLY the bench sets it, to measure what the upkeep costs call-next.
   */
  follow?: boolean;
  warn?: (message: string) => void;
  /** The clock that says which business days are settled (the host's, injected in tests). */
  now?: () => Date;
}

/**
 * Keeps the figures' aggregates up to date with the queue: an exactly-once consumer of
 * queue_events. Whatever it folds in, it writes in ONE statement with the cursor's advance,
 * guarded by the cursor it started from (figuresStore.addFolded): a crash keeps both or
 * neither, and a batch already counted is never counted twice.
 *
 * Two paths, one definition (shared/figures/definitions.ts):
 * - following: the hub hands over each command's events after its commit; they are folded in
 *   one statement, with whether a call is the ticket's first taken from memory (the tickets in
 *   play that were called). This runs after the command, not inside its commit: the queue's
 *   one-statement commit (queueStore.commitEvents) is unchanged, and the figures lag by one
 *   statement at most.
 * - catching up: at start (in the background), when a view asks, or when the events handed over
 *   do not follow the cursor, the events after the cursor are read back from queue_events in
 *   batches. With its tables dropped or its cursor gone, the keeper rebuilds everything from the
 *   events at start.
 * All of it runs one piece at a time (`serial`), so the two paths never overlap.
 */
export class FiguresKeeper {
  private chain: Promise<unknown> = Promise.resolve();
  private cursor = 0;
  /** Tickets in play that have been called: a call of one of them is not a first call. */
  private called = new Set<string>();
  private pending: QueueEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** When the oldest event waiting to be folded was handed over. */
  private pendingSince = 0;
  private following = true;
  private unsubscribe: (() => void) | null = null;
  /** Events stored when the planner's statistics were last taken. */
  private analyzedAt = 0;
  /** The business day the phrase counts were last settled for, and the background run doing it. */
  private settledFor = '';
  private settlingRun: Promise<number> | null = null;
  private closed = false;
  /** When the queue last committed an event (settling waits for a quiet queue). */
  private lastEventAt = 0;
  /** Folds written while following (not read-backs): the bench counts those its calls met. */
  foldsWritten = 0;

  private constructor(private readonly deps: FiguresKeeperDeps) {}

  static async open(deps: FiguresKeeperDeps): Promise<FiguresKeeper> {
    const keeper = new FiguresKeeper(deps);
    await deps.db.exec(FIGURES_DDL);
    // PGlite runs no autovacuum: without statistics the planner read every stored event to
    // join a day's tickets (the phrase rates). Cheap: a sample of each table.
    await keeper.analyze();
    const cursor = await readCursor(deps.db);
    // Not awaited: folding in a missed stretch (or, after an upgrade or lost tables, a year of
    // events: minutes) must not hold the hub's start. The first view waits for it instead.
    const first = cursor === null ? keeper.rebuild() : ((keeper.cursor = cursor), keeper.catchUp());
    first.then(
      () => keeper.settleInBackground(),
      (err: unknown) => deps.warn?.(`figures: catching up at start failed: ${String(err)}`),
    );
    keeper.following = deps.follow !== false;
    if (deps.subscribe) keeper.unsubscribe = deps.subscribe((e) => keeper.handOver(e));
    return keeper;
  }

  /**
   * Turns following the queue on or off (views still catch up when they ask). ONLY the bench
   * calls it, to time call-next with and without the upkeep on one hub with one history.
   */
  setFollowing(on: boolean): void {
    this.following = on;
  }

  /** Resolves when every event handed over so far is folded in (the bench's blocks start from a quiet hub). */
  async idle(): Promise<void> {
    if (this.pending.length > 0) await this.flush();
    await this.serial(async () => undefined);
  }

  /** Folds in every event committed before the call; what each view awaits before it answers. */
  catchUp(): Promise<void> {
    return this.serial(() => this.readBack());
  }

  /** Empties the aggregates and folds every stored event in again. */
  rebuild(): Promise<void> {
    return this.serial(async () => {
      await this.deps.db.transaction(async (tx) => {
        await clearAggregates(tx);
        await writeCursor(tx, 0);
      });
      this.cursor = 0;
      await this.readBack();
    });
  }

  /**
   * Settles the greeting and farewell counts of every past day not settled yet (phraseDays.ts),
   * one day at a time with a pause between days; resolves with the number of days settled. The
   * keeper runs it after catching up at start and when the business day changes, so a view of a
   * past day or month reads kept rows only.
   */
  settlePhraseDays(): Promise<number> {
    if (this.settlingRun) return this.settlingRun;
    const run = (async () => {
      const today = businessDayOf(this.now(), this.deps.config().hours.timezone);
      this.settledFor = today;
      let n = 0;
      for (const day of await unsettledDays(this.deps.db, settledBefore(today))) {
        while (!this.closed && Date.now() - this.lastEventAt < SETTLE_WHEN_QUIET_MS) await new Promise((r) => setTimeout(r, SETTLE_GAP_MS).unref());
        if (this.closed) break;
        await settlePhraseDay(this.deps.db, this.deps.config(), day);
        n++;
        await new Promise((r) => setTimeout(r, SETTLE_GAP_MS).unref());
      }
      return n;
    })().finally(() => (this.settlingRun = null));
    this.settlingRun = run;
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    await this.flush();
    await this.idle();
    await this.settlingRun?.catch(() => undefined);
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private settleInBackground(): void {
    if (this.closed || this.settlingRun) return;
    this.settlePhraseDays().catch((err: unknown) => this.deps.warn?.(`figures: settling phrase counts failed (the views settle them when asked): ${String(err)}`));
  }

  /** Takes the planner's statistics of the queue's tables (the events stored now are the new baseline). */
  private async analyze(): Promise<void> {
    await this.deps.db.exec('analyze tickets; analyze queue_events;');
    const { rows } = await this.deps.db.query<{ n: string | number }>('select coalesce(max(seq), 0) as n from queue_events');
    this.analyzedAt = Number(rows[0]?.n ?? 0);
  }

  /** Statistics taken again once the events have grown enough (STATS_GROWTH), and settling once a day. */
  private async upkeep(): Promise<void> {
    if (this.cursor >= this.analyzedAt * (1 + STATS_GROWTH) + MIN_GROWTH) await this.analyze();
    if (this.settledFor !== '' && businessDayOf(this.now(), this.deps.config().hours.timezone) !== this.settledFor) this.settleInBackground();
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.chain.then(f);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** A committed event: folded soon with the rest of its command's events, never failing the command. */
  private handOver(e: QueueEvent): void {
    const now = Date.now();
    this.lastEventAt = now;
    if (!this.following) return;
    if (this.pending.length === 0) this.pendingSince = now;
    this.pending.push(e);
    if (this.timer) clearTimeout(this.timer);
    // Each event puts the fold off until the queue is quiet, but not past FOLD_AT_LATEST_MS.
    const quietIn = this.pendingSince + FOLD_AT_LATEST_MS - now > FOLD_WHEN_QUIET_MS;
    this.timer = setTimeout(() => void this.flush(quietIn), quietIn ? FOLD_WHEN_QUIET_MS : Math.max(0, this.pendingSince + FOLD_AT_LATEST_MS - now));
    // Never the reason a process stays up.
    this.timer.unref();
  }

  /** `quiet`: the queue has been quiet (not a busy stream's fold at the latest): upkeep may run too. */
  private flush(quiet = true): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending.splice(0);
    return this.serial(() => this.fold(batch, quiet)).catch((err: unknown) => this.deps.warn?.(`figures: folding events failed (caught up later): ${String(err)}`));
  }

  private async fold(batch: readonly QueueEvent[], quiet: boolean): Promise<void> {
    const fresh = batch.filter((e) => e.seq > this.cursor);
    if (fresh.length === 0) return;
    // Not the events right after the cursor (some were missed while not following): read back.
    if (fresh.some((e, i) => e.seq !== this.cursor + 1 + i)) return this.readBack();
    const called = new Set(this.called);
    const folded = this.deltasOf(fresh, (id) => called.has(id), called);
    const last = fresh[fresh.length - 1]!.seq;
    if (!(await addFolded(this.deps.db, this.cursor, last, folded.rows, folded.slots))) return this.readBack();
    this.foldsWritten++;
    this.cursor = last;
    this.called = called;
    for (const e of fresh) if (!IN_PLAY.has(e.ticket.status)) this.called.delete(e.ticket.id);
    // Taking statistics reads a sample of each table (tens of ms on a year): never in the middle
    // of a busy stream, where a call would wait for it.
    if (quiet) await this.upkeep();
  }

  private async readBack(): Promise<void> {
    let read = false;
    for (;;) {
      const { rows } = await this.deps.db.query<{ seq: string; body: QueueEvent }>('select seq, body from queue_events where seq > $1 order by seq limit $2', [this.cursor, BATCH]);
      if (rows.length === 0) break;
      read = true;
      const events = rows.map((r) => ({ ...r.body, seq: Number(r.seq) }));
      const before = await calledBefore(this.deps.db, events, this.cursor);
      const folded = this.deltasOf(events, (id) => before.has(id), before);
      const last = events[events.length - 1]!.seq;
      if (!(await addFolded(this.deps.db, this.cursor, last, folded.rows, folded.slots))) {
        // Someone else moved the cursor (it cannot happen within one hub): take theirs and go on.
        this.cursor = (await readCursor(this.deps.db)) ?? 0;
        continue;
      }
      this.cursor = last;
      await this.upkeep();
    }
    if (read) this.called = await calledInPlay(this.deps.db);
  }

  /** Deltas of events in commit order; `called` learns this batch's calls as they come. */
  private deltasOf(events: readonly QueueEvent[], wasCalled: (ticketId: string) => boolean, called: Set<string>) {
    const config = this.deps.config();
    const ctx = { timezone: config.hours.timezone, services: config.services };
    const deltas: FigureDelta[] = [];
    const slots = new Map<string, WindowSlot>();
    for (const e of events) {
      const d = figureDelta(e, ctx, wasCalled(e.ticket.id));
      if (e.type === 'ticket.called') called.add(e.ticket.id);
      if (d) deltas.push(d);
      const w = windowSlotsOf(e, ctx.timezone);
      if (w) for (const slot of w.slots) slots.set(`${w.day}|${slot}|${w.counter}`, { day: w.day, slot, counter: w.counter });
    }
    return { rows: mergeDeltas(deltas), slots: [...slots.values()] };
  }
}
