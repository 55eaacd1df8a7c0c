import { request } from 'node:https';
import type { RequestOptions } from 'node:https';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { HOST_SOCKET_PATH } from '../../shared/host/wire.js';
import { startBranchHost } from '../../server/branchHost.js';
import type { RunningBranchHost } from '../../server/branchHost.js';
import { loadOrCreateBranchCertificate } from '../../server/http/branchCertificate.js';
import type { HubTls } from '../../server/http/branchCertificate.js';
import { StartupError } from '../../server/startupFailure.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';

// The hub on TLS, on loopback so the test binds no LAN address: the branch certificate it made,
// trusted by its fingerprint alone, the way an enrolled device pins it.
let tls: HubTls;
let hub: RunningBranchHost;
beforeAll(async () => {
  const dataDir = await freshPgliteDir();
  tls = await loadOrCreateBranchCertificate(dataDir, '127.0.0.1');
  hub = await startBranchHost({ port: 0, host: '127.0.0.1', dataDir, hostKind: 'browser', config: demoBranch('2000-01-01'), logLevel: 'silent', tls: { key: tls.key, cert: tls.cert } });
});
afterAll(async () => hub?.close());

/** Accepts the server only if its certificate has the pinned fingerprint. */
function pinned(fingerprint: string) {
  return (_host: string, cert: PeerCertificate): Error | undefined => (cert.fingerprint256 === fingerprint ? undefined : new Error(`certificate ${cert.fingerprint256} is not the pinned ${fingerprint}`));
}

function httpsGet(url: string, fingerprint: string): Promise<{ status: number; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    // A fresh connection each time (no agent): a kept-alive one would skip the identity check.
    const req = request(url, { ca: tls.cert, checkServerIdentity: pinned(fingerprint), agent: false }, (res) => {
      const peer = (res.socket as TLSSocket).getPeerCertificate();
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, fingerprint: peer.fingerprint256 }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the hub over TLS', () => {
  it('answers over https with the certificate whose fingerprint devices pin', async () => {
    expect(hub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await httpsGet(`${hub.url}/api/v1/queue`, tls.fingerprint256);
    expect(res.fingerprint).toBe(tls.fingerprint256);
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(500);
  });

  it('is refused by a device that pinned another fingerprint', async () => {
    const other = '00:' + tls.fingerprint256.slice(3);
    await expect(httpsGet(`${hub.url}/api/v1/queue`, other)).rejects.toThrow(/not the pinned/);
  });

  it('speaks no plain HTTP on its port', async () => {
    await expect(fetch(hub.url.replace('https:', 'http:') + '/api/v1/queue')).rejects.toThrow();
  });

  it('keeps secrets over wss for a page on this machine, and refuses a page addressed by another name', async () => {
    const call = (headers: Record<string, string>, frames: unknown[]) =>
      new Promise<unknown[]>((resolve, reject) => {
        const options: RequestOptions = { ca: tls.cert, checkServerIdentity: pinned(tls.fingerprint256), headers };
        const ws = new WebSocket(hub.url.replace('https:', 'wss:') + HOST_SOCKET_PATH, options);
        const replies: unknown[] = [];
        ws.on('open', () => frames.forEach((f) => ws.send(JSON.stringify(f))));
        ws.on('message', (data) => {
          replies.push(JSON.parse(String(data)));
          if (replies.length === frames.length) {
            ws.close();
            resolve(replies);
          }
        });
        ws.on('error', reject);
      });
    const origin = hub.url;
    const mine = await call({ origin }, [
      { id: 1, channel: 'secrets:set', input: { name: 'device-token:counter:1', value: 'tok-1' } },
      { id: 2, channel: 'secrets:get', input: { name: 'device-token:counter:1' } },
    ]);
    expect(mine).toEqual([
      { id: 1, ok: true, output: { storage: 'host-file' } },
      { id: 2, ok: true, output: { value: 'tok-1' } },
    ]);
    // DNS rebinding: a hostile name resolved to 127.0.0.1 is same-origin with itself, but not this machine's page.
    const port = new URL(hub.url).port;
    const rebound = await call({ origin: `https://evil.example:${port}`, host: `evil.example:${port}` }, [{ id: 3, channel: 'secrets:get', input: { name: 'device-token:counter:1' } }]);
    expect(rebound).toEqual([{ id: 3, ok: false, error: { code: 'forbidden_sender', message: expect.any(String) } }]);
  });
});

describe('a hub on the LAN without TLS', () => {
  it('is refused before it binds, unless plain HTTP is explicitly allowed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'guichet-notls-'));
    const err = await startBranchHost({ port: 0, host: '0.0.0.0', dataDir, hostKind: 'browser', config: demoBranch('2000-01-01'), logLevel: 'silent' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StartupError);
    expect((err as Error).message).toMatch(/0\.0\.0\.0.*plain HTTP.*GUICHET_ALLOW_PLAIN_HTTP=1/);
  });
});
