import { expect, test } from './support/test.js';
import { asKiosk, asReader, asTeller, call } from './support/hubApi.js';
import type { Creds } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';

test('a hub killed with SIGKILL mid-day loses no acknowledged ticket or call', async () => {
  const hub = await HubProcess.start();
  try {
    // Tickets come from a kiosk, calls from window 2's counter with its teller signed in.
    const kiosk = await asKiosk(hub.url);
    const window2 = await asTeller(hub.url, 2);
    const post = (path: string, creds: Creds, body?: unknown, key?: string) =>
      call(hub.url, 'POST', path, { creds, ...(body === undefined ? {} : { body }), ...(key ? { headers: { 'idempotency-key': key } } : {}) });
    const acknowledged: string[] = [];
    for (let i = 0; i < 40; i++) acknowledged.push((await post('/api/v1/tickets', kiosk, { service: i % 2 ? 'A' : 'B' })).json.number);
    const called = await post('/api/v1/counters/2/call-next', window2, undefined, 'crash-test-call-1');
    expect(called.status).toBe(200);
    // Requests still in flight when the process dies: their outcome is unknown to the caller.
    const inFlight = Array.from({ length: 20 }, () => post('/api/v1/tickets', kiosk, { service: 'V' }).catch(() => null));
    await hub.stop('SIGKILL');
    const answered = (await Promise.all(inFlight)).filter((r) => r?.status === 201).map((r) => r!.json.number as string);

    await hub.resume();
    // Devices and the teller's session outlive the crash: the same tokens work.
    const snapshot: any = (await call(hub.url, 'GET', '/api/v1/snapshot', { creds: await asReader(hub.url) })).json;
    const numbers = new Set<string>(snapshot.tickets.map((t: { number: string }) => t.number));
    for (const n of [...acknowledged, ...answered]) expect(numbers.has(n), `${n} survived`).toBe(true);
    expect(snapshot.tickets.find((t: { number: string }) => t.number === called.json.ticket.number)).toMatchObject({ status: 'called', counter: 2 });
    // The retried key press after the crash answers the same ticket.
    const again = await post('/api/v1/counters/2/call-next', window2, undefined, 'crash-test-call-1');
    expect(again.json.ticket.id).toBe(called.json.ticket.id);
    // Numbers carry on; none is issued twice.
    const next = await post('/api/v1/tickets', kiosk, { service: 'A' });
    expect(numbers.has(next.json.number)).toBe(false);
  } finally {
    await hub.stop();
  }
});
