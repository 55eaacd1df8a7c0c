import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { newId } from '../../shared/ids.js';
import { HOST_SOCKET_PATH } from '../../shared/host/wire.js';
import { startBranchHost } from '../../server/branchHost.js';
import type { RunningBranchHost } from '../../server/branchHost.js';
import { LivePublisher } from '../../server/host/recording/livePublisher.js';
import { DEFAULT_STREAM, RecordingHostService } from '../../server/host/recording/recordingHostService.js';
import { loadOrCreateBranchCertificate, makeSelfSignedCertificate } from '../../server/http/branchCertificate.js';
import type { HubTls } from '../../server/http/branchCertificate.js';
import { createEnrolCode } from '../../server/sync/deviceAuth.js';
import { PinnedHubAgent, pinOfCertificate } from '../../server/uploads/client/hubPin.js';
import { UploadError } from '../../server/uploads/client/uploadError.js';
import { uploadFile } from '../../server/uploads/client/uploadFile.js';
import { fetchUploadStatus } from '../../server/uploads/client/uploadStatusClient.js';
import { sha256OfFile } from '../../server/uploads/hashFile.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';
import { recordingConfig } from './recordingHubSupport.js';

// A hub on TLS with the branch certificate it made (on loopback, so the test binds no LAN
// address), and a recorder that trusts that certificate alone: what GUICHET_HOST gives a branch.
let tls: HubTls;
let hub: RunningBranchHost;
let dataDir: string;
let device: { deviceId: string; branchId: string; token: string };
const dirs: string[] = [];

/** A JSON request to the hub over https, trusting its branch certificate by its pin only. */
function hubJson(path: string, body: unknown): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${hub.url}${path}`, { method: 'POST', agent: new PinnedHubAgent(pinOfCertificate(tls.cert)), headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += String(c)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

beforeAll(async () => {
  dataDir = await freshPgliteDir();
  dirs.push(dataDir);
  tls = await loadOrCreateBranchCertificate(dataDir, '127.0.0.1');
  const config = await recordingConfig();
  hub = await startBranchHost({ port: 0, host: '127.0.0.1', dataDir, hostKind: 'browser', config, logLevel: 'silent', tls: { key: tls.key, cert: tls.cert } });
  const code = await createEnrolCode(hub.db, { branchId: config.branchId, ttlMinutes: 5 });
  const deviceId = newId();
  const enrolled = await hubJson('/api/v1/sync/enrol', { code: code.code, deviceId, role: 'counter', window: 2 });
  expect(enrolled.status).toBe(200);
  device = { deviceId, branchId: config.branchId, token: enrolled.json.token as string };
}, 60_000);

afterAll(async () => {
  await hub?.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A finished recording's file where a host keeps counter 2's recordings. */
async function recordingFile(recordingsDir: string): Promise<{ recordingId: string; sha256: string; path: string }> {
  const recordingId = newId();
  const dir = join(recordingsDir, 'counter-2');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${recordingId}.opus`);
  await writeFile(path, randomBytes(50_000));
  return { recordingId, sha256: await sha256OfFile(path), path };
}

/** One host-contract call on the browser host's /host socket, as this machine's counter page makes it. */
function hostCall(channel: string, input: unknown): Promise<{ ok: boolean; output?: any; error?: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(hub.url.replace('https:', 'wss:') + HOST_SOCKET_PATH, { agent: new PinnedHubAgent(pinOfCertificate(tls.cert)), headers: { origin: hub.url } });
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, channel, input })));
    ws.on('message', (data) => {
      ws.close();
      resolve(JSON.parse(String(data)));
    });
    ws.on('error', reject);
  });
}

