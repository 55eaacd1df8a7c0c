import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { demoBranch } from '../../shared/config/demoBranch.js';
import type { StreamMessage } from '../../shared/queue/events.js';
import { startBranchHost } from '../../server/branchHost.js';
import { postJson } from '../support/http.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';
import { mib, ms, percentile } from './stats.js';

const post = (url: string, body?: unknown, key?: string) => postJson(url, body, key ? { 'idempotency-key': key } : {});

async function withHub<T>(f: (url: string) => Promise<T>): Promise<T> {
  const host = await startBranchHost({
    port: 0, host: '127.0.0.1', dataDir: await freshPgliteDir(), hostKind: 'browser',
    config: demoBranch('2000-01-01'), logLevel: 'silent',
  });
  try {
    return await f(host.url);
  } finally {
    await host.close();
  }
}

/** Call-next latency: from sending the API call to the event arriving at a subscribed display. */
export async function callLatency(calls: number): Promise<string[]> {
  return withHub(async (url) => {
    for (let i = 0; i < calls; i++) await post(`${url}/api/v1/tickets`, { service: 'A' });
    const ws = new WebSocket(url.replace('http', 'ws') + '/api/v1/stream');
    const arrivals = new Map<string, number>();
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as StreamMessage;
      if (m.type === 'event' && m.event.type === 'ticket.called') arrivals.set(m.event.ticket.id, performance.now());
    });
    await new Promise((r) => ws.once('open', r));
    const latencies: number[] = [];
    for (let i = 0; i < calls; i++) {
      const t0 = performance.now();
      const res = await post(`${url}/api/v1/counters/1/call-next`, undefined, `bench-call-${i}`);
      if (res.status !== 200) throw new Error(`call-next failed: ${res.status} ${JSON.stringify(res.json)}`);
      const id: string = res.json.ticket.id;
      while (!arrivals.has(id)) await new Promise((r) => setImmediate(r));
      latencies.push(arrivals.get(id)! - t0);
      await post(`${url}/api/v1/counters/1/start`);
    }
    ws.close();
    return [
      `call-next -> display event over ${calls} calls on loopback: p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(Math.max(...latencies))} (target p99 < 20 ms)`,
    ];
  });
}

/** Tickets per second, one kiosk after another and 8 kiosks at once. */
export async function issueRate(count: number): Promise<string[]> {
  return withHub(async (url) => {
    let t0 = performance.now();
    for (let i = 0; i < count; i++) await post(`${url}/api/v1/tickets`, { service: 'A' });
    const serial = count / ((performance.now() - t0) / 1000);
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < count / 8; i++) await post(`${url}/api/v1/tickets`, { service: 'B' });
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
  const lines = await withHub(async (url) => {
    const services = ['A', 'B', 'A', 'V'];
    for (let round = 0; round < perCounter; round++) {
      for (let n = 1; n <= 4; n++) await post(`${url}/api/v1/tickets`, { service: services[n - 1] });
      await Promise.all(
        [1, 2, 3, 4].map(async (n) => {
          await post(`${url}/api/v1/counters/${n}/call-next`, undefined, `day-${n}-${round}`);
          await post(`${url}/api/v1/counters/${n}/start`);
          await post(`${url}/api/v1/counters/${n}/finish`, { outcome: 'completed' });
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
