import { liveQuery } from 'dexie';
import { DEFAULT_BACKOFF, nextDelay } from '../../shared/sync/backoff.js';
import type { BackoffOptions } from '../../shared/sync/backoff.js';
import { createDrainer, createHttpPull, createHttpPush, defaultSleep, toSyncError } from '../../shared/sync/drain.js';
import type { DrainResult, DrainStatus, Drainer } from '../../shared/sync/drain.js';
import { MAX_PUSH_RECORDS } from '../../shared/sync/protocol.js';
import { onHubReachability } from '../api/hub.js';
import { ensureDeviceId, outboxBacklog } from './db.js';
import type { CounterDb } from './db.js';
import { preferPulledConfig } from './configSource.js';
import { enrolWithCode, fetchDemoEnrolCode, markRevoked, readEnrolment } from './enrol.js';
import type { Enrolment } from './enrol.js';
import { dexieOutbox } from './outbox.js';
import { pullAll, readCursor, reapplyParked } from './pull.js';
import { initialPush, useSyncStore } from './syncStore.js';
import type { EnrolmentView, PullView } from './syncStore.js';
import { defaultTransport, httpOptions } from './transport.js';
import type { CounterSyncControl, CounterSyncOptions, SyncTransport } from './syncTypes.js';

/** A wait that `fire()` ends early; a fire while nobody waits is kept for the next wait. */
class Wakeup {
  private controller = new AbortController();
  private pending = false;
  constructor(private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>) {}
  async wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      if (this.controller.signal.aborted) this.controller = new AbortController();
      return;
    }
    await this.sleep(Math.max(0, Math.min(ms, 2 ** 31 - 1)), this.controller.signal);
    if (this.controller.signal.aborted) this.controller = new AbortController();
    this.pending = false;
  }
  fire(): void {
    this.pending = true;
    this.controller.abort();
  }
}

/** Records per push from a counter to its hub. */
export const COUNTER_BATCH_SIZE = 100;

/** One running client per database in this page (a second waits for the first to stop). */
const runningIn = new WeakMap<CounterDb, Promise<void>>();

/**
 * The counter's sync client: three loops over the counter's Dexie database, started by the
 * counter screen (renderer/sync/useCounterSync.ts) and stopped when it goes away.
 *
 * - enrolment: device id made once (meta); token in meta; in the demo the hub's one-time code
 *   is fetched and used; otherwise "not enrolled" until a code is typed in (enrol()). Given the
 *   screen's shared enrolment (identity.ts), the client follows that one instead and keeps no
 *   token of its own.
 * - push: the shared outbox drainer (shared/sync/drain.ts) over the Dexie outbox and the hub's
 *   POST /api/v1/sync/push with the token; it retries with backoff and jitter by itself; it is
 *   run again whenever the outbox grows (Dexie liveQuery) and at least every `idleCheckMs`.
 * - pull: "since cursor" page after page until hasMore is false, each page saved with its cursor
 *   in one transaction; then again every `pullIntervalMs`; failures back off with jitter.
 *
 * `online` events and the hub becoming reachable again (onHubReachability) cut every wait short.
 * A 401 anywhere forgets the token and goes back to enrolment. Only one window of a counter
 * syncs at a time (Web Locks when the page has them; one client per database in any case).
 */
export class CounterSync implements CounterSyncControl {
  readonly drainer: Drainer;
  private readonly transport: SyncTransport;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;
  private readonly publish: NonNullable<CounterSyncOptions['publish']>;
  private readonly wakeEnrol: Wakeup;
  private readonly wakePush: Wakeup;
  private readonly wakePull: Wakeup;
  private enrolment: Enrolment | null = null;
  private stopped = true;
  private done: Promise<void> = Promise.resolve();
  private cleanups: (() => void)[] = [];
  private lastReachable: boolean | null = null;

