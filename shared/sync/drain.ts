import { z } from 'zod';
import { DEFAULT_BACKOFF, nextDelay } from './backoff.js';
import type { BackoffOptions } from './backoff.js';
import { MAX_PUSH_RECORDS, PullResponse, PushResponse, SYNC_PATHS, SyncRecord } from './protocol.js';
import type { LinkStatus } from './protocol.js';

/**
 * The outbox drain: pushes a device's outbox upstream in batches until it is empty. Storage-agnostic
 * (the counter drains its Dexie outbox to the hub, the hub drains its SQL outbox to HQ) and
 * transport-agnostic (`push` is injected; `createHttpPush` below is the HTTP one).
 *
 * Rules (DESIGN.md §5):
 * - single flight: `run()` while a drain is under way returns that drain's promise;
 * - batches of at most MAX_PUSH_RECORDS records (and `maxBatchBytes`);
 * - acked ids leave the outbox; records the server rejects go to the dead letters, never retried;
 * - a whole-batch 4xx naming a record moves that record to the dead letters and the drain goes on;
 *   a whole-batch 4xx naming none (400 bad schema, 413 too large) splits the batch until the
 *   culprit is alone, and dead-letters it: one bad record never blocks the outbox forever;
 * - 401 stops the drain ("not enrolled / token revoked"), as does a 403 naming no record;
 * - no answer, 5xx, 408, 429 and local storage failures are retried with exponential backoff and
 *   full jitter, for ever (or `maxRetries`), until `stop()`; `wake()` cuts a wait short.
 */

// ---------------------------------------------------------------------------------------------
// Typed errors
// ---------------------------------------------------------------------------------------------

export type SyncErrorKind =
  /** No answer at all (network down, timeout): retried. */
  | 'network'
  /** 5xx, 408, 425, 429 or an unreadable answer: retried. */
  | 'server'
  /** 401: this device is not enrolled or its token was revoked: the drain stops. */
  | 'unauthorized'
  /** 403 naming no record: this device may not push here at all: the drain stops. */
  | 'forbidden'
  /** Any other 4xx about the batch (400, 403 with a record id, 413, 422): never retried as is. */
  | 'rejected'
  /** The local store failed (peek, ack or dead-letter): retried. */
  | 'storage';

export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly details: { status?: number; code?: string; recordId?: string } = {},
  ) {
    super(message);
    this.name = 'SyncError';
  }
  get status(): number | undefined {
    return this.details.status;
  }
  get code(): string | undefined {
    return this.details.code;
  }
  get recordId(): string | undefined {
    return this.details.recordId;
  }
  /** True when trying again later may succeed. */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'storage';
  }
}

/** The error body of the sync API: `{"error": {code, message, recordId?}}`. */
export const SyncErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), recordId: z.string().optional() }),
});

/** Turns a non-2xx answer of the sync API into a typed error. */
export function errorFromResponse(status: number, body: unknown): SyncError {
  const parsed = SyncErrorBody.safeParse(body);
  const code = parsed.success ? parsed.data.error.code : undefined;
  const serverMessage = parsed.success ? parsed.data.error.message : undefined;
  const recordId = parsed.success ? parsed.data.error.recordId : undefined;
  const details = { status, ...(code ? { code } : {}), ...(recordId ? { recordId } : {}) };
  const why = serverMessage ? `: ${serverMessage}` : '';
  if (status === 401) return new SyncError('unauthorized', `not enrolled or the device token was revoked (HTTP 401)${why}`, details);
  if (status === 403 && !recordId) return new SyncError('forbidden', `this device may not sync here (HTTP 403)${why}`, details);
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    return new SyncError('server', `the server could not take the batch now (HTTP ${status})${why}`, details);
  }
  if (status === 413) return new SyncError('rejected', `the batch is too large (HTTP 413)${why}`, details);
  return new SyncError('rejected', `the server refused the batch (HTTP ${status})${why}`, details);
}

