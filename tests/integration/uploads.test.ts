import { randomBytes, createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { newId } from '../../shared/ids.js';
import { encodeUploadMetadata } from '../../shared/uploads/metadata.js';
import { openSqlDb } from '../../server/db/sqlDb.js';
import type { SqlDb } from '../../server/db/sqlDb.js';
import { createHttpApp } from '../../server/http/createHttpApp.js';
import { deleteAfterConfirm } from '../../server/uploads/client/deleteAfterConfirm.js';
import { uploadFile } from '../../server/uploads/client/uploadFile.js';
import type { UploadFileOptions } from '../../server/uploads/client/uploadFile.js';
import type { UploadError } from '../../server/uploads/client/uploadError.js';
import { sha256OfFile } from '../../server/uploads/hashFile.js';
import { bearerToken } from '../../server/uploads/principal.js';
import { registerUploads } from '../../server/uploads/registerUploads.js';
import type { Uploads } from '../../server/uploads/registerUploads.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';

const MiB = 1024 * 1024;
const BRANCH = 'demo-001';
const DEVICES: Record<string, { deviceId: string; branchId: string }> = {
  'token-counter-1': { deviceId: 'counter-1', branchId: BRANCH },
  'token-counter-2': { deviceId: 'counter-2', branchId: BRANCH },
  'token-other-branch': { deviceId: 'counter-9', branchId: 'other-002' },
};
const EXPIRE_AFTER_MS = 60 * 60_000;

let app: FastifyInstance;
let db: SqlDb;
let uploads: Uploads;
let base: string;
let endpoint: string;
let scratch: string;
let clockSkewMs = 0;
const cleanup: string[] = [];

beforeAll(async () => {
  const pgDir = await freshPgliteDir();
  scratch = await mkdtemp(join(tmpdir(), 'guichet-uploads-'));
  cleanup.push(pgDir, scratch);
  db = await openSqlDb({ dataDir: pgDir }, []);
  app = await createHttpApp({ logLevel: 'silent' });
  uploads = await registerUploads(app, {
    db,
    dataDir: join(scratch, 'server'),
    authenticate: async (req) => DEVICES[bearerToken(req) ?? ''] ?? null,
    // Short, so a stalled request's lock passes to the resuming one quickly.
    lockDrainTimeoutMs: 100,
    expireAfterMs: EXPIRE_AFTER_MS,
    now: () => Date.now() + clockSkewMs,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  endpoint = `${base}/api/v1/uploads/`;
});

afterAll(async () => {
  await app?.close();
  await db?.close();
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

interface TestFile {
  path: string;
  recordId: string;
  sha256: string;
  size: number;
}

async function makeFile(size: number): Promise<TestFile> {
  const bytes = randomBytes(size);
  const recordId = newId();
  const path = join(scratch, `${recordId}.ogg`);
  await writeFile(path, bytes);
  return { path, recordId, sha256: createHash('sha256').update(bytes).digest('hex'), size };
}

async function freshDir(): Promise<string> {
  return mkdtemp(join(scratch, 'urls-'));
}

function options(f: TestFile, extra: Partial<UploadFileOptions> = {}): UploadFileOptions {
  return {
    endpoint,
    token: 'token-counter-1',
    filePath: f.path,
    recordId: f.recordId,
    sha256: f.sha256,
    branchId: BRANCH,
    contentType: 'audio/ogg',
    backoff: { baseMs: 20, maxMs: 200 },
    ...extra,
  };
}

const principal = DEVICES['token-counter-1']!;

async function rowsFor(recordId: string): Promise<Array<{ record_id: string; device_id: string; sha256: string; size: string | number; stored_path: string }>> {
  return (await db.query<{ record_id: string; device_id: string; sha256: string; size: string | number; stored_path: string }>('select * from uploads where record_id = $1', [recordId])).rows;
}

async function incomingFor(recordId: string): Promise<string[]> {
  return (await readdir(uploads.incomingDir)).filter((n) => n.startsWith(recordId));
}

describe('resumable, verified uploads', () => {
  it('uploads a whole file, verifies it, records it, and only then lets the device delete its copy', async () => {
    const f = await makeFile(6 * MiB + 123);
    const urls = await freshDir();
    const result = await uploadFile(options(f, { urlStorageDir: urls }));
    expect(result).toMatchObject({ verified: true, recordId: f.recordId, sha256: f.sha256, size: f.size, bytesSent: f.size, resumedFrom: 0 });

    const stored = await uploads.storedFile(f.recordId);
    expect(stored).toMatchObject({ sha256: f.sha256, size: f.size, branchId: BRANCH, deviceId: 'counter-1', contentType: 'audio/ogg' });
    expect(await sha256OfFile(stored!.absolutePath)).toBe(f.sha256);
    expect(await rowsFor(f.recordId)).toHaveLength(1);
    expect(await incomingFor(f.recordId)).toEqual([]);
    // The stored URL is kept only until the server confirms.
    expect(await readdir(urls)).toEqual([]);

    const status = await (await fetch(`${endpoint}status/${f.recordId}`, { headers: { authorization: 'Bearer token-counter-1' } })).json();
    expect(status).toMatchObject({ recordId: f.recordId, verified: true, state: 'verified', sha256: f.sha256 });

    // Uploading it again sends nothing.
    expect(await uploadFile(options(f, { urlStorageDir: urls }))).toMatchObject({ verified: true, bytesSent: 0, attempts: 0 });

    const wrongHash = await deleteAfterConfirm({ endpoint, token: 'token-counter-1', recordId: f.recordId, sha256: '0'.repeat(64), filePath: f.path });
    expect(wrongHash.deleted).toBe(false);
    const deleted = await deleteAfterConfirm({ endpoint, token: 'token-counter-1', recordId: f.recordId, sha256: f.sha256, filePath: f.path });
    expect(deleted.deleted).toBe(true);
    await expect(readFile(f.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps the local file while the server holds no verified copy', async () => {
    const f = await makeFile(1024);
    const kept = await deleteAfterConfirm({ endpoint, token: 'token-counter-1', recordId: f.recordId, sha256: f.sha256, filePath: f.path });
    expect(kept).toMatchObject({ deleted: false, status: { verified: false, state: 'none' } });
    expect((await readFile(f.path)).length).toBe(1024);
  });

  it('resumes after the uploader is killed mid-upload: a new uploader sends only the rest', async () => {
    const f = await makeFile(8 * MiB);
    const urls = await freshDir();
    const kill = new AbortController();
    const first = uploadFile(
      options(f, {
        urlStorageDir: urls,
        chunkSize: MiB,
        signal: kill.signal,
        onProgress: (p) => {
          if (p.bytesAccepted >= 3 * MiB) kill.abort();
        },
      }),
    );
    await expect(first).rejects.toMatchObject({ code: 'aborted' });
    expect(await readdir(urls)).toEqual([`${f.recordId}.json`]);
    const held = await uploads.status(f.recordId, principal);
    expect(held).toMatchObject({ state: 'uploading', verified: false, size: f.size });
    expect(held.offset).toBeGreaterThanOrEqual(3 * MiB);

    // A new process: only the URL storage folder carries over.
    const second = await uploadFile(options(f, { urlStorageDir: urls, chunkSize: MiB }));
    expect(second.verified).toBe(true);
    expect(second.resumedFrom).toBe(held.offset);
    expect(second.bytesSent).toBeLessThan(f.size);
    expect(second.bytesSent).toBe(f.size - held.offset!);
    expect(await sha256OfFile((await uploads.storedFile(f.recordId))!.absolutePath)).toBe(f.sha256);
  });

  it('cuts a stalled connection with the watchdog and resumes from the server’s offset', async () => {
    const f = await makeFile(6 * MiB);
    const proxy = await StallingProxy.start(new URL(base).port, 2 * MiB);
    const retries: string[] = [];
    try {
      const result = await uploadFile(
        options(f, {
          endpoint: `${proxy.url}/api/v1/uploads/`,
          urlStorageDir: await freshDir(),
          stallTimeoutMs: 300,
          onRetry: ({ error }) => retries.push(error.code),
        }),
      );
      expect(proxy.stalled).toBe(true);
      expect(retries).toContain('stalled');
      expect(result.attempts).toBeGreaterThanOrEqual(2);
      expect(result.resumedFrom).toBeGreaterThan(0);
      expect(await sha256OfFile((await uploads.storedFile(f.recordId))!.absolutePath)).toBe(f.sha256);
    } finally {
      await proxy.close();
    }
  });

  it('rejects bytes that do not match the declared SHA-256, records nothing, and deletes the upload', async () => {
    const f = await makeFile(3 * MiB);
    // Corrupted between hashing and upload: one flipped byte.
    const bytes = await readFile(f.path);
    bytes[1_234_567] = bytes[1_234_567]! ^ 0x01;
    await writeFile(f.path, bytes);
    const urls = await freshDir();

    const failure = await uploadFile(options(f, { urlStorageDir: urls })).catch((e: UploadError) => e);
    expect(failure).toMatchObject({ code: 'checksum_mismatch', status: 460, retryable: false });
    expect(await rowsFor(f.recordId)).toEqual([]);
    expect(await uploads.storedFile(f.recordId)).toBeNull();
    expect(await incomingFor(f.recordId)).toEqual([]);
    expect(await uploads.status(f.recordId, principal)).toMatchObject({ state: 'none', verified: false });
    // The next try starts from byte 0.
    expect(await readdir(urls)).toEqual([]);
    expect((await deleteAfterConfirm({ endpoint, token: 'token-counter-1', recordId: f.recordId, sha256: f.sha256, filePath: f.path })).deleted).toBe(false);
  });

  it.each([
    ['two processes sharing one URL folder', true],
    ['two devices with their own URL folders', false],
  ])('stores exactly one verified copy when two uploaders send one file at once (%s)', async (_name, shared) => {
    const f = await makeFile(8 * MiB);
    const urlsA = await freshDir();
    const urlsB = shared ? urlsA : await freshDir();
    const [a, b] = await Promise.all([
      uploadFile(options(f, { urlStorageDir: urlsA, chunkSize: MiB })),
      uploadFile(options(f, { urlStorageDir: urlsB, chunkSize: MiB, token: 'token-counter-2' })),
    ]);
    expect(a.verified && b.verified).toBe(true);
    const rows = await rowsFor(f.recordId);
    expect(rows).toHaveLength(1);
    const stored = await uploads.storedFile(f.recordId);
    expect(stored!.size).toBe(f.size);
    expect(await sha256OfFile(stored!.absolutePath)).toBe(f.sha256);
    const day = await readdir(join(uploads.storedDir, stored!.storedPath.split('/')[1]!));
    expect(day.filter((n) => n.startsWith(f.recordId))).toEqual([f.recordId]);
    expect(await incomingFor(f.recordId)).toEqual([]);
  });

  it('answers 401 without a valid device token, and hides other branches’ uploads', async () => {
    const f = await makeFile(64 * 1024);
    const tusHeaders = { 'tus-resumable': '1.0.0', 'upload-length': String(f.size) };
    const metadata = Object.entries(encodeUploadMetadata({ recordId: f.recordId, sha256: f.sha256, size: f.size, contentType: 'audio/ogg', branchId: BRANCH }))
      .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
      .join(',');

    const post = await fetch(endpoint, { method: 'POST', headers: { ...tusHeaders, 'upload-metadata': metadata } });
    expect(post.status).toBe(401);
    expect(((await post.json()) as any).error.code).toBe('unauthorized');
    expect((await fetch(`${endpoint}status/${f.recordId}`)).status).toBe(401);
    const patch = await fetch(`${endpoint}${f.recordId}`, {
      method: 'PATCH',
      headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', authorization: 'Bearer nope' },
      body: new Uint8Array(10),
    });
    expect(patch.status).toBe(401);
    await expect(uploadFile(options(f, { token: 'nope', urlStorageDir: await freshDir() }))).rejects.toMatchObject({ code: 'unauthorized' });

    // A device may not upload for another branch, nor see or touch another branch's upload.
    const foreign = await fetch(endpoint, { method: 'POST', headers: { ...tusHeaders, 'upload-metadata': metadata, authorization: 'Bearer token-other-branch' } });
    expect(foreign.status).toBe(403);
    const created = await fetch(endpoint, { method: 'POST', headers: { ...tusHeaders, 'upload-metadata': metadata, authorization: 'Bearer token-counter-1' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/uploads/${f.recordId}`);
    const head = await fetch(`${endpoint}${f.recordId}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: 'Bearer token-other-branch' } });
    expect(head.status).toBe(404);
    const peek = await (await fetch(`${endpoint}status/${f.recordId}`, { headers: { authorization: 'Bearer token-other-branch' } })).json();
    expect(peek).toEqual({ recordId: f.recordId, verified: false, state: 'none' });
    const mine = await (await fetch(`${endpoint}status/${f.recordId}`, { headers: { authorization: 'Bearer token-counter-1' } })).json();
    expect(mine).toMatchObject({ state: 'uploading', offset: 0, size: f.size, uploadPath: `/api/v1/uploads/${f.recordId}` });
  });

  it('answers tus discovery without a token, and lets a device terminate its own unfinished upload', async () => {
    const options = await fetch(endpoint, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('tus-version')).toBe('1.0.0');
    expect(options.headers.get('tus-extension')).toBe('creation,creation-with-upload,termination');
    expect(options.headers.get('access-control-allow-origin')).toBeNull();

    const f = await makeFile(4096);
    const meta = Object.entries(encodeUploadMetadata({ recordId: f.recordId, sha256: f.sha256, size: f.size, contentType: 'audio/ogg', branchId: BRANCH }))
      .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
      .join(',');
    const auth = { 'tus-resumable': '1.0.0', authorization: 'Bearer token-counter-1' };
    expect((await fetch(endpoint, { method: 'POST', headers: { ...auth, 'upload-length': String(f.size), 'upload-metadata': meta } })).status).toBe(201);
    // A PATCH at the wrong offset changes nothing (tus's 409).
    const wrong = await fetch(`${endpoint}${f.recordId}`, { method: 'PATCH', headers: { ...auth, 'upload-offset': '5', 'content-type': 'application/offset+octet-stream' }, body: new Uint8Array(5) });
    expect(wrong.status).toBe(409);
    expect((await fetch(`${endpoint}${f.recordId}`, { method: 'GET', headers: auth })).status).toBe(404);
    expect((await fetch(`${endpoint}${f.recordId}`, { method: 'DELETE', headers: { ...auth, authorization: 'Bearer token-other-branch' } })).status).toBe(404);
    expect((await fetch(`${endpoint}${f.recordId}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect(await uploads.status(f.recordId, principal)).toMatchObject({ state: 'none' });
    expect(await incomingFor(f.recordId)).toEqual([]);
  });

  it('refuses metadata that fails its schema', async () => {
    const f = await makeFile(1024);
    const encode = (m: Record<string, string>) =>
      Object.entries(m)
        .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
        .join(',');
    const good = encodeUploadMetadata({ recordId: f.recordId, sha256: f.sha256, size: f.size, contentType: 'audio/ogg', branchId: BRANCH });
    const post = (meta: string, length = String(f.size)) =>
      fetch(endpoint, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': length, 'upload-metadata': meta, authorization: 'Bearer token-counter-1' } });
    for (const bad of [encode({ ...good, sha256: 'abc' }), encode({ ...good, recordId: 'not-a-ulid' }), encode({ ...good, size: '-1' }), 'garbage!!']) {
      const res = await post(bad);
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error.code).toBe('bad_request');
    }
    expect((await post(encode(good), String(f.size + 1))).status).toBe(400);
    await expect(uploadFile(options(f, { sha256: 'XYZ', urlStorageDir: await freshDir() }))).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('expires unfinished uploads idle longer than the limit; the device then starts again', async () => {
    const f = await makeFile(2 * MiB);
    const urls = await freshDir();
    const kill = new AbortController();
    await uploadFile(
      options(f, {
        urlStorageDir: urls,
        chunkSize: 256 * 1024,
        signal: kill.signal,
        onProgress: (p) => {
          if (p.bytesAccepted >= 512 * 1024) kill.abort();
        },
      }),
    ).catch(() => undefined);
    expect((await uploads.status(f.recordId, principal)).state).toBe('uploading');
    expect((await uploads.sweep()).expired).toBe(0);

    clockSkewMs = EXPIRE_AFTER_MS + 1_000;
    try {
      uploads.startSweeping(60_000);
      await expect.poll(async () => (await uploads.status(f.recordId, principal)).state).toBe('none');
      await uploads.stopSweeping();
    } finally {
      clockSkewMs = 0;
    }
    expect(await incomingFor(f.recordId)).toEqual([]);

    // The stored URL now leads nowhere: the uploader notices and starts from byte 0.
    const again = await uploadFile(options(f, { urlStorageDir: urls }));
    expect(again).toMatchObject({ verified: true, resumedFrom: 0, bytesSent: f.size });
  });
});

/**
 * A TCP proxy whose first connection to carry more than `after` bytes goes silent from then on
 * (a half-open link: nothing reaches the server, nothing comes back, nobody closes anything).
 * Every other connection passes through.
 */
class StallingProxy {
  stalled = false;
  url = '';
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  private constructor(targetPort: number, after: number) {
    this.server = createServer((client) => {
      const upstream = connect(targetPort, '127.0.0.1');
      this.sockets.add(client).add(upstream);
      let forwarded = 0;
      let silent = false;
      client.on('data', (chunk: Buffer) => {
        if (silent) return;
        if (!this.stalled && forwarded + chunk.length > after) {
          this.stalled = true;
          silent = true;
          upstream.write(chunk.subarray(0, after - forwarded));
          return;
        }
        forwarded += chunk.length;
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (!silent) client.write(chunk);
      });
      // A silent connection stays open on the server's side, as a half-open one would.
      client.on('close', () => {
        if (!silent) upstream.destroy();
      });
      upstream.on('close', () => client.destroy());
      client.on('error', () => undefined);
      upstream.on('error', () => undefined);
    });
  }

  static async start(targetPort: string, after: number): Promise<StallingProxy> {
    const proxy = new StallingProxy(Number(targetPort), after);
    await new Promise<void>((r) => proxy.server.listen(0, '127.0.0.1', r));
    const address = proxy.server.address();
    proxy.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return proxy;
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((r) => this.server.close(() => r()));
  }
}