  constructor(private readonly options: CounterSyncOptions) {
    const { db } = options;
    this.transport = defaultTransport(options.transport);
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.publish = options.publish ?? ((patch) => useSyncStore.setState(patch));
    this.wakeEnrol = new Wakeup(this.sleep);
    this.wakePush = new Wakeup(this.sleep);
    this.wakePull = new Wakeup(this.sleep);
    const link = `counter-${db.counter} → hub`;
    this.drainer = createDrainer({
      link,
      ...dexieOutbox(db, () => this.enrolment?.branchId, this.now),
      push: createHttpPush({
        ...httpOptions(this.transport, () => this.enrolment?.token ?? null),
        deviceId: () => ensureDeviceId(db),
        now: this.now,
        waiting: () => this.drainer.status.recordsWaiting,
      }),
      onStatus: (push) => this.publish({ push }),
      now: this.now,
      random: this.random,
      sleep: this.sleep,
      backoff: this.backoff,
      // The hub also runs the queue: a 500-record batch held its database ~45 ms, long enough
      // to delay a call-next. Smaller batches keep the queue responsive.
      batchSize: COUNTER_BATCH_SIZE,
    });
    this.publish({ push: initialPush(link) });
  }

  /** Starts the loops (no-op when running). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const previous = runningIn.get(this.options.db) ?? Promise.resolve();
    const run = previous.then(() => this.withLock(() => this.runLoops()));
    this.done = run.catch((err: unknown) => {
      // The database itself failed (quota, a blocked upgrade): say so; the screen still works.
      const e = toSyncError(err, 'storage');
      this.publish((s) => ({ push: { ...s.push, phase: 'stopped', lastError: `sync stopped: ${e.message}`, errorKind: e.kind } }));
    });
    runningIn.set(this.options.db, this.done);
    this.publish({ active: true });
  }

  /** Stops the loops; resolves when they have ended (a push in flight finishes first). */
  async stop(): Promise<void> {
    if (this.stopped) return this.done;
    this.stopped = true;
    this.drainer.stop();
    this.wakeEnrol.fire();
    this.wakePush.fire();
    this.wakePull.fire();
    for (const c of this.cleanups.splice(0)) c();
    await this.done;
    this.publish({ active: false });
  }

  /** Retry everything now (network back, hub reachable, "sync now" pressed). */
  nudge(): void {
    this.drainer.wake();
    this.wakeEnrol.fire();
    this.wakePush.fire();
    this.wakePull.fire();
  }

  /** Enrols with a code typed in (or fetched); the loops carry on with the new token. */
  async enrol(code: string): Promise<void> {
    this.setEnrolment({ state: 'enrolling', reason: null, reasonKind: null });
    try {
      const shared = this.options.enrolment;
      if (shared) await shared.enrol(code);
      this.enrolment = shared ? this.sharedEnrolment() : await enrolWithCode(this.options.db, this.transport, code, new Date(this.now()));
      if (!this.enrolment) throw new Error('the device is not enrolled');
      this.setEnrolment({ state: 'enrolled', branchId: this.enrolment.branchId, deviceId: this.enrolment.deviceId, reason: null, reasonKind: null });
      this.onEnrolled();
    } catch (raw) {
      const err = toSyncError(raw);
      this.setEnrolment({ state: this.enrolment?.revokedAt ? 'revoked' : 'not_enrolled', reason: err.message, reasonKind: err.code === 'device_mismatch' ? 'device_mismatch' : err.kind });
      throw err;
    }
  }

  // -------------------------------------------------------------------------------------------

  private async withLock(body: () => Promise<void>): Promise<void> {
    const locks = this.options.locks === undefined ? (globalThis.navigator?.locks ?? null) : this.options.locks;
    if (!locks) return body();
    this.publish({ leader: false });
    await locks.request(`guichet-sync-${this.options.db.name}`, async () => {
      if (this.stopped) return;
      this.publish({ leader: true });
      await body();
    });
  }

  private async runLoops(): Promise<void> {
    const delay = this.options.startDelayMs ?? 250;
    if (delay > 0 && !this.stopped) await this.wakePull.wait(delay);
    if (this.stopped) return;
    const { db } = this.options;
    const deviceId = await ensureDeviceId(db);
    await reapplyParked(db, this.options.appliers).catch(() => 0);
    this.enrolment = this.options.enrolment ? this.sharedEnrolment() : await readEnrolment(db);
    this.setEnrolment({
      deviceId,
      branchId: this.enrolment?.branchId ?? null,
      state: this.enrolment?.token ? 'enrolled' : this.enrolment?.revokedAt ? 'revoked' : 'not_enrolled',
      reason: null,
      reasonKind: null,
    });
    this.publishPull({ cursor: await readCursor(db), parked: await db.parked.count() });
    this.watch();
    if (this.enrolment) this.onEnrolled();
    await Promise.all([this.enrolLoop(), this.pushLoop(), this.pullLoop()]);
  }

