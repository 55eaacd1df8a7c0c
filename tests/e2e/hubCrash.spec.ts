import { expect, test } from '@playwright/test';
import { postJson } from '../support/http.js';
import { HubProcess } from './support/hubProcess.js';

const post = (url: string, body?: unknown, key?: string) => postJson(url, body, key ? { 'idempotency-key': key } : {});

test('a hub killed with SIGKILL mid-day loses no acknowledged ticket or call', async () => {
  const hub = await HubProcess.start();
  try {
    const acknowledged: string[] = [];
    for (let i = 0; i < 40; i++) acknowledged.push((await post(`${hub.url}/api/v1/tickets`, { service: i % 2 ? 'A' : 'B' })).json.number);
    const called = await post(`${hub.url}/api/v1/counters/2/call-next`, undefined, 'crash-test-call-1');
    expect(called.status).toBe(200);
    // Requests still in flight when the process dies: their outcome is unknown to the caller.
    const inFlight = Array.from({ length: 20 }, () => post(`${hub.url}/api/v1/tickets`, { service: 'V' }).catch(() => null));
    await hub.stop('SIGKILL');
    const answered = (await Promise.all(inFlight)).filter((r) => r?.status === 201).map((r) => r!.json.number as string);

    await hub.resume();
    const snapshot: any = await (await fetch(`${hub.url}/api/v1/snapshot`)).json();
    const numbers = new Set<string>(snapshot.tickets.map((t: { number: string }) => t.number));
    for (const n of [...acknowledged, ...answered]) expect(numbers.has(n), `${n} survived`).toBe(true);
    expect(snapshot.tickets.find((t: { number: string }) => t.number === called.json.ticket.number)).toMatchObject({ status: 'called', counter: 2 });
    // The retried key press after the crash answers the same ticket.
    const again = await post(`${hub.url}/api/v1/counters/2/call-next`, undefined, 'crash-test-call-1');
    expect(again.json.ticket.id).toBe(called.json.ticket.id);
    // Numbers carry on; none is issued twice.
    const next = await post(`${hub.url}/api/v1/tickets`, { service: 'A' });
    expect(numbers.has(next.json.number)).toBe(false);
  } finally {
    await hub.stop();
  }
});
