import type { Capability } from '../../../shared/access/roles.js';
import { ALERTS_API } from '../../../shared/alerts/schema.js';
import { BUSINESS_DAY_API } from '../../../shared/businessDay/api.js';
import { EVALUATION_API } from '../../../shared/evaluation/dailyForm.js';
import { FIGURES_API } from '../../../shared/figures/api.js';
import { COMPLAINT_STEP_NAMES } from '../../../shared/complaints/api.js';
import { HOST_SOCKET_PATH } from '../../../shared/host/wire.js';
import { NOTICES_API } from '../../../shared/notices/api.js';
import { HUB_REPORTS_API } from '../../../shared/hq/branchReports.js';
import { REVIEW_PATHS } from '../../../shared/recording/review.js';
import { LIVE_LISTEN_PATH, LIVE_PUBLISH_PATH } from '../../../shared/recording/live.js';
import type { DeviceRole } from '../../../shared/sync/protocol.js';
import { SYNC_PATHS } from '../../../shared/sync/protocol.js';
import { ACCESS_PATHS } from './sessionRoutes.js';
import type { ApiScope } from './types.js';

/**
 * Who may call each route of the branch hub: ONE table, "METHOD /url" exactly as fastify
 * registers it. The gate (gate.ts) refuses to start the hub when a route is registered without
 * an entry here, so a new route enters this table the day it is born, and the security test
 * (tests/integration/security.test.ts) walks every entry. docs/security.md explains the forms.
 */

/** A route anyone may call: the reason is part of the table, for the reviewer. */
export interface OpenAccess {
  open: string;
}

/**
 * The sync API and tus uploads: the device proves itself with `Authorization: Bearer <device
 * token>` (docs/sync.md); the gate resolves it and the route checks it again (branch, records).
 */
export interface DeviceTokenAccess {
  deviceToken: true;
}

/** The replay audio: the `?grant=` made by POST /api/v1/recordings/:id/replay (a lead with 'listen', logged) is the credential. */
export interface GrantAccess {
  grant: 'replay';
}

/** A guarded route: an enrolled device of these kinds, and maybe a person and a window. */
export interface GuardedAccess {
  /** Device kinds allowed ('any': every enrolled device of the branch). */
  devices: readonly DeviceRole[] | 'any';
  /**
   * The window the request acts on, which must be the device's enrolled window:
   * 'param' the path's `:n`, 'query' `?counter=`, 'body' the JSON body's `counter`.
   */
  window?: 'param' | 'query' | 'body';
  /**
   * 'window-teller': an unlocked session of this device at that window, whose role may 'serve'.
   * A capability: an unlocked session on this device whose role has it (shared/access/roles.ts).
   */
  staff?: 'window-teller' | Capability;
  /** An integration API key with this scope may call it instead of a device (x-guichet-api-key). */
  apiKey?: ApiScope;
}

export type Access = OpenAccess | DeviceTokenAccess | GrantAccess | GuardedAccess;

export interface RouteEntry {
  access: Access;
  /** A WebSocket route: credentials may come as query parameters, refusals happen before the upgrade. */
  ws?: true;
}

/** "GET /api/v1/queue" */
export type RouteKey = string;

export const routeKey = (method: string, url: string): RouteKey => `${method.toUpperCase()} ${url}`;

// ------------------------------------------------------------------ the forms used below

/** Reads of the queue: every enrolled device, or an integration key allowed to read the queue. */
const QUEUE_READ: GuardedAccess = { devices: 'any', apiKey: 'queue:read' };
/** A window's command: its own counter device with a teller signed in there, or a key listing that window. */
const WINDOW_COMMAND: GuardedAccess = { devices: ['counter'], window: 'param', staff: 'window-teller', apiKey: 'windows:command' };
const lead = (capability: Capability): GuardedAccess => ({ devices: ['lead'], staff: capability });
/** The complaint log: a counter's signed-in teller or a lead station's signed-in person (capability 'complaints'). */
const COMPLAINT_WORK: GuardedAccess = { devices: ['counter', 'lead'], staff: 'complaints' };
const DEVICE_TOKEN: DeviceTokenAccess = { deviceToken: true };
const TUS_PREFLIGHT: OpenAccess = { open: 'tus discovery and CORS preflight: versions and limits, no data' };

const C = '/api/v1/counters/:n';
const R = '/api/v1/recordings';
const U = SYNC_PATHS.uploads;