  /** The shared enrolment, in the client's own shape. */
  private sharedEnrolment(): Enrolment | null {
    const e = this.options.enrolment?.current();
    return e ? { deviceId: e.deviceId, branchId: e.branchId, token: e.token, enrolledAt: e.enrolledAt, revokedAt: e.revokedAt, window: e.window ?? null } : null;
  }

  /** The screen enrolled or was revoked: carry on with (or without) the new token. */
  private onSharedChange(): void {
    const was = this.enrolled;
    this.enrolment = this.sharedEnrolment();
    const e = this.enrolment;
    this.setEnrolment({
      branchId: e?.branchId ?? null,
      ...(e ? { deviceId: e.deviceId } : {}),
      state: e?.token ? 'enrolled' : e?.revokedAt ? 'revoked' : 'not_enrolled',
      ...(e?.token ? { reason: null, reasonKind: null } : {}),
    });
    if (this.enrolled && !was) this.onEnrolled();
  }

  /** Outbox changes, `online`, hub reachability. */
  private watch(): void {
    const { db } = this.options;
    const shared = this.options.enrolment;
    if (shared) this.cleanups.push(shared.subscribe(() => this.onSharedChange()));
    // The outbox changed (a teller action, an ack): count again and push. The count is taken
    // afresh, in order, rather than from the live query's value, which can arrive late.
    const backlog = liveQuery(() => db.outbox.count()).subscribe({
      next: (waiting) => {
        void this.refreshBacklog();
        if (waiting > 0) this.wakePush.fire();
      },
      error: () => undefined,
    });
    this.cleanups.push(() => backlog.unsubscribe());
    const online = this.options.subscribeOnline ?? subscribeWindowOnline;
    this.cleanups.push(online(() => this.nudge()));
    const reach = this.options.subscribeReachability ?? onHubReachability;
    this.cleanups.push(
      reach((reachable) => {
        // Only the way back matters: every successful request would otherwise nudge.
        if (reachable && this.lastReachable === false) this.nudge();
        this.lastReachable = reachable;
      }),
    );
    if (this.stopped) for (const c of this.cleanups.splice(0)) c();
  }

  private backlogQueue: Promise<void> = Promise.resolve();

  /** Re-counts the backlog into the status, one count at a time. */
  private refreshBacklog(): Promise<void> {
    this.backlogQueue = this.backlogQueue
      .then(() => outboxBacklog(this.options.db))
      .then((b) => this.publish((s) => ({ push: { ...s.push, ...b } })))
      .catch(() => undefined);
    return this.backlogQueue;
  }

  private configCleanup: (() => void) | null = null;

  private onEnrolled(): void {
    const branchId = this.enrolment?.branchId;
    if (this.options.preferPulledConfig !== false && branchId && !this.configCleanup && !this.stopped) {
      this.configCleanup = preferPulledConfig(this.options.db, branchId);
      this.cleanups.push(() => {
        this.configCleanup?.();
        this.configCleanup = null;
      });
    }
    this.wakePush.fire();
    this.wakePull.fire();
  }

  private get enrolled(): boolean {
    return Boolean(this.enrolment?.token);
  }