describe("a recorder uploading to a hub on TLS with the branch's own certificate", () => {
  it('uploads from the browser host over https to its hub, verified, and deletes only after the hub confirms', async () => {
    // The browser host's own recording service: it was given the hub's certificate by the hub's start.
    const file = await recordingFile(join(dataDir, 'recordings'));
    const input = { counter: 2, recordingId: file.recordingId, sha256: file.sha256, credentials: device };
    let r = await hostCall('recording:upload', input);
    for (let i = 0; i < 50 && r.ok && r.output.state === 'uploading'; i++) {
      await new Promise((res) => setTimeout(res, 200));
      r = await hostCall('recording:upload', input);
    }
    expect(r).toEqual({ id: 1, ok: true, output: { state: 'verified' } });

    const status = await fetchUploadStatus({ endpoint: `${hub.url}/api/v1/uploads/`, token: device.token, recordId: file.recordingId, pin: pinOfCertificate(tls.cert) });
    expect(status).toMatchObject({ verified: true, sha256: file.sha256 });
    // Deletion asks the hub over https too, and goes ahead only on its "verified, this hash".
    expect(await hostCall('recording:delete', input)).toEqual({ id: 1, ok: true, output: { deleted: true, reason: 'deleted' } });
    expect(await readdir(join(dataDir, 'recordings', 'counter-2'))).not.toContain(`${file.recordingId}.opus`);
  });

  it('is refused by a client given no pin: a self-made certificate is trusted only by its pin', async () => {
    const err = await fetchUploadStatus({ endpoint: `${hub.url}/api/v1/uploads/`, token: device.token, recordId: newId() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'network', message: expect.stringMatching(/self[- ]signed/i) });
  });

  describe('a server presenting another certificate', () => {
    let impostor: Server;
    let impostorUrl: string;
    const reached = { connections: 0, requests: 0 };

    beforeAll(async () => {
      // Another branch certificate for the same names: what a machine posing as the hub would show.
      const other = await makeSelfSignedCertificate({ commonName: 'Guichet branch hub impostor', dns: ['localhost'], ips: ['127.0.0.1'] });
      impostor = createServer({ key: other.key, cert: other.cert }, (_req, res) => {
        reached.requests++;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
      impostor.on('connection', () => reached.connections++);
      await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
      impostorUrl = `https://127.0.0.1:${(impostor.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => impostor?.close(resolve));
    });

    it('is refused with a typed error before anything is sent, and the file stays to be uploaded to the real hub', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'guichet-rec-tls-'));
      dirs.push(dir);
      let hubUrl = impostorUrl;
      const service = new RecordingHostService({ dir, hubUrl: () => hubUrl, hubPin: () => pinOfCertificate(tls.cert), upload: { stallTimeoutMs: 5_000, confirmTimeoutMs: 5_000, maxAttempts: 2 }, log: () => undefined });
      try {
        const file = await recordingFile(dir);
        const input = { counter: 2, recordingId: file.recordingId, sha256: file.sha256, credentials: device };

        const refused = await service.handlers()['recording:upload'](input);
        expect(refused.state).toBe('failed');
        expect(refused.code).toBe('untrusted_hub');
        expect(refused.message).toMatch(/^the hub presented certificate [0-9A-F:]{95}, not the pinned/);
        const events = await service.handlers()['recording:events']({ counter: 2, after: 0, waitMs: 0 });
        expect(events.events).toContainEqual(expect.objectContaining({ type: 'upload_failed', recordingId: file.recordingId, code: 'untrusted_hub', retryable: false }));
        // The server was reached (it showed its certificate), and no request, token or byte went to it.
        expect(reached.connections).toBeGreaterThan(0);
        expect(reached.requests).toBe(0);
        // Nor is the file deleted on a word from it.
        expect(await service.handlers()['recording:delete'](input)).toEqual({ deleted: false, reason: 'unreachable' });
        expect(reached.requests).toBe(0);
        expect((await service.handlers()['recording:list']({ counter: 2 })).files.map((f) => f.recordingId)).toEqual([file.recordingId]);

        // The client's own error is typed, whichever request meets the impostor first.
        const err = await uploadFile({ endpoint: `${impostorUrl}/api/v1/uploads/`, token: device.token, filePath: file.path, recordId: file.recordingId, sha256: file.sha256, branchId: device.branchId, urlStorageDir: join(dir, 'urls'), pin: pinOfCertificate(tls.cert) }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(UploadError);
        expect(err).toMatchObject({ code: 'untrusted_hub', retryable: false });
        expect(reached.requests).toBe(0);

        // Live audio goes the same way: no WebSocket upgrade reaches the impostor, while the real hub takes it.
        const publishTo = (url: string) => new LivePublisher({ hubUrl: () => url, token: device.token, counter: 2, stream: DEFAULT_STREAM, pin: () => pinOfCertificate(tls.cert) });
        const toImpostor = publishTo(impostorUrl);
        const toHub = publishTo(hub.url);
        const upgrades = { count: 0 };
        impostor.on('upgrade', (_req, socket) => {
          upgrades.count++;
          socket.destroy();
        });
        toImpostor.start();
        toHub.start();
        try {
          for (let i = 0; i < 50 && !toHub.connected; i++) await new Promise((res) => setTimeout(res, 100));
          expect(toHub.connected).toBe(true);
          expect(toImpostor.connected).toBe(false);
          expect(upgrades.count).toBe(0);
          expect(reached.requests).toBe(0);
        } finally {
          toImpostor.stop();
          toHub.stop();
        }

        // The real hub, later (the next housekeeping round): the kept file goes up, verified.
        hubUrl = hub.url;
        expect(await service.handlers()['recording:upload'](input)).toEqual({ state: 'verified' });
        expect(await fetchUploadStatus({ endpoint: `${hub.url}/api/v1/uploads/`, token: device.token, recordId: file.recordingId, pin: pinOfCertificate(tls.cert) })).toMatchObject({ verified: true, sha256: file.sha256 });
      } finally {
        await service.close();
      }
    });
  });
});
