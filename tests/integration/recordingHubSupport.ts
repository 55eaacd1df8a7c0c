import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { BranchConfig } from '../../shared/config/schema.js';
import { newId } from '../../shared/ids.js';
import { RECORDING_EVENT } from '../../shared/recording/indexRecord.js';
import type { RecordingFinishedPayload } from '../../shared/recording/indexRecord.js';
import { COUNTER_EVENT } from '../../shared/sync/kinds.js';
import { HybridClock } from '../../shared/time/hlc.js';
import { hashPin } from '../../server/recordingHub/pinHash.js';
import type { RunningBranchHost } from '../../server/branchHost.js';
import { createEnrolCode } from '../../server/sync/deviceAuth.js';
import { uploadFile } from '../../server/uploads/client/uploadFile.js';
import { sha256OfFile } from '../../server/uploads/hashFile.js';
import { DEVICE_HEADER } from '../../shared/access/credentials.js';
import { postJson } from '../support/http.js';

/** The demo branch with a teller who has a PIN (to prove a teller's token is refused). */
export async function recordingConfig(): Promise<BranchConfig> {
  const config = demoBranch('2026-03-05');
  const raw = JSON.parse(JSON.stringify(config));
  raw.staff[0].pinHash = await hashPin('1111');
  return BranchConfig.parse(raw);
}

export const LEAD = { staffId: 's-9001', pin: '246810' };
export const AUDITOR = { staffId: 's-9002', pin: '135790' };
export const TELLER = { staffId: 's-1001', pin: '1111' };

/** The lead station each signIn enrolled, by the session token it made (issue 12: the lead's reads need both). */
const leadStations = new Map<string, string>();

/** A lead station enrolled through the hub's API (the demo's enrolment code): its device token. */
export async function leadStation(url: string): Promise<string> {
  const code = (await fetch(`${url}/api/v1/sync/demo-enrol-code`).then((r) => r.json())) as { code: string };
  const r = await postJson(`${url}/api/v1/sync/enrol`, { code: code.code, deviceId: `lead-${newId()}`, role: 'lead' });
  if (r.status !== 200) throw new Error(`lead station enrolment failed: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.token as string;
}

/** Signs in with the recording hub's sign-in, at a lead station of its own; the session token. */
export async function signIn(url: string, who: { staffId: string; pin: string }): Promise<string> {
  const device = await leadStation(url);
  const r = await postJson(`${url}/api/v1/recordings/sign-in`, who, { [DEVICE_HEADER]: device });
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${JSON.stringify(r.json)}`);
  leadStations.set(r.json.token, device);
  return r.json.token as string;
}

/** The headers of a request by the session `token` (and its lead station's device token). */
export function staffHeaders(token?: string): Record<string, string> {
  if (!token) return {};
  const device = leadStations.get(token);
  return { authorization: `Bearer ${token}`, ...(device ? { [DEVICE_HEADER]: device } : {}) };
}

/** The live-listen socket's query for a session (browsers put both tokens in the URL). */
export function listenQuery(counter: number, token: string): string {
  const device = leadStations.get(token);
  return `?counter=${counter}&session=${token}${device ? `&device=${device}` : ''}`;
}

/** A counter device enrolled at the hub, pushing its records like the renderer's sync does. */
export class FakeCounter {
  private seq = 0;
  private readonly clock: HybridClock;
  readonly deviceId = newId();
  token = '';
  readonly scratch: Promise<string> = mkdtemp(join(tmpdir(), 'guichet-rec-'));

  constructor(
    readonly host: RunningBranchHost,
    readonly counter: number,
  ) {
    this.clock = new HybridClock(this.deviceId);
  }

  get branchId(): string {
    return this.host.hub.branchConfig.branchId;
  }

  async enrol(): Promise<this> {
    const code = await createEnrolCode(this.host.db, { branchId: this.branchId, ttlMinutes: 5 });
    const r = await postJson(`${this.host.url}/api/v1/sync/enrol`, { code: code.code, deviceId: this.deviceId, role: 'counter', window: this.counter });
    if (r.status !== 200) throw new Error(`enrol failed: ${JSON.stringify(r.json)}`);
    this.token = r.json.token;
    return this;
  }

  async push(type: string, payload: Record<string, unknown>, at = new Date()): Promise<void> {
    const record = {
      id: newId(),
      kind: COUNTER_EVENT,
      branchId: this.branchId,
      deviceId: this.deviceId,
      deviceSeq: ++this.seq,
      hlc: this.clock.tick(),
      wallAt: at.toISOString(),
      body: { type, counter: this.counter, payload },
    };
    const r = await postJson(`${this.host.url}/api/v1/sync/push`, { deviceId: this.deviceId, sentAt: new Date().toISOString(), records: [record] }, { authorization: `Bearer ${this.token}` });
    if (r.status !== 200 || r.json.acked.length !== 1) throw new Error(`push refused: ${JSON.stringify(r.json)}`);
  }

  /** A finished recording: its file uploaded to the hub (unless `upload` is false) and its index record pushed. */
  async record(o: { ticketNumber: string; tellerId?: string; startedAt: string; durationMs: number; bytes?: number; upload?: boolean }): Promise<{ id: string; bytes: Buffer; payload: RecordingFinishedPayload; path: string }> {
    const id = newId();
    const bytes = randomBytes(o.bytes ?? 40_000);
    const path = join(await this.scratch, `${id}.opus`);
    await writeFile(path, bytes);
    const sha256 = await sha256OfFile(path);
    if (o.upload !== false) {
      await uploadFile({ endpoint: `${this.host.url}/api/v1/uploads/`, token: this.token, filePath: path, recordId: id, sha256, branchId: this.branchId, contentType: 'audio/ogg', urlStorageDir: join(await this.scratch, 'urls') });
    }
    const payload: RecordingFinishedPayload = {
      recordingId: id,
      ticketId: `T-${o.ticketNumber}`,
      ticketNumber: o.ticketNumber,
      service: o.ticketNumber[0]!,
      tellerId: o.tellerId ?? 's-1001',
      startedAt: o.startedAt,
      endedAt: new Date(Date.parse(o.startedAt) + o.durationMs).toISOString(),
      durationMs: o.durationMs,
      bytes: bytes.length,
      sha256,
      finishedAs: 'complete',
      heldForDispute: false,
    };
    await this.push(RECORDING_EVENT.finished, payload);
    return { id, bytes, payload, path };
  }
}

export interface WsResult {
  socket: WebSocket;
  messages: Array<string | Buffer>;
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
  next(predicate: (m: string | Buffer) => boolean, timeoutMs?: number): Promise<string | Buffer>;
}

/** A WebSocket that keeps what it receives, for assertions. */
export function openSocket(url: string, headers: Record<string, string> = {}): WsResult {
  const socket = new WebSocket(url, { headers });
  const messages: Array<string | Buffer> = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    messages.push(isBinary ? Buffer.from(data) : String(data));
    for (const w of [...waiters]) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const opened = new Promise<void>((resolve, reject) => {
    socket.on('open', () => resolve());
    socket.on('error', reject);
  });
  return {
    socket,
    messages,
    closed,
    opened,
    next(predicate, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (found !== undefined) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error('no such message in time'));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

export function wsUrl(httpUrl: string, path: string): string {
  return httpUrl.replace(/^http/, 'ws') + path;
}
