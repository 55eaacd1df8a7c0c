import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId } from '../ids.js';
import { encodeHlc } from '../time/hlc.js';
import { COUNTER_EVENT } from './kinds.js';
import { createDrainer, createHttpPull, createHttpPush, errorFromResponse, SyncError } from './drain.js';
import type { DeadLetterEntry, DrainStatus, DrainerDeps, FetchLike } from './drain.js';
import { MAX_PUSH_RECORDS } from './protocol.js';
import type { PushResponse, SyncRecord } from './protocol.js';

const T0 = Date.parse('2025-01-06T08:00:00.000Z');

function makeRecord(seq: number, payload: Record<string, unknown> = {}): SyncRecord {
  return {
    id: newId(),
    kind: COUNTER_EVENT,
    branchId: 'branch-1',
    deviceId: 'dev-1',
    deviceSeq: seq,
    hlc: encodeHlc({ wallMs: T0 + seq, counter: 0, node: 'dev-1' }),
    wallAt: new Date(T0 + seq).toISOString(),
    body: { type: 'walkin.started', counter: 1, payload },
  };
}

function makeRecords(n: number, payloadOf: (i: number) => Record<string, unknown> = () => ({})): SyncRecord[] {
  return Array.from({ length: n }, (_, i) => makeRecord(i + 1, payloadOf(i)));
}

/** An outbox in memory, in device sequence order, counting what each operation really did. */
class FakeOutbox {
  readonly rows = new Map<string, SyncRecord>();
  readonly dead: DeadLetterEntry[] = [];
  /** How many times each id was really removed by an ack. */
  readonly ackRemovals = new Map<string, number>();
  failAcks = 0;
  peeks: number[] = [];

  constructor(records: SyncRecord[] = []) {
    this.add(records);
  }
  add(records: SyncRecord[]): void {
    for (const r of records) this.rows.set(r.id, r);
  }
  peek = async (limit: number) => {
    this.peeks.push(limit);
    return [...this.rows.values()].slice(0, limit);
  };
  ack = async (ids: string[]) => {
    if (this.failAcks > 0) {
      this.failAcks--;
      throw new Error('disk full');
    }
    for (const id of ids) if (this.rows.delete(id)) this.ackRemovals.set(id, (this.ackRemovals.get(id) ?? 0) + 1);
  };
  deadLetter = async (entries: DeadLetterEntry[]) => {
    for (const e of entries) if (this.rows.delete(e.record.id)) this.dead.push(e);
  };
  measure = async () => ({
    recordsWaiting: this.rows.size,
    bytesWaiting: [...this.rows.values()].reduce((n, r) => n + JSON.stringify(r).length, 0),
    deadLetters: this.dead.length,
  });
}

/**
 * The server's side of the contract: idempotent (same id twice = stored once, acked again),
 * per-record rejections for bad bodies, a whole-batch 403 naming a record of another branch, a
 * whole-batch 400 naming nobody for a record that breaks the schema.
 */
class FakeServer {
  readonly stored = new Map<string, SyncRecord>();
  readonly storeCount = new Map<string, number>();
  readonly batches: string[][] = [];
  inFlight = 0;
  maxInFlight = 0;

  handle(records: SyncRecord[]): PushResponse {
    this.batches.push(records.map((r) => r.id));
    const foreign = records.find((r) => r.body.payload && (r.body.payload as Record<string, unknown>).foreign);
    if (foreign) throw errorFromResponse(403, { error: { code: 'wrong_branch', message: 'record claims another branch', recordId: foreign.id } });
    if (records.some((r) => (r.body.payload as Record<string, unknown>).schemaBad)) {
      throw errorFromResponse(400, { error: { code: 'bad_request', message: 'body does not match the schema' } });
    }
    const acked: string[] = [];
    const rejected: PushResponse['rejected'] = [];
    for (const r of records) {
      if ((r.body.payload as Record<string, unknown>).bad) {
        rejected.push({ id: r.id, code: 'bad_body', message: 'bad body' });
        continue;
      }
      if (!this.stored.has(r.id)) {
        this.stored.set(r.id, r);
        this.storeCount.set(r.id, (this.storeCount.get(r.id) ?? 0) + 1);
      }
      acked.push(r.id);
    }
    return { acked, rejected, serverTime: new Date(T0).toISOString() };
  }
}

