import { join } from 'node:path';
import { nextDelay } from '../../shared/sync/backoff.js';
import { UPLOADS_PATH } from '../../shared/uploads/paths.js';
import type { SqlDb } from '../db/sqlDb.js';
import { uploadFile } from '../uploads/client/uploadFile.js';
import { UploadError } from '../uploads/client/uploadError.js';
import type { Uploads } from '../uploads/registerUploads.js';

export interface HqRelayOptions {
  db: SqlDb;
  uploads: Pick<Uploads, 'storedFile'>;
  branchId: () => string;
  /** Head office's base URL, or null when this hub has none. */
  upstreamUrl: string | null;
  /** Where resumable upload URLs are kept across restarts. */
  dataDir: string;
  pollMs?: number;
  now?: () => Date;
  random?: () => number;
  /** Passed to uploadFile (tests shorten them). */
  stallTimeoutMs?: number;
}

export interface HqRelayStatus {
  waiting: number;
  relayed: number;
  lastError: string | null;
  lastSuccessAt: string | null;
}

/** The recordings this relay carries: counters upload Ogg Opus. */
export const RELAYED_CONTENT_TYPE = 'audio/ogg';

interface Due {
  record_id: string;
  sha256: string;
  attempts: number;
}

/**
 * Carries every verified recording the hub holds on to head office, with the same resumable,
 * SHA-256-verified tus client the counters use (uploadFile), authenticated with the hub's own
 * enrolment at head office. A recording counts as relayed only once head office's status says
 * "verified" with the same hash; failures are retried with backoff per recording. The hub keeps
 * its own copy (the lead replays from it).
 */
export class HqRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastError: string | null = null;
  private lastSuccessAt: string | null = null;
  private readonly abort = new AbortController();

  constructor(private readonly opts: HqRelayOptions) {}

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  start(): void {
    if (!this.opts.upstreamUrl) return;
    this.stopped = false;
    const tick = (): void => {
      if (this.stopped) return;
      void this.runOnce().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.opts.pollMs ?? 5_000);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    await this.running?.catch(() => undefined);
  }

  /** One pass over what is due; single flight (tests call it to relay now). */
  runOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  async status(): Promise<HqRelayStatus> {
    const { rows } = await this.opts.db.query<{ waiting: string | number; relayed: string | number }>(
      `select count(*) filter (where x.verified_at is null) as waiting, count(*) filter (where x.verified_at is not null) as relayed
       from uploads u left join recording_hq_relay x on x.record_id = u.record_id where u.content_type = $1`,
      [RELAYED_CONTENT_TYPE],
    );
    return { waiting: Number(rows[0]?.waiting ?? 0), relayed: Number(rows[0]?.relayed ?? 0), lastError: this.lastError, lastSuccessAt: this.lastSuccessAt };
  }

  private async token(): Promise<string | null> {
    const { rows } = await this.opts.db.query<{ token: string }>('select token from upstream_identity where upstream_url = $1', [this.opts.upstreamUrl]);
    return rows[0]?.token ?? null;
  }

  private async pass(): Promise<void> {
    const upstream = this.opts.upstreamUrl;
    if (!upstream) return;
    const token = await this.token();
    if (!token) {
      this.lastError = 'not enrolled at head office yet';
      return;
    }
    const { rows } = await this.opts.db.query<Due & { last_attempt_at: Date | string | null }>(
      `select u.record_id, u.sha256, coalesce(x.attempts, 0) as attempts, x.last_attempt_at
       from uploads u left join recording_hq_relay x on x.record_id = u.record_id
       where u.content_type = $1 and x.verified_at is null
       order by u.verified_at limit 20`,
      [RELAYED_CONTENT_TYPE],
    );
    const now = this.now().getTime();
    for (const due of rows) {
      if (this.stopped) return;
      // Each recording backs off on its own, so one that keeps failing never holds up the rest.
      const wait = due.attempts > 0 ? nextDelay(due.attempts - 1, { baseMs: 2_000, maxMs: 10 * 60_000 }, this.opts.random ?? Math.random) : 0;
      if (due.last_attempt_at !== null && new Date(due.last_attempt_at).getTime() + wait > now) continue;
      await this.relay(upstream, token, due);
    }
  }

  private async relay(upstream: string, token: string, due: Due): Promise<void> {
    const file = await this.opts.uploads.storedFile(due.record_id);
    if (!file) return;
    const attemptAt = this.now().toISOString();
    try {
      await uploadFile({
        endpoint: new URL(UPLOADS_PATH, upstream).href,
        token,
        filePath: file.absolutePath,
        recordId: due.record_id,
        sha256: due.sha256,
        branchId: this.opts.branchId(),
        contentType: RELAYED_CONTENT_TYPE,
        urlStorageDir: join(this.opts.dataDir, 'hq-relay-urls'),
        maxAttempts: 3,
        signal: this.abort.signal,
        ...(this.opts.stallTimeoutMs ? { stallTimeoutMs: this.opts.stallTimeoutMs } : {}),
      });
      const at = this.now().toISOString();
      await this.opts.db.query(
        `insert into recording_hq_relay (record_id, verified_at, attempts, last_error, last_attempt_at) values ($1, $2, $3, null, $4)
         on conflict (record_id) do update set verified_at = excluded.verified_at, attempts = excluded.attempts, last_error = null, last_attempt_at = excluded.last_attempt_at`,
        [due.record_id, at, due.attempts + 1, attemptAt],
      );
      this.lastSuccessAt = at;
      this.lastError = null;
    } catch (err) {
      const message = err instanceof UploadError ? `${err.code}: ${err.message}` : String((err as Error)?.message ?? err);
      this.lastError = message.slice(0, 300);
      await this.opts.db.query(
        `insert into recording_hq_relay (record_id, attempts, last_error, last_attempt_at) values ($1, $2, $3, $4)
         on conflict (record_id) do update set attempts = excluded.attempts, last_error = excluded.last_error, last_attempt_at = excluded.last_attempt_at`,
        [due.record_id, due.attempts + 1, this.lastError, attemptAt],
      );
    }
  }
}
