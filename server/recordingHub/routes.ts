import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { QueueError } from '../../shared/api/errors.js';
import { EmptyRequest } from '../../shared/api/queueApi.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import type { ListenLogEntry } from '../../shared/recording/access.js';
import { WindowQuery } from '../../shared/api/params.js';
import { SignInRequest } from '../../shared/recording/access.js';
import type { ReplayGrant } from '../../shared/recording/access.js';
import { LIVE_CLOSE, LIVE_LISTEN_PATH, LIVE_PUBLISH_PATH, LiveTextFrame, PublisherStateFrame } from '../../shared/recording/live.js';
import { parseSearchQuery } from '../../shared/recording/search.js';
import type { RecordingHubStatus } from '../../shared/recording/searchResult.js';
import { RecordId } from '../../shared/uploads/metadata.js';
import type { SqlDb } from '../db/sqlDb.js';
import { bodyOf } from '../http/body.js';
import { authenticateDevice } from '../sync/deviceAuth.js';
import type { Uploads } from '../uploads/registerUploads.js';
import { HqRelay } from './hqRelay.js';
import { ListenLog } from './listenLog.js';
import { LiveFanout } from './liveFanout.js';
import type { LiveSocket } from './liveFanout.js';
import { RecordingProjector } from './projector.js';
import { parseRange } from './range.js';
import { findRecording, searchRecordings } from './search.js';
import type { ListenerAccess, SignedIn } from './staffSignIn.js';
import { ReviewLog } from './reviewLog.js';
import { registerReviewRoutes } from './reviewRoutes.js';

export interface RecordingHubOptions {
  db: SqlDb;
  config: () => BranchConfig;
  hubDeviceId: string;
  uploads: Pick<Uploads, 'storedFile'>;
  /** Head office, for the relay of recordings; null: no relay. */
  upstreamUrl: string | null;
  dataDir: string;
  now?: () => Date;
  relayPollMs?: number;
  /** Life of a replay grant (the <audio> source URL). Default 30 minutes. */
  grantTtlMs?: number;
  /** Who may listen: the branch's staff sessions (server/hub/access/recordingAccess.ts). */
  access: ListenerAccess;
  /** Told of every listen once it is logged (the security audit's 'listen' entry). */
  onListen?: (entry: ListenLogEntry) => void;
  /** The live fan-out, made beforehand when the queue stream carries its windows' recording state (fanout.streamSide()). */
  fanout?: LiveFanout;
}

export interface RecordingHub {
  projector: RecordingProjector;
  listens: ListenLog;
  fanout: LiveFanout;
  relay: HqRelay;
  start(): Promise<void>;
  close(): Promise<void>;
}

export const RECORDINGS_PATH = '/api/v1/recordings';

const IdParams = z.object({ id: RecordId });
/** `?counter=N`, in plain digits (shared/api/params.ts): "1e0" or "04" is no window. */
const CounterQuery = WindowQuery;

interface Grant {
  recordingId: string;
  staffId: string;
  expiresAt: number;
}

/**
 * The lead's side of counter recording on the hub (docs/recording-api.md): staff sign-in, search,
 * replay with Range, the listen log, live listening (WebSocket fan-out from the counters' hosts),
 * and the relay of recordings to head office.
 */