export const ROUTE_ACCESS: Readonly<Record<RouteKey, RouteEntry>> = {
  // ---- queue (server/hub/api/queueRoutes.ts, queueStream.ts)
  'GET /api/v1/config': { access: QUEUE_READ },
  'GET /api/v1/kiosk': { access: QUEUE_READ },
  'POST /api/v1/tickets': { access: { devices: ['kiosk'], apiKey: 'tickets:issue' } },
  'GET /api/v1/tickets/:id': { access: QUEUE_READ },
  // A day's tickets, served ones included: the lead's ticket list (shared/queue/dayTickets.ts).
  'GET /api/v1/tickets': { access: lead('audit') },
  'GET /api/v1/queue': { access: QUEUE_READ },
  'GET /api/v1/snapshot': { access: QUEUE_READ },
  [`POST ${C}/:action`]: { access: WINDOW_COMMAND },
  'GET /api/v1/stream': { access: QUEUE_READ, ws: true },

  // ---- pause desk (server/hub/pause/pauseRoutes.ts)
  [`POST ${C}/pause`]: { access: WINDOW_COMMAND },
  [`POST ${C}/resume`]: { access: WINDOW_COMMAND },
  [`POST ${C}/open`]: { access: WINDOW_COMMAND },
  [`POST ${C}/close`]: { access: WINDOW_COMMAND },
  [`POST ${C}/override`]: { access: lead('approve') },
  'POST /api/v1/pauses/:id/approve': { access: lead('approve') },
  'GET /api/v1/pauses': { access: lead('approve') },
  'GET /api/v1/windows': { access: QUEUE_READ },

  // ---- standard phrases (server/hub/phrases/phraseRoutes.ts)
  'GET /api/v1/prompts': { access: QUEUE_READ },
  'POST /api/v1/prompts': { access: lead('prompt') },
  'POST /api/v1/phrases/show': { access: { devices: ['counter'], window: 'body', staff: 'window-teller' } },
  'GET /api/v1/phrases/rates': { access: lead('audit') },

  // ---- ratings (server/hub/ratings/ratingRoutes.ts): only the customer's own display rates
  [`POST ${C}/rating`]: { access: { devices: ['counter-display'], window: 'param' } },
  [`GET ${C}/rating`]: { access: QUEUE_READ },
  'GET /api/v1/follow-ups': { access: lead('approve') },
  'GET /api/v1/ratings/stream': { access: QUEUE_READ, ws: true },

  // ---- business day (server/hub/businessDay/businessDayRoutes.ts)
  [`GET ${BUSINESS_DAY_API.records}`]: { access: lead('approve') },
  [`GET ${BUSINESS_DAY_API.figures}`]: { access: lead('audit') },
  [`POST ${BUSINESS_DAY_API.morningMeeting}`]: { access: lead('approve') },

  // ---- complaint log (server/hub/complaints/complaintRoutes.ts, docs/complaints-api.md): a counter
  // with its teller signed in, or a lead station with a lead, auditor or head-office admin (the
  // route refuses a teller at a lead station; the domain decides the step); reopening and the
  // appeal's review are a lead's
  'POST /api/v1/complaints': { access: COMPLAINT_WORK },
  'GET /api/v1/complaints': { access: COMPLAINT_WORK },
  'GET /api/v1/complaints/stats': { access: lead('audit') },
  'GET /api/v1/complaints/:id': { access: COMPLAINT_WORK },
  ...Object.fromEntries(
    COMPLAINT_STEP_NAMES.filter((step) => step !== 'reopen' && step !== 'review-appeal').map((step) => [`POST /api/v1/complaints/:id/${step}`, { access: COMPLAINT_WORK }]),
  ),
  'POST /api/v1/complaints/:id/reopen': { access: lead('approve') },
  'POST /api/v1/complaints/:id/review-appeal': { access: lead('approve') },
  'POST /api/v1/complaints/:id/reveal-phone': { access: COMPLAINT_WORK },

  // ---- hall notices (server/hub/notices/noticeRoutes.ts, docs/notices.md): what the hall shows is
  // public in the branch, so every enrolled device reads the notices in force; a lead signed in at
  // a lead station publishes, changes and withdraws them (the capability of prompts to the windows)
  [`GET ${NOTICES_API.active}`]: { access: { devices: 'any' } satisfies GuardedAccess },
  [`GET ${NOTICES_API.list}`]: { access: lead('prompt') },
  [`POST ${NOTICES_API.create}`]: { access: lead('prompt') },
  [`POST ${NOTICES_API.update}`]: { access: lead('prompt') },
  [`POST ${NOTICES_API.withdraw}`]: { access: lead('prompt') },

  // ---- the lead's figures (server/hub/figures/figuresRoutes.ts, docs/figures.md): per-teller
  // figures are read like the audit; the expected wait per service names nobody, so the kiosk's
  // ticket and the hall show it (and the lead station)
  [`GET ${FIGURES_API.day}`]: { access: lead('audit') },
  [`GET ${FIGURES_API.month}`]: { access: lead('audit') },
  [`GET ${FIGURES_API.live}`]: { access: lead('audit') },
  [`GET ${FIGURES_API.expectedWait}`]: { access: { devices: ['kiosk', 'hall', 'lead'] } satisfies GuardedAccess },
  // ---- head office's monthly reports of the branch (server/hub/reports/, docs/hq-figures.md): the
  // branch's score, rank and its tellers' places, read like the branch's own figures
  [`GET ${HUB_REPORTS_API.list}`]: { access: lead('audit') },
  [`GET ${HUB_REPORTS_API.file}`]: { access: lead('audit') },

  // ---- the lead's alerts (server/hub/alerts/alertRoutes.ts, docs/alerts.md): read by whoever reads
  // the branch's figures; acknowledged by a lead (the capability of approvals), named by the session
  [`GET ${ALERTS_API.list}`]: { access: lead('audit') },
  [`POST ${ALERTS_API.acknowledge}`]: { access: lead('approve') },
  // ---- the daily on-site evaluation of each teller (server/hub/evaluation/, docs/alerts.md): read
  // like the figures; written by the lead or branch head signed in at the lead station
  [`GET ${EVALUATION_API.day}`]: { access: lead('audit') },
  [`PUT ${EVALUATION_API.sheet}`]: { access: lead('approve') },

  // ---- sync (server/sync/syncRoutes.ts, server/hub/sync/hubSyncRoutes.ts)
  [`POST ${SYNC_PATHS.enrol}`]: { access: { open: 'a device proves itself with a one-time code made by the lead or head office (rate-limited per address)' } },
  [`POST ${SYNC_PATHS.push}`]: { access: DEVICE_TOKEN },
  [`GET ${SYNC_PATHS.pull}`]: { access: DEVICE_TOKEN },
  [`GET ${SYNC_PATHS.status}`]: { access: { devices: 'any' } satisfies GuardedAccess },
  'GET /api/v1/sync/demo-enrol-code': { access: { open: 'the embedded demo only (404 otherwise), and only to this machine (loopback)' } },

  // ---- tus uploads (server/uploads/registerUploads.ts)
  [`POST ${U}`]: { access: DEVICE_TOKEN },
  [`OPTIONS ${U}`]: { access: TUS_PREFLIGHT },
  [`POST ${U.replace(/\/$/, '')}`]: { access: DEVICE_TOKEN },
  [`OPTIONS ${U.replace(/\/$/, '')}`]: { access: TUS_PREFLIGHT },
  [`HEAD ${U}:uploadId`]: { access: DEVICE_TOKEN },
  [`PATCH ${U}:uploadId`]: { access: DEVICE_TOKEN },
  [`DELETE ${U}:uploadId`]: { access: DEVICE_TOKEN },
  [`OPTIONS ${U}:uploadId`]: { access: TUS_PREFLIGHT },
  [`GET ${U}status/:recordId`]: { access: DEVICE_TOKEN },

  // ---- staff sessions, devices, audit (server/hub/access/sessionRoutes.ts)
  // Sign-in needs an enrolled counter or lead station; sign-out, lock, unlock and reading the
  // session act on the device's own session, locked or not (the route resolves and checks it).
  [`POST ${ACCESS_PATHS.signIn}`]: { access: { devices: ['counter', 'lead'] } },
  [`POST ${ACCESS_PATHS.signOut}`]: { access: { devices: ['counter', 'lead'] } },
  [`POST ${ACCESS_PATHS.lock}`]: { access: { devices: ['counter', 'lead'] } },
  [`POST ${ACCESS_PATHS.unlock}`]: { access: { devices: ['counter', 'lead'] } },
  [`GET ${ACCESS_PATHS.session}`]: { access: { devices: ['counter', 'lead'] } },
  [`GET ${ACCESS_PATHS.verifiers}`]: { access: { devices: ['counter'] } },
  [`GET ${ACCESS_PATHS.windowStaff}`]: { access: QUEUE_READ },
  [`POST ${ACCESS_PATHS.enrolCodes}`]: { access: lead('enrol') },
  [`GET ${ACCESS_PATHS.devices}`]: { access: lead('enrol') },
  [`POST ${ACCESS_PATHS.revoke}`]: { access: lead('enrol') },
  [`GET ${ACCESS_PATHS.audit}`]: { access: lead('audit') },
  // Integration keys made and revoked at runtime (the secret shown once), like devices: a lead or head-office admin.
  [`POST ${ACCESS_PATHS.apiKeys}`]: { access: lead('enrol') },
  [`GET ${ACCESS_PATHS.apiKeys}`]: { access: lead('enrol') },
  [`POST ${ACCESS_PATHS.apiKeyRevoke}`]: { access: lead('enrol') },

  // ---- the service record (server/hub/serviceRecord/serviceRecordRoutes.ts): a ticket's whole
  // story with its recordings, for whoever may listen; every opening is audited
  'GET /api/v1/services/:ticketId/record': { access: lead('listen') },

  // ---- counter recording, the lead's side (server/recordingHub/routes.ts)
  // The older sign-in of issue 5 opens a lead-station session: only from an enrolled lead station.
  [`POST ${R}/sign-in`]: { access: { devices: ['lead'] } },
  [`GET ${R}`]: { access: lead('listen') },
  [`GET ${R}/listens`]: { access: lead('listen') },
  [`GET ${R}/status`]: { access: lead('listen') },
  [`POST ${R}/:id/replay`]: { access: lead('listen') },
  // Self-review (shared/recording/review.ts): a teller hears and comments on their OWN recorded
  // services at their counter; the route checks the recording's teller against the session.
  // The comment thread is also the lead's (and an auditor's): they add the leader's comment.
  [`GET ${REVIEW_PATHS.mine}`]: { access: { devices: ['counter'], staff: 'review_own' } },
  [`POST ${REVIEW_PATHS.selfReplay}`]: { access: { devices: ['counter'], staff: 'review_own' } },
  [`GET ${REVIEW_PATHS.comments}`]: { access: { devices: ['counter', 'lead'] } },
  [`POST ${REVIEW_PATHS.comments}`]: { access: { devices: ['counter', 'lead'] } },
  [`GET ${R}/:id/audio`]: { access: { grant: 'replay' } },
  [`HEAD ${R}/:id/audio`]: { access: { grant: 'replay' } },
  [`GET ${LIVE_PUBLISH_PATH}`]: { access: { devices: ['counter'], window: 'query' }, ws: true },
  [`GET ${LIVE_LISTEN_PATH}`]: { access: lead('listen'), ws: true },

  // ---- the browser host's bridge (server/host/hostSocket.ts)
  [`GET ${HOST_SOCKET_PATH}`]: { access: { open: 'the host bridge of the browser host: only pages of this origin (its own Origin check, 1008 otherwise)' }, ws: true },
};

/** The built renderer's files (@fastify/static, one route per file): pages and assets, no data. */
export const STATIC_FILE_ACCESS: OpenAccess = { open: 'the app itself: HTML, scripts, styles, clips; no data' };

/** Unknown routes: the not-found handler answers 404 (or the app's page for a client-side route). */
export const NOT_FOUND_ACCESS: OpenAccess = { open: 'no route: 404, or the app page for a client-side route' };

export const isOpen = (a: Access): a is OpenAccess => 'open' in a;
export const isDeviceToken = (a: Access): a is DeviceTokenAccess => 'deviceToken' in a;
export const isGrant = (a: Access): a is GrantAccess => 'grant' in a;
export const isGuarded = (a: Access): a is GuardedAccess => 'devices' in a;

/**
 * The entry of a route as registered: HEAD routes fastify adds beside a GET share the GET's
 * entry; undefined when the table has none (the gate refuses to start).
 */
export function entryFor(method: string, url: string): RouteEntry | undefined {
  return ROUTE_ACCESS[routeKey(method, url)] ?? (method.toUpperCase() === 'HEAD' ? ROUTE_ACCESS[routeKey('GET', url)] : undefined);
}