function harness(records: SyncRecord[], overrides: Partial<DrainerDeps> = {}) {
  const outbox = new FakeOutbox(records);
  const server = new FakeServer();
  const statuses: DrainStatus[] = [];
  const delays: number[] = [];
  let clock = T0;
  const deps: DrainerDeps = {
    link: 'counter-1 → hub',
    peek: outbox.peek,
    ack: outbox.ack,
    deadLetter: outbox.deadLetter,
    measure: outbox.measure,
    push: async (batch) => {
      server.inFlight++;
      server.maxInFlight = Math.max(server.maxInFlight, server.inFlight);
      try {
        await Promise.resolve();
        return server.handle(batch);
      } finally {
        server.inFlight--;
      }
    },
    onStatus: (s) => statuses.push(s),
    now: () => (clock += 1000),
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...overrides,
  };
  return { outbox, server, statuses, delays, deps, drainer: createDrainer(deps) };
}

describe('outbox drain', () => {
  it('pushes in batches of MAX_PUSH_RECORDS and removes what was acknowledged', async () => {
    const h = harness(makeRecords(1201));
    const result = await h.drainer.run();
    expect(result).toEqual({ outcome: 'drained', acked: 1201, deadLettered: 0 });
    expect(h.server.batches.map((b) => b.length)).toEqual([MAX_PUSH_RECORDS, MAX_PUSH_RECORDS, 201]);
    expect(h.outbox.rows.size).toBe(0);
    expect(h.server.stored.size).toBe(1201);
    const last = h.drainer.status;
    expect(last).toMatchObject({ link: 'counter-1 → hub', phase: 'idle', recordsWaiting: 0, bytesWaiting: 0, deadLetters: 0, lastError: null });
    expect(last.lastSuccessAt).not.toBeNull();
    expect(last.lastAttemptAt).not.toBeNull();
  });

  it('pushes in device sequence order', async () => {
    const records = makeRecords(30);
    const h = harness(records, { batchSize: 7 });
    await h.drainer.run();
    expect(h.server.batches.flat()).toEqual(records.map((r) => r.id));
  });

  it('is single flight: run() during a drain returns the same promise and never starts a second loop', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const pushStarted = new Promise<void>((r) => (started = r));
    const h = harness(makeRecords(3));
    let pushes = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const drainer = createDrainer({
      ...h.deps,
      push: async (batch) => {
        pushes++;
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        started();
        await gate;
        concurrent--;
        return h.server.handle(batch);
      },
    });
    const a = drainer.run();
    const b = drainer.run();
    expect(b).toBe(a);
    expect(drainer.running).toBe(true);
    // A record written while the batch is in flight is still drained by this same run.
    await pushStarted;
    h.outbox.add([makeRecord(4)]);
    expect(drainer.run()).toBe(a);
    release();
    const result = await a;
    expect(result.acked).toBe(4);
    expect(maxConcurrent).toBe(1);
    expect(pushes).toBe(2);
    expect(drainer.running).toBe(false);
    expect(h.outbox.rows.size).toBe(0);
  });

  it('sends per-record rejections to the dead letters and acks the rest', async () => {
    const h = harness(makeRecords(5, (i) => (i === 1 || i === 3 ? { bad: true } : {})));
    const result = await h.drainer.run();
    expect(result).toEqual({ outcome: 'drained', acked: 3, deadLettered: 2 });
    expect(h.outbox.dead.map((d) => [d.record.deviceSeq, d.code])).toEqual([
      [2, 'bad_body'],
      [4, 'bad_body'],
    ]);
    expect(h.drainer.status.deadLetters).toBe(2);
    // Never retried: one push only.
    expect(h.server.batches).toHaveLength(1);
  });

  it('moves the record a whole-batch 403 names to the dead letters and goes on', async () => {
    const h = harness(makeRecords(6, (i) => (i === 2 ? { foreign: true } : {})));
    const result = await h.drainer.run();
    expect(result).toEqual({ outcome: 'drained', acked: 5, deadLettered: 1 });
    expect(h.outbox.dead[0]).toMatchObject({ code: 'wrong_branch', record: { deviceSeq: 3 } });
    expect(h.outbox.dead[0]?.message).toMatch(/HTTP 403.*another branch/);
    expect(h.server.stored.size).toBe(5);
  });

  it('splits a batch a 400 rejects without naming a record until the culprit is alone', async () => {
    const h = harness(makeRecords(40, (i) => (i === 29 ? { schemaBad: true } : {})));
    const result = await h.drainer.run();
    expect(result).toEqual({ outcome: 'drained', acked: 39, deadLettered: 1 });
    expect(h.outbox.dead.map((d) => [d.record.deviceSeq, d.code])).toEqual([[30, 'bad_request']]);
    expect(h.outbox.rows.size).toBe(0);
    // Logarithmic, not one push per record.
    expect(h.server.batches.length).toBeLessThan(20);
  });

  it('sets aside a record that is not a valid SyncRecord without sending it', async () => {
    const records = makeRecords(3);
    records[1] = { ...records[1]!, kind: 'NOT A KIND' };
    const h = harness(records);
    const result = await h.drainer.run();
    expect(result).toEqual({ outcome: 'drained', acked: 2, deadLettered: 1 });
    expect(h.outbox.dead[0]?.code).toBe('invalid_record');
    expect(h.server.batches.flat()).not.toContain(records[1]!.id);
  });

  it('stops on 401 and says so in words, keeping every record', async () => {
    const h = harness(makeRecords(3), {
      push: () => Promise.reject(errorFromResponse(401, { error: { code: 'unauthorized', message: 'token revoked' } })),
    });
    const result = await h.drainer.run();
    expect(result).toEqual({ outcome: 'unauthorized', acked: 0, deadLettered: 0 });
    expect(h.drainer.status).toMatchObject({ phase: 'stopped', errorKind: 'unauthorized', recordsWaiting: 3 });
    expect(h.drainer.status.lastError).toMatch(/not enrolled or the device token was revoked.*token revoked/);
    expect(h.delays).toEqual([]);
    expect(h.outbox.rows.size).toBe(3);
  });

  it('retries network errors and 5xx with exponential backoff and full jitter, then succeeds', async () => {
    const h = harness(makeRecords(2));
    const failures: unknown[] = [new TypeError('Failed to fetch'), errorFromResponse(503, null), errorFromResponse(500, { error: { code: 'internal', message: 'db' } })];
    const drainer = createDrainer({
      ...h.deps,
      backoff: { baseMs: 1000, maxMs: 3000 },
      push: async (batch) => {
        const f = failures.shift();
        if (f) throw f;
        return h.server.handle(batch);
      },
    });
    const result = await drainer.run();
    expect(result.outcome).toBe('drained');
    // random() = 0.5: half of 1000, 2000, min(4000, 3000).
    expect(h.delays).toEqual([500, 1000, 1500]);
    const retrying = h.statuses.filter((s) => s.phase === 'retrying');
    expect(retrying.map((s) => s.errorKind)).toEqual(['network', 'server', 'server']);
    expect(retrying[0]?.lastError).toMatch(/Failed to fetch/);
    expect(retrying[1]?.lastError).toMatch(/HTTP 503/);
    expect(retrying.every((s) => s.nextRetryAt !== null)).toBe(true);
    expect(drainer.status).toMatchObject({ lastError: null, errorKind: null, failures: 0, recordsWaiting: 0 });
  });

  it('retries when the server answers 200 but acknowledges nothing', async () => {
    const h = harness(makeRecords(1));
    let first = true;
    const drainer = createDrainer({
      ...h.deps,
      push: async (batch) => {
        if (first) {
          first = false;
          return { acked: [], rejected: [], serverTime: new Date().toISOString() };
        }
        return h.server.handle(batch);
      },
    });
    expect((await drainer.run()).acked).toBe(1);
    expect(h.delays).toHaveLength(1);
  });

  it('re-pushes after a failed ack; the server answers the same and stores once', async () => {
    const h = harness(makeRecords(4));
    h.outbox.failAcks = 1;
    const result = await h.drainer.run();
    expect(result.outcome).toBe('drained');
    expect(h.server.batches).toHaveLength(2);
    expect(h.server.batches[1]).toEqual(h.server.batches[0]);
    expect([...h.server.storeCount.values()].every((n) => n === 1)).toBe(true);
    expect(h.statuses.some((s) => s.errorKind === 'storage')).toBe(true);
  });

  it('gives up after maxRetries failures in a row', async () => {
    const h = harness(makeRecords(1), { maxRetries: 2, push: () => Promise.reject(new TypeError('offline')) });
    const result = await h.drainer.run();
    expect(result.outcome).toBe('gave_up');
    expect(h.delays).toHaveLength(2);
    expect(h.drainer.status).toMatchObject({ phase: 'idle', errorKind: 'network', recordsWaiting: 1 });
  });

  it('wake() cuts a backoff wait short and stop() ends the drain', async () => {
    let online = false;
    const h = harness(makeRecords(2), {
      sleep: undefined, // the real, abortable sleep
      backoff: { baseMs: 60_000, maxMs: 60_000 },
      push: async (batch) => {
        if (!online) throw new TypeError('offline');
        return h.server.handle(batch);
      },
    });
    const drainer = createDrainer(h.deps);
    const running = drainer.run();
    await new Promise((r) => setTimeout(r, 10));
    expect(drainer.status.phase).toBe('retrying');
    online = true;
    drainer.wake();
    expect((await running).outcome).toBe('drained');

    online = false;
    h.outbox.add([makeRecord(99)]);
    const again = drainer.run();
    await new Promise((r) => setTimeout(r, 10));
    drainer.stop();
    expect((await again).outcome).toBe('stopped');
    expect(drainer.running).toBe(false);
    expect(h.outbox.rows.size).toBe(1);
    // A stopped drainer starts afresh.
    online = true;
    expect((await drainer.run()).outcome).toBe('drained');
  });

  it('without measure() the status counts what it saw', async () => {
    const h = harness(makeRecords(2), { measure: undefined, push: () => Promise.reject(errorFromResponse(401, null)) });
    await h.drainer.run();
    expect(h.drainer.status.recordsWaiting).toBe(2);
    expect(h.drainer.status.bytesWaiting).toBeGreaterThan(100);
  });
});