/** Any failure as a SyncError: a thrown TypeError from fetch is 'network'. */
export function toSyncError(err: unknown, fallback: SyncErrorKind = 'network'): SyncError {
  if (err instanceof SyncError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new SyncError(fallback, message);
}

// ---------------------------------------------------------------------------------------------
// The drainer
// ---------------------------------------------------------------------------------------------

export interface DeadLetterEntry {
  record: SyncRecord;
  code: string;
  message: string;
}

/** What is waiting on this device (from the store; the drainer cannot know it by itself). */
export interface Backlog {
  recordsWaiting: number;
  bytesWaiting: number;
  deadLetters: number;
}

export type DrainPhase = 'idle' | 'pushing' | 'retrying' | 'stopped';

/** LinkStatus (the wire shape every device shows) plus what a local screen needs. */
export interface DrainStatus extends LinkStatus {
  phase: DrainPhase;
  /** The kind of the last failure (for a translated message), null after a success. */
  errorKind: SyncErrorKind | null;
  /** When the next retry is due while `phase` is 'retrying'. */
  nextRetryAt: string | null;
  /** Failed attempts in a row. */
  failures: number;
}

export type DrainOutcome = 'drained' | 'unauthorized' | 'forbidden' | 'stopped' | 'gave_up';

export interface DrainResult {
  outcome: DrainOutcome;
  /** Records acknowledged during this drain. */
  acked: number;
  /** Records moved to the dead letters during this drain. */
  deadLettered: number;
}

export interface DrainerDeps {
  /** Names the link in the status, e.g. "counter-3 → hub". */
  link?: string;
  /** The oldest `limit` records of the outbox, in device sequence order. */
  peek(limit: number): Promise<SyncRecord[]>;
  /** Removes these records from the outbox (idempotent: unknown ids are ignored). */
  ack(ids: string[]): Promise<void>;
  /** Moves these records from the outbox to the dead letters, in one transaction. */
  deadLetter(rejected: DeadLetterEntry[]): Promise<void>;
  /** Sends one batch; throws SyncError (anything else counts as 'network'). */
  push(records: SyncRecord[]): Promise<PushResponse>;
  /** Counts the backlog for the status; without it the status counts what the last peek saw. */
  measure?(): Promise<Backlog>;
  onStatus?(status: DrainStatus): void;
  /** Wall clock in ms (status times). */
  now?: () => number;
  random?: () => number;
  /** Waits `ms`, or less when `signal` aborts (wake/stop). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  backoff?: BackoffOptions;
  /** Records per push; at most MAX_PUSH_RECORDS. */
  batchSize?: number;
  /** A batch is cut to stay under this many bytes of JSON (always at least one record). */
  maxBatchBytes?: number;
  /** Failed attempts in a row before run() gives up; default: never. */
  maxRetries?: number;
}

export interface Drainer {
  /** Drains until the outbox is empty (or a stop); single flight. */
  run(): Promise<DrainResult>;
  /** Retry now rather than after the current backoff wait (the network came back). */
  wake(): void;
  /** Ends the drain under way after its current step; a later run() starts afresh. */
  stop(): void;
  /** Re-counts the backlog and reports the status, without pushing. */
  refresh(): Promise<DrainStatus>;
  readonly status: DrainStatus;
  readonly running: boolean;
}

/** The hub and HQ take push bodies up to 4 MiB; the margin covers the request's envelope. */
export const DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024 - 64 * 1024;

const encoder = new TextEncoder();

/** Bytes of a record as it travels (UTF-8 JSON). */
export function recordBytes(record: unknown): number {
  return encoder.encode(JSON.stringify(record)).length;
}

export function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A link's status before its first attempt. */
export function idleDrainStatus(link: string): DrainStatus {
  return {
    link,
    lastSuccessAt: null,
    lastAttemptAt: null,
    recordsWaiting: 0,
    bytesWaiting: 0,
    deadLetters: 0,
    lastError: null,
    phase: 'idle',
    errorKind: null,
    nextRetryAt: null,
    failures: 0,
  };
}

export function createDrainer(deps: DrainerDeps): Drainer {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? defaultSleep;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const batchSize = Math.max(1, Math.min(MAX_PUSH_RECORDS, deps.batchSize ?? MAX_PUSH_RECORDS));
  const maxBatchBytes = deps.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
  const maxRetries = deps.maxRetries ?? Number.POSITIVE_INFINITY;

  let status: DrainStatus = idleDrainStatus(deps.link ?? 'upstream');
  let generation = 0;
  let inflight: { generation: number; promise: Promise<DrainResult> } | null = null;
  /** Set when run() is called during a drain: the drain looks again before it ends. */
  let again = false;
  let waker = new AbortController();
  let localDeadLetters = 0;

  const iso = (ms: number) => new Date(ms).toISOString();

  function emit(patch: Partial<DrainStatus>): void {
    status = { ...status, ...patch };
    try {
      deps.onStatus?.(status);
    } catch {
      // a broken listener must not stop the drain
    }
  }

  async function measure(seen?: SyncRecord[]): Promise<Partial<DrainStatus>> {
    if (deps.measure) {
      try {
        return { ...(await deps.measure()) };
      } catch {
        return {};
      }
    }
    if (!seen) return { deadLetters: localDeadLetters };
    return {
      recordsWaiting: seen.length,
      bytesWaiting: seen.reduce((n, r) => n + recordBytes(r), 0),
      deadLetters: localDeadLetters,
    };
  }

  async function loop(gen: number): Promise<DrainResult> {
    const result: DrainResult = { outcome: 'drained', acked: 0, deadLettered: 0 };
    let limit = batchSize;
    let failures = 0;
    const live = () => gen === generation;
    if (waker.signal.aborted) waker = new AbortController();

    /** Waits before the next try; false when retries are exhausted or the drain was stopped. */
    const failed = async (err: SyncError): Promise<boolean> => {
      failures++;
      if (failures > maxRetries) {
        emit({ phase: 'idle', lastError: err.message, errorKind: err.kind, nextRetryAt: null, failures, ...(await measure()) });
        result.outcome = 'gave_up';
        return false;
      }
      const delay = nextDelay(failures - 1, backoff, random);
      emit({ phase: 'retrying', lastError: err.message, errorKind: err.kind, nextRetryAt: iso(now() + delay), failures, ...(await measure()) });
      if (!live()) return false;
      await sleep(delay, waker.signal);
      if (waker.signal.aborted) waker = new AbortController();
      return live();
    };

    const moveToDeadLetters = async (entries: DeadLetterEntry[]): Promise<boolean> => {
      try {
        await deps.deadLetter(entries);
      } catch (err) {
        return failed(new SyncError('storage', `could not move rejected records to the dead letters: ${toSyncError(err).message}`));
      }
      localDeadLetters += entries.length;
      result.deadLettered += entries.length;
      return true;
    };

    const stopFor = async (err: SyncError, seen?: SyncRecord[]): Promise<DrainResult> => {
      emit({ phase: 'stopped', lastError: err.message, errorKind: err.kind, nextRetryAt: null, ...(await measure(seen)) });
      result.outcome = err.kind === 'forbidden' ? 'forbidden' : 'unauthorized';
      return result;
    };

    emit({ phase: 'pushing', ...(await measure()) });
    while (live()) {
      again = false;
      let peeked: SyncRecord[];
      try {
        peeked = await deps.peek(limit);
      } catch (raw) {
        // A store may say why it cannot give records (e.g. 'unauthorized': not enrolled yet).
        const err = raw instanceof SyncError ? raw : new SyncError('storage', `could not read the outbox: ${toSyncError(raw).message}`);
        if (err.kind === 'unauthorized' || err.kind === 'forbidden') return stopFor(err);
        if (await failed(err)) continue;
        break;
      }
      if (peeked.length === 0) {
        if (again) continue;
        emit({ phase: 'idle', nextRetryAt: null, ...(await measure(peeked)) });
        return result;
      }

      // A record that is not a valid SyncRecord would fail every batch it is in: set it aside.
      const invalid = peeked.filter((r) => !SyncRecord.safeParse(r).success);
      if (invalid.length > 0) {
        const entries = invalid.map((record) => ({ record, code: 'invalid_record', message: 'the record does not match the sync protocol' }));
        if (await moveToDeadLetters(entries)) continue;
        break;
      }

      const batch = cutToBytes(peeked, maxBatchBytes);
      emit({ phase: 'pushing', lastAttemptAt: iso(now()), nextRetryAt: null });
      let response: PushResponse;
      try {
        response = await deps.push(batch);
      } catch (raw) {
        const err = toSyncError(raw);
        if (err.kind === 'unauthorized' || err.kind === 'forbidden') return stopFor(err, peeked);
        if (err.kind === 'rejected') {
          const named = err.recordId ? batch.find((r) => r.id === err.recordId) : undefined;
          if (named) {
            // The server named the culprit: set it aside and go on with the rest.
            if (await moveToDeadLetters([{ record: named, code: err.code ?? `http_${err.status ?? 400}`, message: err.message }])) continue;
            break;
          }
          if (batch.length > 1) {
            // Split until the culprit is alone (a bad record or one too large for a batch).
            limit = Math.ceil(batch.length / 2);
            continue;
          }
          if (await moveToDeadLetters([{ record: batch[0]!, code: err.code ?? `http_${err.status ?? 400}`, message: err.message }])) continue;
          break;
        }
        if (await failed(err)) continue;
        break;
      }

      // A 200: acked ids leave the outbox, rejected ones go to the dead letters.
      const inBatch = new Map(batch.map((r) => [r.id, r]));
      const acked = [...new Set(response.acked.filter((id) => inBatch.has(id)))];
      const ackedSet = new Set(acked);
      const rejected = new Map<string, DeadLetterEntry>();
      for (const r of response.rejected) {
        const record = inBatch.get(r.id);
        if (record && !ackedSet.has(r.id) && !rejected.has(r.id)) rejected.set(r.id, { record, code: r.code, message: r.message });
      }
      if (acked.length === 0 && rejected.size === 0) {
        if (await failed(new SyncError('server', 'the server answered but acknowledged none of the batch'))) continue;
        break;
      }
      try {
        if (acked.length > 0) await deps.ack(acked);
      } catch (err) {
        // Pushed but not noted here: the next push sends them again and the server answers as before.
        if (await failed(new SyncError('storage', `could not remove acknowledged records from the outbox: ${toSyncError(err).message}`))) continue;
        break;
      }
      result.acked += acked.length;
      if (rejected.size > 0 && !(await moveToDeadLetters([...rejected.values()]))) break;
      failures = 0;
      limit = Math.min(batchSize, limit * 2);
      emit({ lastSuccessAt: iso(now()), lastError: null, errorKind: null, failures: 0, ...(await measure()) });
    }
    if (result.outcome === 'drained') result.outcome = 'stopped';
    if (result.outcome === 'stopped') emit({ phase: 'idle', nextRetryAt: null });
    return result;
  }

  function run(): Promise<DrainResult> {
    if (inflight) {
      if (inflight.generation === generation) {
        again = true;
        return inflight.promise;
      }
      // A stopped drain is still finishing its step: start afresh after it.
      return inflight.promise.then(() => run());
    }
    const gen = generation;
    const promise: Promise<DrainResult> = loop(gen).finally(() => {
      if (inflight?.promise === promise) inflight = null;
    });
    inflight = { generation: gen, promise };
    return promise;
  }

  return {
    run,
    wake() {
      waker.abort();
    },
    stop() {
      generation++;
      waker.abort();
    },
    async refresh() {
      emit(await measure());
      return status;
    },
    get status() {
      return status;
    },
    get running() {
      return inflight !== null;
    },
  };
}

/** The longest prefix of `records` under `maxBytes` of JSON, and never empty. */
function cutToBytes(records: SyncRecord[], maxBytes: number): SyncRecord[] {
  let total = 2; // "[]"
  for (let i = 0; i < records.length; i++) {
    total += recordBytes(records[i]) + (i > 0 ? 1 : 0);
    if (total > maxBytes) return records.slice(0, Math.max(1, i));
  }
  return records;
}

// ---------------------------------------------------------------------------------------------
// HTTP transport (fetch injected: runs in a page, in the hub and under tests)
// ---------------------------------------------------------------------------------------------

/** The part of fetch the sync transport uses (the global fetch of browsers and Node fits). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface HttpSyncOptions {
  /** Base URL of the upstream server, without a trailing slash. */
  baseUrl: () => string | Promise<string>;
  /** The device token; null when not enrolled (the call then fails as 'unauthorized'). */
  token: () => string | null | Promise<string | null>;
  fetch: FetchLike;
  timeoutMs?: number;
}