  private async enrolLoop(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      // A shared enrolment is the screen's to make (identity.ts): the client only follows it.
      if (this.enrolled || this.options.demoEnrol === false || this.options.enrolment) {
        attempt = 0;
        await this.wakeEnrol.wait(this.options.idleCheckMs ?? 60_000);
        continue;
      }
      this.setEnrolment({ state: 'enrolling' });
      let code: string | null = null;
      try {
        code = await fetchDemoEnrolCode(this.transport);
      } catch (raw) {
        const err = toSyncError(raw);
        this.setEnrolment({ state: this.notEnrolledState(), reason: err.message, reasonKind: err.kind });
        await this.wakeEnrol.wait(nextDelay(attempt++, this.backoff, this.random));
        continue;
      }
      if (this.stopped) return;
      if (code === null) {
        this.setEnrolment({
          state: this.notEnrolledState(),
          reason: 'the hub offers no enrolment code (not a demo hub): enter a code from the branch administrator',
          reasonKind: 'no_code',
        });
        await this.wakeEnrol.wait(this.options.noCodeRetryMs ?? 5 * 60_000);
        continue;
      }
      try {
        await this.enrol(code);
        attempt = 0;
      } catch {
        await this.wakeEnrol.wait(nextDelay(attempt++, this.backoff, this.random));
      }
    }
  }

  private notEnrolledState(): EnrolmentView['state'] {
    return this.enrolment?.revokedAt ? 'revoked' : 'not_enrolled';
  }

  private async pushLoop(): Promise<void> {
    while (!this.stopped) {
      if (!this.enrolled) {
        await this.wakePush.wait(this.options.idleCheckMs ?? 60_000);
        continue;
      }
      const result: DrainResult = await this.drainer.run();
      if (this.stopped) return;
      if (result.outcome === 'unauthorized') await this.revoked();
      // 'forbidden' (this hub will not take our records at all) is shown and retried slowly.
      const wait = result.outcome === 'forbidden' ? nextDelay(10, this.backoff, this.random) : (this.options.idleCheckMs ?? 60_000);
      await this.wakePush.wait(wait);
    }
  }

  private async pullLoop(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      if (!this.enrolled) {
        await this.wakePull.wait(this.options.idleCheckMs ?? 60_000);
        continue;
      }
      this.publishPull({ lastAttemptAt: new Date(this.now()).toISOString(), catchingUp: true });
      try {
        const pull = createHttpPull(httpOptions(this.transport, () => this.enrolment?.token ?? null));
        const result = await pullAll(this.options.db, pull, {
          limit: MAX_PUSH_RECORDS,
          ...(this.options.appliers ? { appliers: this.options.appliers } : {}),
          onPage: (page) => this.publishPull({ cursor: page.cursor }),
        });
        attempt = 0;
        this.publishPull({
          lastSuccessAt: new Date(this.now()).toISOString(),
          lastError: null,
          errorKind: null,
          catchingUp: false,
          cursor: result.cursor,
          parked: await this.options.db.parked.count(),
        });
        await this.wakePull.wait(this.options.pullIntervalMs ?? 30_000);
      } catch (raw) {
        const err = toSyncError(raw, 'storage');
        this.publishPull({ lastError: err.message, errorKind: err.kind, catchingUp: false });
        if (err.kind === 'unauthorized') await this.revoked();
        await this.wakePull.wait(nextDelay(attempt++, this.backoff, this.random));
      }
    }
  }

  /** 401: the token is gone; back to enrolment (the records wait in the outbox). */
  private async revoked(): Promise<void> {
    if (!this.enrolment?.token) return;
    const shared = this.options.enrolment;
    if (shared) {
      await shared.revoked(this.enrolment.token);
      this.enrolment = this.sharedEnrolment();
    } else {
      await markRevoked(this.options.db, new Date(this.now()));
      this.enrolment = await readEnrolment(this.options.db);
    }
    this.setEnrolment({ state: 'revoked', reason: 'the hub refused this counter’s token (401): enrol it again', reasonKind: 'unauthorized' });
    this.wakeEnrol.fire();
  }

  private setEnrolment(patch: Partial<EnrolmentView>): void {
    this.publish((s) => ({ enrolment: { ...s.enrolment, ...patch } }));
  }

  private publishPull(patch: Partial<PullView>): void {
    this.publish((s) => ({ pull: { ...s.pull, ...patch } }));
  }

  /** The drainer's status (for tests and the lead's view of a local link). */
  get pushStatus(): DrainStatus {
    return this.drainer.status;
  }
}

function subscribeWindowOnline(listener: () => void): () => void {
  if (typeof window === 'undefined') return () => undefined;
  window.addEventListener('online', listener);
  return () => window.removeEventListener('online', listener);
}