type Fault = 'ok' | 'net_before' | 'net_after' | 'duplicate' | 'e500_before' | 'e503_after' | 'ack_fail' | 'nothing_acked';
const faultArb = fc.constantFrom<Fault>('ok', 'net_before', 'net_after', 'duplicate', 'e500_before', 'e503_after', 'ack_fail', 'nothing_acked');

describe('outbox drain under faults (property)', () => {
  it('after the faults stop, every record is acked exactly once or dead-lettered, none lost, none stored twice', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 600 }),
        fc.array(fc.integer({ min: 0, max: 599 }), { maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 599 }), { maxLength: 3 }),
        fc.array(fc.integer({ min: 0, max: 599 }), { maxLength: 2 }),
        fc.array(faultArb, { maxLength: 40 }),
        fc.constantFrom(7, 50, MAX_PUSH_RECORDS),
        fc.integer({ min: 1, max: 3 }),
        async (n, bad, foreign, schemaBad, faults, batchSize, concurrentRuns) => {
          const records = makeRecords(n, (i) => ({
            ...(bad.includes(i) ? { bad: true } : {}),
            ...(foreign.includes(i) ? { foreign: true } : {}),
            ...(schemaBad.includes(i) ? { schemaBad: true } : {}),
          }));
          const h = harness(records, { batchSize });
          const script = [...faults];
          let inFlight = 0;
          let maxInFlight = 0;
          const push = async (batch: SyncRecord[]): Promise<PushResponse> => {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            try {
              await Promise.resolve();
              const fault = script.shift() ?? 'ok';
              switch (fault) {
                case 'net_before':
                  throw new TypeError('Failed to fetch');
                case 'net_after':
                  h.server.handle(batch);
                  throw new TypeError('connection reset');
                case 'duplicate':
                  try {
                    h.server.handle(batch);
                  } catch {
                    // the first copy's answer is lost; the second copy's is delivered
                  }
                  return h.server.handle(batch);
                case 'e500_before':
                  throw errorFromResponse(500, null);
                case 'e503_after':
                  h.server.handle(batch);
                  throw errorFromResponse(503, null);
                case 'ack_fail':
                  h.outbox.failAcks++;
                  return h.server.handle(batch);
                case 'nothing_acked':
                  return { acked: [], rejected: [], serverTime: new Date(T0).toISOString() };
                default:
                  return h.server.handle(batch);
              }
            } finally {
              inFlight--;
            }
          };
          const drainer = createDrainer({ ...h.deps, push });
          const runs = Array.from({ length: concurrentRuns }, () => drainer.run());
          const results = await Promise.all(runs);
          expect(results.every((r) => r === results[0])).toBe(true);
          expect(results[0]?.outcome).toBe('drained');
          expect(maxInFlight).toBeLessThanOrEqual(1);

          // None lost: the outbox is empty and each record is in exactly one place.
          expect(h.outbox.rows.size).toBe(0);
          const deadIds = h.outbox.dead.map((d) => d.record.id);
          expect(new Set(deadIds).size).toBe(deadIds.length);
          for (const [i, r] of records.entries()) {
            const acked = h.outbox.ackRemovals.get(r.id) ?? 0;
            const dead = deadIds.includes(r.id);
            expect(acked + (dead ? 1 : 0), `record ${i}`).toBe(1);
            const shouldBeDead = bad.includes(i) || foreign.includes(i) || schemaBad.includes(i);
            expect(dead, `record ${i} dead-lettered`).toBe(shouldBeDead);
            if (!shouldBeDead) expect(h.server.storeCount.get(r.id), `record ${i} stored`).toBe(1);
          }
          expect(drainer.status.recordsWaiting).toBe(0);
          expect(drainer.status.deadLetters).toBe(deadIds.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('HTTP transport', () => {
  const ok = (body: unknown, status = 200) => Promise.resolve({ status, text: () => Promise.resolve(JSON.stringify(body)) });

  it('posts a PushRequest with the bearer token and parses the answer', async () => {
    const calls: { url: string; init: Parameters<FetchLike>[1] }[] = [];
    const fetch: FetchLike = (url, init) => {
      calls.push({ url, init });
      return ok({ acked: ['x'], rejected: [], serverTime: '2025-01-06T08:00:00.000Z' });
    };
    const push = createHttpPush({ baseUrl: () => 'http://hub.test', token: () => 'tok', deviceId: () => 'dev-1', fetch, now: () => T0 });
    const records = makeRecords(1);
    await expect(push(records)).resolves.toEqual({ acked: ['x'], rejected: [], serverTime: '2025-01-06T08:00:00.000Z' });
    expect(calls[0]?.url).toBe('http://hub.test/api/v1/sync/push');
    expect(calls[0]?.init.headers.authorization).toBe('Bearer tok');
    expect(JSON.parse(calls[0]!.init.body!)).toEqual({ deviceId: 'dev-1', sentAt: new Date(T0).toISOString(), records });
  });

  it('fails as unauthorized without calling the server when there is no token', async () => {
    let called = false;
    const push = createHttpPush({ baseUrl: () => 'http://hub.test', token: () => null, deviceId: () => 'd', fetch: () => ((called = true), ok({})) });
    await expect(push(makeRecords(1))).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(called).toBe(false);
  });

  it.each([
    [401, 'unauthorized', undefined],
    [403, 'forbidden', undefined],
    [403, 'rejected', 'rec-1'],
    [400, 'rejected', undefined],
    [413, 'rejected', undefined],
    [408, 'server', undefined],
    [429, 'server', undefined],
    [500, 'server', undefined],
    [502, 'server', undefined],
  ] as const)('maps HTTP %i to %s (recordId %s)', async (status, kind, recordId) => {
    const body = { error: { code: 'x', message: 'why', ...(recordId ? { recordId } : {}) } };
    const push = createHttpPush({ baseUrl: () => 'http://hub.test', token: () => 't', deviceId: () => 'd', fetch: () => ok(body, status) });
    const err = await push(makeRecords(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncError);
    expect(err).toMatchObject({ kind, status, recordId });
  });

  it('treats no answer, a timeout and an unreadable 200 as retryable', async () => {
    const base = { baseUrl: () => 'http://hub.test', token: () => 't', deviceId: () => 'd' };
    const down = createHttpPush({ ...base, fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(down(makeRecords(1))).rejects.toMatchObject({ kind: 'network', retryable: true });
    const hang = createHttpPush({
      ...base,
      timeoutMs: 20,
      fetch: (_url, init) => new Promise((_r, reject) => init.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
    });
    await expect(hang(makeRecords(1))).rejects.toThrow(/timed out/);
    const html = createHttpPush({ ...base, fetch: () => Promise.resolve({ status: 200, text: () => Promise.resolve('<html>') }) });
    await expect(html(makeRecords(1))).rejects.toMatchObject({ kind: 'server' });
    const malformed = createHttpPush({ ...base, fetch: () => ok({ acked: 'no' }) });
    await expect(malformed(makeRecords(1))).rejects.toMatchObject({ kind: 'server' });
  });

  it('pulls a page since a cursor', async () => {
    let seen = '';
    const pull = createHttpPull({
      baseUrl: () => 'http://hub.test',
      token: () => 't',
      fetch: (url) => ((seen = url), ok({ changes: [], next: 7, hasMore: false })),
    });
    await expect(pull(5, 100)).resolves.toEqual({ changes: [], next: 7, hasMore: false });
    expect(seen).toBe('http://hub.test/api/v1/sync/pull?since=5&limit=100');
  });
});