export const SYNC_TIMEOUT_MS = 15_000;

/**
 * One JSON request to the sync API with the device token. Resolves to the parsed 2xx body;
 * throws SyncError otherwise ('network' when there was no answer at all).
 */
export async function syncRequest(
  options: HttpSyncOptions,
  path: string,
  init: { method: 'GET' | 'POST'; body?: unknown; auth?: boolean; headers?: Record<string, string> } = { method: 'GET' },
): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.auth !== false) {
    const token = await options.token();
    if (!token) throw new SyncError('unauthorized', 'not enrolled: this device has no sync token yet');
    headers.authorization = `Bearer ${token}`;
  }
  let base: string;
  try {
    base = await options.baseUrl();
  } catch (err) {
    throw new SyncError('network', `the server address is unknown (${toSyncError(err).message})`);
  }
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? SYNC_TIMEOUT_MS);
  let status: number;
  let text: string;
  try {
    const response = await options.fetch(`${base}${path}`, {
      method: init.method,
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal: controller.signal,
    });
    status = response.status;
    text = await response.text();
  } catch (err) {
    const why = controller.signal.aborted ? 'timed out' : toSyncError(err).message;
    throw new SyncError('network', `the server did not answer (${why})`);
  } finally {
    clearTimeout(timer);
  }
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      // a proxy's HTML error page: judged by the status below
      if (status >= 200 && status < 300) throw new SyncError('server', `the server sent an unreadable answer (HTTP ${status})`, { status });
    }
  }
  if (status < 200 || status >= 300) throw errorFromResponse(status, json);
  return json;
}