export function registerRecordingHub(app: FastifyInstance, opts: RecordingHubOptions): RecordingHub {
  const { db } = opts;
  const now = opts.now ?? (() => new Date());
  const projector = new RecordingProjector(db);
  const listens = new ListenLog({ db, branchId: () => opts.config().branchId, hubDeviceId: opts.hubDeviceId, now });
  const fanout = opts.fanout ?? new LiveFanout();
  const { access } = opts;
  const logListen = async (...args: Parameters<ListenLog['begin']>): Promise<ListenLogEntry> => {
    const entry = await listens.begin(...args);
    opts.onListen?.(entry);
    return entry;
  };
  const relay = new HqRelay({ db, uploads: opts.uploads, branchId: () => opts.config().branchId, upstreamUrl: opts.upstreamUrl, dataDir: opts.dataDir, now, ...(opts.relayPollMs ? { pollMs: opts.relayPollMs } : {}) });
  const grants = new Map<string, Grant>();
  const grantTtl = opts.grantTtlMs ?? 30 * 60_000;

  app.post(`${RECORDINGS_PATH}/sign-in`, async (req) => {
    const body = SignInRequest.parse(req.body);
    return access.signIn(req, body);
  });

  app.get(RECORDINGS_PATH, async (req) => {
    await access.requireListener(req);
    const { token: _token, ...params } = (req.query ?? {}) as Record<string, unknown>;
    const query = parseSearchQuery(params);
    await projector.catchUp();
    return searchRecordings(db, query, opts.config().hours.timezone);
  });

  app.get(`${RECORDINGS_PATH}/listens`, async (req) => {
    await access.requireListener(req);
    return { listens: await listens.list(200) };
  });

  app.get(`${RECORDINGS_PATH}/status`, async (req): Promise<RecordingHubStatus> => {
    await access.requireListener(req);
    return { live: fanout.online(), relay: await relay.status() };
  });

  // Logged before the grant is handed out: no audio leaves without its line in the log.
  app.post(`${RECORDINGS_PATH}/:id/replay`, async (req): Promise<ReplayGrant> => {
    const who = await access.requireListener(req);
    const { id } = IdParams.parse(req.params);
    EmptyRequest.parse(bodyOf(req)); // strict JSON: nothing in the body
    await projector.catchUp();
    const rec = await findRecording(db, id);
    if (!rec) throw new QueueError('not_found', 'no such recording');
    return grantReplay(who, rec);
  });

  async function grantReplay(who: SignedIn, rec: { id: string; counter: number; ticketNumber: string | null; sha256: string }): Promise<ReplayGrant> {
    const file = await opts.uploads.storedFile(rec.id);
    if (!file || file.sha256 !== rec.sha256) throw new QueueError('not_found', 'the hub does not hold this recording yet: the counter has not uploaded it');
    const entry = await logListen(who, { mode: 'replay', counter: rec.counter, recordingId: rec.id, ticketNumber: rec.ticketNumber });
    const grant = randomBytes(24).toString('base64url');
    const expiresAt = now().getTime() + grantTtl;
    for (const [g, v] of grants) if (v.expiresAt <= now().getTime()) grants.delete(g);
    grants.set(grant, { recordingId: rec.id, staffId: who.staffId, expiresAt });
    return { audioPath: `${RECORDINGS_PATH}/${rec.id}/audio?grant=${grant}`, listenId: entry.id, expiresAt: new Date(expiresAt).toISOString() };
  }

  const reviews = new ReviewLog({ db, branchId: () => opts.config().branchId, hubDeviceId: opts.hubDeviceId, now });
  registerReviewRoutes(app, { db, projector, reviews, access, timezone: () => opts.config().hours.timezone, replay: (who, rec) => grantReplay(who, rec) });

  const serveAudio = async (req: FastifyRequest, reply: FastifyReply) => {
    const { id } = IdParams.parse(req.params);
    const grantKey = (req.query as { grant?: unknown } | undefined)?.grant;
    const grant = typeof grantKey === 'string' ? grants.get(grantKey) : undefined;
    if (!grant || grant.expiresAt <= now().getTime()) throw new QueueError('unauthorized', 'ask for a replay first (POST /api/v1/recordings/{id}/replay)');
    if (grant.recordingId !== id) throw new QueueError('forbidden', 'this grant is for another recording');
    const file = await opts.uploads.storedFile(id);
    if (!file) throw new QueueError('not_found', 'no such recording on the hub');
    const size = file.size;
    reply.header('accept-ranges', 'bytes').header('cache-control', 'private, no-store');
    const range = parseRange(req.headers.range, size);
    if (range === 'unsatisfiable') {
      return reply.status(416).header('content-range', `bytes */${size}`).send({ error: { code: 'bad_request', message: 'the range is outside the file' } });
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    reply.status(range ? 206 : 200).header('content-type', 'audio/ogg').header('content-length', String(end - start + 1));
    if (range) reply.header('content-range', `bytes ${start}-${end}/${size}`);
    if (req.method === 'HEAD') return reply.send();
    return reply.send(createReadStream(file.absolutePath, { start, end }));
  };
  app.route({ method: ['GET', 'HEAD'], url: `${RECORDINGS_PATH}/:id/audio`, handler: serveAudio });

  // The counter's host publishes its live packets here, with the counter's device token.
  app.get(LIVE_PUBLISH_PATH, { websocket: true }, (socket, req) => {
    const live = socket as unknown as LiveSocket;
    const q = CounterQuery.safeParse(req.query);
    if (!q.success) {
      socket.close(LIVE_CLOSE.badRequest, 'counter=N is required');
      return;
    }
    const counter = q.data.counter;
    // Messages may arrive while the token is being checked: they wait for the verdict.
    let ready: Promise<boolean> = authenticateDevice(db, req.headers.authorization).then((device) => {
      const ok = device !== null && device.branchId === opts.config().branchId && device.role === 'counter';
      if (!ok) socket.close(device ? LIVE_CLOSE.forbidden : LIVE_CLOSE.unauthorized, 'a counter device token is required');
      else fanout.attachPublisher(counter, live, LIVE_CLOSE.replaced);
      return ok;
    });
    ready = ready.catch(() => false);
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      void ready.then((ok) => {
        if (!ok) return;
        if (!isBinary) {
          const json = safeJson(String(data));
          const frame = LiveTextFrame.safeParse(json);
          if (frame.success && frame.data.type === 'hello' && frame.data.counter === counter) fanout.publisherHello(counter, live, frame.data.stream);
          const state = PublisherStateFrame.safeParse(json);
          if (state.success && state.data.counter === counter) fanout.publisherState(counter, live, state.data.state);
          return;
        }
        fanout.packet(counter, live, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      });
    });
    socket.on('close', () => fanout.detachPublisher(counter, live));
  });

  // A lead's browser listens here; the token is in the query (browsers cannot set WebSocket headers).
  app.get(LIVE_LISTEN_PATH, { websocket: true }, (socket, req) => {
    const live = socket as unknown as LiveSocket;
    const q = CounterQuery.safeParse(req.query);
    if (!q.success) {
      socket.close(LIVE_CLOSE.badRequest, 'counter=N is required');
      return;
    }
    const counter = q.data.counter;
    let closed = false;
    let listenId: string | null = null;
    socket.on('close', () => {
      closed = true;
      fanout.removeListener(counter, live);
      if (listenId) void listens.end(listenId).catch(() => undefined);
    });
    // The listen is logged before the first packet is forwarded.
    access
      .requireListener(req)
      .catch((err: unknown) => {
        const forbidden = err instanceof QueueError && (err.code === 'forbidden' || err.code === 'session_locked');
        socket.close(forbidden ? LIVE_CLOSE.forbidden : LIVE_CLOSE.unauthorized, forbidden ? 'this role may not listen' : 'sign in first');
        return null;
      })
      .then(async (who) => {
        if (!who || closed) return;
        const entry = await logListen(who, { mode: 'live', counter, recordingId: null, ticketNumber: null });
        listenId = entry.id;
        if (closed) return void listens.end(entry.id).catch(() => undefined);
        fanout.addListener(counter, live);
      })
      .catch(() => socket.close(1011, 'the listen could not be logged'));
  });

  return {
    projector,
    listens,
    fanout,
    relay,
    async start() {
      await listens.resync();
      relay.start();
    },
    close: () => relay.stop(),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
