import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { demoBranch } from '../../shared/config/demoBranch.js';
import type { StreamMessage } from '../../shared/queue/events.js';
import { BranchUnderTest, actors } from '../support/branchUnderTest.js';
import type { TestActor } from '../support/branchUnderTest.js';
import { postJson } from '../support/http.js';
import { mib, ms, percentile } from './stats.js';

/** A hub of the demo branch with real credentials (tests/support/branchUnderTest.ts). */
async function withHub<T>(f: (b: BranchUnderTest) => Promise<T>, o: { enforceAccess?: false } = {}): Promise<T> {
  const b = await BranchUnderTest.start(demoBranch('2000-01-01'), { host: o.enforceAccess === false ? { enforceAccess: false } : {} });
  try {
    return await f(b);
  } finally {
    await b.stop();
  }
}

/** POSTs as one actor with its credentials worked out once (the client's cost is the same for both hubs). */
async function poster(b: BranchUnderTest, actor: TestActor): Promise<(path: string, body?: unknown, key?: string) => Promise<{ status: number; json: any }>> {
  const headers = await b.credentials(actor);
  return (path, body, key) => postJson(b.url + path, body, key ? { ...headers, 'idempotency-key': key } : headers);
}

/** Call-next latency on one hub, one call at a time: from sending the API call to the event arriving at a subscribed display. */
async function latencyProbe(b: BranchUnderTest, calls: number): Promise<{ call(i: number): Promise<number>; close(): void }> {
  const kiosk = await poster(b, actors.kiosk);
  const counter = await poster(b, actors.counter(1));
  for (let i = 0; i < calls; i++) await kiosk('/api/v1/tickets', { service: 'A' });
  const ws = new WebSocket(await b.wsUrl('/api/v1/stream', actors.hall));
  const arrivals = new Map<string, number>();
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as StreamMessage;
    if (m.type === 'event' && m.event.type === 'ticket.called') arrivals.set(m.event.ticket.id, performance.now());
  });
  await new Promise((r) => ws.once('open', r));
  return {
    async call(i) {
      const t0 = performance.now();
      const res = await counter('/api/v1/counters/1/call-next', undefined, `bench-call-${i}`);
      if (res.status !== 200) throw new Error(`call-next failed: ${res.status} ${JSON.stringify(res.json)}`);
      const id: string = res.json.ticket.id;
      while (!arrivals.has(id)) await new Promise((r) => setImmediate(r));
      const latency = arrivals.get(id)! - t0;
      await counter('/api/v1/counters/1/start');
      return latency;
    },
    close: () => ws.close(),
  };
}

/**
 * Call-next latency (API call to a subscribed display) with the access gate enforced, and on a
 * hub started with the gate bypassed (`enforceAccess: false`, set only here), in the same run:
 * what checking the device, the session and the window costs each call. The two hubs run side
 * by side and take turns, call by call, so both see the same machine.
 */
export async function callLatency(calls: number): Promise<string[]> {
  return withHub((gatedHub) =>
    withHub(
      async (bypassedHub) => {
        const gatedProbe = await latencyProbe(gatedHub, calls);
        const bypassedProbe = await latencyProbe(bypassedHub, calls);
        const gated: number[] = [];
        const bypassed: number[] = [];
        for (let i = 0; i < calls; i++) {
          gated.push(await gatedProbe.call(i));
          bypassed.push(await bypassedProbe.call(i));
        }
        gatedProbe.close();
        bypassedProbe.close();
        const line = (what: string, l: number[]) => `${what}: p50 ${ms(percentile(l, 50))}, p99 ${ms(percentile(l, 99))}, max ${ms(Math.max(...l))}`;
        return [
          `call-next -> display event over ${calls} calls on loopback (target p99 < 20 ms), two hubs taking turns`,
          line('  access gate enforced', gated),
          line('  access gate bypassed', bypassed),
          `  p99 gated / bypassed: ${(percentile(gated, 99) / percentile(bypassed, 99)).toFixed(2)} (p50: ${(percentile(gated, 50) / percentile(bypassed, 50)).toFixed(2)})`,
        ];
      },
      { enforceAccess: false },
    ),
  );
}

/** Tickets per second, one kiosk after another and 8 kiosks at once. */
export async function issueRate(count: number): Promise<string[]> {
  return withHub(async (b) => {
    const post = await poster(b, actors.kiosk);
    let t0 = performance.now();
    for (let i = 0; i < count; i++) await post('/api/v1/tickets', { service: 'A' });
    const serial = count / ((performance.now() - t0) / 1000);
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < count / 8; i++) await post('/api/v1/tickets', { service: 'B' });
      }),
    );
    const parallel = count / ((performance.now() - t0) / 1000);
    return [`tickets issued: ${serial.toFixed(0)}/s from one kiosk, ${parallel.toFixed(0)}/s from 8 kiosks at once (${count} tickets each)`];
  });
}

/** The hub's memory after a simulated day: each of 4 windows serves `perCounter` tickets. */
export async function dayMemory(perCounter: number): Promise<string[]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const lines = await withHub(async (b) => {
    const services = ['A', 'B', 'A', 'V'];
    const kiosk = await poster(b, actors.kiosk);
    const counters = await Promise.all([1, 2, 3, 4].map((n) => poster(b, actors.counter(n))));
    for (let round = 0; round < perCounter; round++) {
      for (let n = 1; n <= 4; n++) await kiosk('/api/v1/tickets', { service: services[n - 1] });
      await Promise.all(
        [1, 2, 3, 4].map(async (n) => {
          const post = counters[n - 1]!;
          await post(`/api/v1/counters/${n}/call-next`, undefined, `day-${n}-${round}`);
          await post(`/api/v1/counters/${n}/start`);
          await post(`/api/v1/counters/${n}/finish`, { outcome: 'completed' });
        }),
      );
    }
    gc?.();
    const after = process.memoryUsage();
    return [
      `hub memory after a simulated day (${perCounter * 4} tickets served by 4 windows): rss ${mib(after.rss)} (${mib(after.rss - before.rss)} more than before the hub started), heap used ${mib(after.heapUsed)}${gc ? '' : ' (run with --expose-gc for steadier figures)'}`,
    ];
  });
  return lines;
}
