import type { BranchConfig } from '../../../shared/config/schema.js';
import { validateBranchConfig } from '../../../shared/config/validation.js';
import { createDrainer } from '../../../shared/sync/drain.js';
import type { Drainer, DrainStatus } from '../../../shared/sync/drain.js';
import { nextDelay } from '../../../shared/sync/backoff.js';
import { CONFIG_BRANCH, isKnownPulledKind } from '../../../shared/sync/kinds.js';
import type { LinkStatus, PulledChange } from '../../../shared/sync/protocol.js';
import { MAX_PUSH_RECORDS } from '../../../shared/sync/protocol.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { applyConfigDocIn } from '../../sync/configDocs.js';
import type { QueueHub } from '../queue/queueHub.js';
import { RelaySource, readCursor, writeCursor } from './relaySource.js';
import { UpstreamClient } from './upstreamClient.js';
import { ConfigReporter } from './configReport.js';

export interface HubUpstreamOptions {
  db: SqlDb;
  hub: QueueHub;
  upstreamUrl: string;
  /** A one-time code from head office, used once if this hub is not enrolled there yet. */
  enrolCode?: string;
  fetch?: typeof fetch;
  now?: () => Date;
  random?: () => number;
  /** How often to look for new records and configuration when nothing wakes the loop. */
  pollMs?: number;
}

const PULL_CURSOR = 'pull.config';

/** Devices' pushes arriving within this long of each other wake the relay once. */
export const WAKE_DEBOUNCE_MS = 50;

function idleStatus(link: string): LinkStatus {
  return { link, lastSuccessAt: null, lastAttemptAt: null, recordsWaiting: 0, bytesWaiting: 0, deadLetters: 0, lastError: null };
}

/**
 * The hub's link to head office: pushes everything the branch recorded (its queue events and
 * its devices' records), pulls configuration down and applies it. Each direction is one loop
 * that never runs twice at once, retries with exponential backoff and jitter, and reports its
 * status in words for the counter and the lead.
 */
export class HubUpstream {
  private readonly client: UpstreamClient;
  private readonly source: RelaySource;
  private drainer: Drainer | null = null;
  private token: string | null = null;
  private enrolling: Promise<string | null> | null = null;
  private pushStatus: LinkStatus;
  private pullStatus: LinkStatus;
  private timer: NodeJS.Timeout | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  /** The push loop is waiting out a backoff after a failure (head office down or refusing). */
  private backingOff = false;
  private pulling: Promise<void> | null = null;
  private pullFailures = 0;
  private nextPullAt = 0;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  private readonly reporter: ConfigReporter;

