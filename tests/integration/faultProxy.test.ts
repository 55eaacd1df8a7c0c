import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from '../support/faultProxy.js';
import { seededRandom } from '../support/seededRandom.js';

// The proxy is test equipment: these checks make sure each fault really happens as named.
let hits = 0;
const server = createServer((req, res) => {
  hits++;
  req.resume();
  req.on('end', () => res.end('ok'));
});
beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', r)));
afterAll(() => new Promise<void>((r) => server.close(() => r())));
const target = () => `http://127.0.0.1:${(server.address() as { port: number }).port}`;

async function through(fault: 'drop' | 'duplicate' | 'loseResponse'): Promise<{ ok: boolean; hits: number }> {
  const proxy = await FaultProxy.start(target(), () => 0, { [fault]: 1 });
  hits = 0;
  const ok = await fetch(proxy.url + '/x', { method: 'POST', body: 'hello' }).then(
    () => true,
    () => false,
  );
  await new Promise((r) => setTimeout(r, 50));
  await proxy.close();
  return { ok, hits };
}

describe('the fault proxy', () => {
  it('drops a request before the server sees it', async () => expect(await through('drop')).toEqual({ ok: false, hits: 0 }));
  it('delivers a duplicated request twice', async () => expect(await through('duplicate')).toEqual({ ok: true, hits: 2 }));
  it('loses the answer of a request the server handled', async () => expect(await through('loseResponse')).toEqual({ ok: false, hits: 1 }));
  it('passes everything through when quiet', async () => {
    const proxy = await FaultProxy.start(target(), seededRandom(1), { drop: 1 });
    proxy.quiet();
    const res = await fetch(proxy.url + '/x');
    expect(await res.text()).toBe('ok');
    await proxy.close();
  });
});