/** Optional push header: records still in the outbox beyond this batch (the server shows the backlog). */
export const OUTBOX_PENDING_HEADER = 'x-outbox-pending';

export interface HttpPushOptions extends HttpSyncOptions {
  deviceId: () => string | Promise<string>;
  now?: () => number;
  /** Records in the outbox (this batch included), sent as OUTBOX_PENDING_HEADER when known. */
  waiting?: () => number | null | Promise<number | null>;
}

/** `push` for the drainer over POST /api/v1/sync/push. */
export function createHttpPush(options: HttpPushOptions) {
  const now = options.now ?? Date.now;
  return async (records: SyncRecord[]): Promise<PushResponse> => {
    const body = { deviceId: await options.deviceId(), sentAt: new Date(now()).toISOString(), records };
    const waiting = options.waiting ? await options.waiting() : null;
    const headers: Record<string, string> =
      waiting === null || !Number.isFinite(waiting) ? {} : { [OUTBOX_PENDING_HEADER]: String(Math.max(0, Math.floor(waiting) - records.length)) };
    const json = await syncRequest(options, SYNC_PATHS.push, { method: 'POST', body, headers });
    const parsed = PushResponse.safeParse(json);
    if (!parsed.success) throw new SyncError('server', 'the server sent a malformed push answer');
    return parsed.data;
  };
}

/** One page of GET /api/v1/sync/pull?since=&limit=. */
export function createHttpPull(options: HttpSyncOptions) {
  return async (since: number, limit: number = MAX_PUSH_RECORDS): Promise<PullResponse> => {
    const json = await syncRequest(options, `${SYNC_PATHS.pull}?since=${since}&limit=${limit}`, { method: 'GET' });
    const parsed = PullResponse.safeParse(json);
    if (!parsed.success) throw new SyncError('server', 'the server sent a malformed pull answer');
    return parsed.data;
  };
}