  constructor(private readonly opts: HubUpstreamOptions) {
    this.client = new UpstreamClient({
      baseUrl: opts.upstreamUrl,
      token: () => this.token,
      deviceId: opts.hub.deviceId,
      waiting: async () => (await this.source.backlog()).recordsWaiting,
      now: () => this.now().getTime(),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    this.source = new RelaySource(opts.db, { deviceId: opts.hub.deviceId, branchId: opts.hub.branchConfig.branchId });
    this.pushStatus = idleStatus('hub → HQ');
    this.pullStatus = idleStatus('HQ → hub (configuration)');
    this.reporter = new ConfigReporter(opts.db, opts.hub.deviceId, () => opts.hub.branchConfig.branchId, () => this.now());
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  /** Where head office is (the lead's page links to its console). */
  get url(): string {
    return this.opts.upstreamUrl;
  }

  status(): LinkStatus[] {
    return [this.pushStatus, this.pullStatus];
  }

  start(): void {
    this.stopped = false;
    // A new queue event wakes the push at once; the poll covers records pushed by devices.
    this.unsubscribe = this.opts.hub.subscribe(() => this.kick());
    const poll = (): void => {
      if (this.stopped) return;
      this.kick();
      void this.pullSoon();
      this.timer = setTimeout(poll, this.opts.pollMs ?? 5_000);
    };
    poll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    this.unsubscribe?.();
    this.drainer?.stop();
    await this.pulling?.catch(() => undefined);
  }

  /** Runs the push loop (single flight: a drain under way absorbs the call). */
  kick(): void {
    void this.ensureDrainer().then((d) => {
      if (!d) return;
      if (d.running) d.wake();
      else void d.run();
    });
  }

  /**
   * A device's push was stored here: relay it soon. Pushes within WAKE_DEBOUNCE_MS make one
   * kick, and kick is single flight (a drain under way looks again before it ends). A push loop
   * waiting out a backoff is left to it (the poll retries): counters pushing while head office
   * is down must not turn the backoff into a retry per push.
   */
  wakeSoon(): void {
    if (this.stopped || this.wakeTimer || this.backingOff) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      if (!this.stopped) this.kick();
    }, WAKE_DEBOUNCE_MS);
  }

  /** Pushes until nothing is waiting (tests and shutdown). */
  async flush(): Promise<void> {
    const d = await this.ensureDrainer();
    if (d) await d.run();
  }

  /** Pulls configuration until head office has nothing newer (tests and start-up). */
  async pullNow(): Promise<void> {
    if (!this.pulling) this.pulling = this.pullAll().finally(() => (this.pulling = null));
    return this.pulling;
  }

  private async pullSoon(): Promise<void> {
    if (Date.now() < this.nextPullAt) return;
    try {
      await this.pullNow();
      this.pullFailures = 0;
      this.nextPullAt = Date.now() + 30_000;
    } catch {
      this.pullFailures++;
      this.nextPullAt = Date.now() + nextDelay(this.pullFailures, { baseMs: 1_000, maxMs: 60_000 }, this.opts.random ?? Math.random);
    }
  }

  /**
   * Single flight: the push and the pull loops both start at once, and two enrolments with the
   * one-time code would race; the loser's 401 failed the first pull and showed "enrolment failed".
   */
  private ensureToken(): Promise<string | null> {
    if (this.token) return Promise.resolve(this.token);
    this.enrolling ??= this.loadOrEnrol().finally(() => (this.enrolling = null));
    return this.enrolling;
  }

  private async loadOrEnrol(): Promise<string | null> {
    const { rows } = await this.opts.db.query<{ token: string; upstream_url: string }>('select token, upstream_url from upstream_identity');
    const known = rows[0];
    if (known && known.upstream_url === this.opts.upstreamUrl) return (this.token = known.token);
    if (!this.opts.enrolCode) {
      this.pushStatus = { ...this.pushStatus, lastError: 'not enrolled at head office: start the hub with GUICHET_ENROL_CODE set to a code from head office' };
      return null;
    }
    try {
      const enrolled = await this.client.enrol(this.opts.enrolCode, this.opts.hub.deviceId, 'hub');
      await this.opts.db.query(
        `insert into upstream_identity (upstream_url, device_id, branch_id, token, enrolled_at) values ($1, $2, $3, $4, $5)
         on conflict (one) do update set upstream_url = excluded.upstream_url, device_id = excluded.device_id,
           branch_id = excluded.branch_id, token = excluded.token, enrolled_at = excluded.enrolled_at`,
        [this.opts.upstreamUrl, enrolled.deviceId, enrolled.branchId, enrolled.token, this.now().toISOString()],
      );
      return (this.token = enrolled.token);
    } catch (err) {
      this.pushStatus = { ...this.pushStatus, lastAttemptAt: this.now().toISOString(), lastError: `enrolment at head office failed: ${(err as Error).message}` };
      return null;
    }
  }

  private async ensureDrainer(): Promise<Drainer | null> {
    if (this.drainer) return this.drainer;
    const token = await this.ensureToken();
    if (!token || this.stopped) return null;
    this.drainer ??= createDrainer({
      link: 'hub → HQ',
      peek: (limit) => this.source.peek(limit),
      ack: (ids) => this.source.ack(ids),
      deadLetter: (entries) => this.source.deadLetter(entries),
      push: (records) => this.client.push(records),
      measure: () => this.source.backlog(),
      onStatus: (s: DrainStatus) => {
        this.backingOff = s.phase === 'retrying';
        this.pushStatus = {
          link: s.link,
          lastSuccessAt: s.lastSuccessAt,
          lastAttemptAt: s.lastAttemptAt,
          recordsWaiting: s.recordsWaiting,
          bytesWaiting: s.bytesWaiting,
          deadLetters: s.deadLetters,
          lastError: s.lastError,
        };
      },
      now: () => this.now().getTime(),
      ...(this.opts.random ? { random: this.opts.random } : {}),
      backoff: { baseMs: 500, maxMs: 60_000 },
      batchSize: MAX_PUSH_RECORDS,
    });
    return this.drainer;
  }

  /**
   * Pages through head office's changes. Each page's documents and the cursor after them are
   * saved in ONE transaction, so a crash never leaves a cursor ahead of the data it covers.
   * Kinds this version does not know are parked, never skipped.
   */
  private async pullAll(): Promise<void> {
    const token = await this.ensureToken();
    if (!token) throw new Error('not enrolled at head office');
    const branchId = this.opts.hub.branchConfig.branchId;
    let newConfig: { config: BranchConfig; version: number } | null = null;
    let reported = false;
    this.pullStatus = { ...this.pullStatus, lastAttemptAt: this.now().toISOString() };
    await this.reporter.ready();
    try {
      for (;;) {
        const since = await readCursor(this.opts.db, PULL_CURSOR);
        const page = await this.client.pull(since, MAX_PUSH_RECORDS);
        await this.opts.db.transaction(async (tx) => {
          for (const change of page.changes) {
            // This branch's configuration is checked as head office checks an edit: a version that
            // fails is not stored (the counters keep pulling the last good one), the hub keeps
            // running on its last good one, and head office is told why; the cursor moves past it.
            if (change.kind === CONFIG_BRANCH && change.key === branchId) {
              const checked = validateBranchConfig(change.body);
              if (!checked.ok) {
                await this.reporter.reportIn(tx, { kind: change.kind, key: change.key, version: change.version, outcome: 'refused', issues: checked.issues });
                reported = true;
                continue;
              }
              if (await applyConfigDocIn(tx, { ...change, body: checked.config }, this.now())) newConfig = { config: checked.config, version: change.version };
              continue;
            }
            await this.applyChange(tx, change);
          }
          await writeCursor(tx, PULL_CURSOR, page.next);
        });
        if (!page.hasMore) break;
      }
      if (newConfig) {
        const { config, version } = newConfig;
        const report = { kind: CONFIG_BRANCH, key: branchId, version };
        try {
          await this.opts.hub.reconfigure(config);
          await this.reporter.report({ ...report, outcome: 'applied' });
        } catch (err) {
          await this.reporter.report({ ...report, outcome: 'refused', message: (err as Error).message });
        }
        reported = true;
      }
      // The report goes up now, not at the next poll.
      if (reported) this.kick();
      this.pullStatus = { ...this.pullStatus, lastSuccessAt: this.now().toISOString(), lastError: null };
    } catch (err) {
      this.pullStatus = { ...this.pullStatus, lastError: (err as Error).message };
      throw err;
    }
  }

  private async applyChange(tx: Parameters<Parameters<SqlDb['transaction']>[0]>[0], change: PulledChange): Promise<void> {
    if (isKnownPulledKind(change.kind)) {
      await applyConfigDocIn(tx, change, this.now());
      return;
    }
    await tx.query(
      `insert into relay_parked (seq, kind, key, version, body, at) values ($1, $2, $3, $4, $5, $6) on conflict (seq) do nothing`,
      [change.seq, change.kind, change.key, change.version, JSON.stringify(change.body), this.now().toISOString()],
    );
  }
}
