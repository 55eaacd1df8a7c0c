import { HQ_CONFIG_API } from '../../shared/config/versions.js';
import { HQ_EVALUATION_API } from '../../shared/evaluation/inspectionApi.js';
import { BRANCH_REPORT_FILE_PATH } from '../../shared/hq/branchReports.js';
import { HQ_FIGURES_API } from '../../shared/hq/api.js';
import { SYNC_PATHS } from '../../shared/sync/protocol.js';

/**
 * Who may call each route of head office: ONE table, "METHOD /url" exactly as fastify registers
 * it (HEAD beside a GET shares the GET's entry). The gate (hqGate.ts) refuses to start head office
 * when a route is registered without an entry here, and tests/integration/hqSecurity.test.ts walks
 * every entry (no credential, the wrong kind of credential, a foreign Origin: refused, nothing
 * changes). The built HQ page's files, served outside /api/, are open and read-only.
 */

/** The read and admin API: `Authorization: Bearer <administrator token>` (GUICHET_ADMIN_TOKEN or a named admin's). */
export interface HqAdminAccess {
  admin: true;
}

/**
 * A device enrolled at head office (a branch's hub), `Authorization: Bearer <device token>`; the
 * route checks the token itself and what it may touch (its own branch's records and files).
 * `hubOnly`: another kind of device (a counter enrolled here) is refused 403.
 */
export interface HqDeviceAccess {
  device: true;
  hubOnly?: true;
}

/** A route anyone may call: the reason is part of the table, for the reviewer. */
export interface HqOpenAccess {
  open: string;
}

export type HqAccess = HqAdminAccess | HqDeviceAccess | HqOpenAccess;

export const isHqAdmin = (a: HqAccess): a is HqAdminAccess => 'admin' in a;
export const isHqDevice = (a: HqAccess): a is HqDeviceAccess => 'device' in a;
export const isHqOpen = (a: HqAccess): a is HqOpenAccess => 'open' in a;

const ADMIN: HqAdminAccess = { admin: true };
const DEVICE: HqDeviceAccess = { device: true };
const TUS_PREFLIGHT: HqOpenAccess = { open: 'tus discovery and CORS preflight: versions and limits, no data' };
const HQ = '/api/v1/hq';
const U = SYNC_PATHS.uploads;

export const HQ_ROUTE_ACCESS: Readonly<Record<string, HqAccess>> = {
  // ---- devices, records, sync state (server/hq/hqRoutes.ts, docs/hq-api.md)
  [`GET ${HQ}/devices`]: ADMIN,
  [`GET ${HQ}/events`]: ADMIN,
  [`GET ${HQ}/summary`]: ADMIN,
  [`GET ${HQ}/complaints`]: ADMIN,
  [`GET ${HQ}/dead-letters`]: ADMIN,
  [`POST ${HQ}/enrol-codes`]: ADMIN,
  [`POST ${HQ}/devices/:id/revoke`]: ADMIN,
  [`GET ${HQ}/config-docs`]: ADMIN,
  [`PUT ${HQ}/config-docs/:kind/:key`]: ADMIN,

  // ---- configuration editing (server/hq/config/configRoutes.ts, docs/hq-config.md)
  [`GET ${HQ_CONFIG_API.branches}`]: ADMIN,
  [`GET ${HQ_CONFIG_API.branch}`]: ADMIN,
  [`PUT ${HQ_CONFIG_API.branch}`]: ADMIN,
  [`GET ${HQ_CONFIG_API.versions}`]: ADMIN,

  // ---- figures, rankings, monthly reports (server/hq/figures/figureRoutes.ts, docs/hq-figures.md)
  [`GET ${HQ_FIGURES_API.figures}`]: ADMIN,
  [`POST ${HQ_FIGURES_API.rebuild}`]: ADMIN,
  [`GET ${HQ_FIGURES_API.rankings}`]: ADMIN,
  [`POST ${HQ_FIGURES_API.rankings}/:month/grant-stars`]: ADMIN,
  [`PUT ${HQ_FIGURES_API.scores}`]: ADMIN,
  [`GET ${HQ_FIGURES_API.reports}`]: ADMIN,
  [`POST ${HQ_FIGURES_API.reports}/:month/generate`]: ADMIN,
  [`GET ${HQ_FIGURES_API.reports}/:month/:scope/:format`]: ADMIN,

  // ---- evaluation: inspection sheets, remote review (server/hq/evaluation/evaluationRoutes.ts, docs/hq-evaluation.md)
  [`GET ${HQ_EVALUATION_API.templates}`]: ADMIN,
  [`PUT ${HQ_EVALUATION_API.template}`]: ADMIN,
  [`GET ${HQ_EVALUATION_API.policy}`]: ADMIN,
  [`PUT ${HQ_EVALUATION_API.policy}`]: ADMIN,
  [`GET ${HQ_EVALUATION_API.sheets}`]: ADMIN,
  [`POST ${HQ_EVALUATION_API.sheets}`]: ADMIN,
  [`GET ${HQ_EVALUATION_API.sample}`]: ADMIN,
  [`POST ${HQ_EVALUATION_API.draw}`]: ADMIN,
  [`PUT ${HQ_EVALUATION_API.score}`]: ADMIN,
  [`GET ${HQ_EVALUATION_API.reviews}`]: ADMIN,
  [`GET ${HQ_EVALUATION_API.scores}`]: ADMIN,
  [`GET ${HQ_EVALUATION_API.audio}`]: ADMIN,

  // ---- the hubs' sync API (server/sync/syncRoutes.ts, docs/sync.md)
  [`POST ${SYNC_PATHS.enrol}`]: { open: 'a hub proves itself with a one-time code made at head office (rate-limited per address)' },
  [`POST ${SYNC_PATHS.push}`]: DEVICE,
  [`GET ${SYNC_PATHS.pull}`]: DEVICE,
  // A branch's monthly report files, fetched by its hub (server/hq/reports/reportFileRoute.ts).
  [`GET ${BRANCH_REPORT_FILE_PATH}`]: { device: true, hubOnly: true },

  // ---- recordings relayed by the hubs, tus uploads (server/uploads/registerUploads.ts, docs/uploads.md)
  [`POST ${U}`]: DEVICE,
  [`OPTIONS ${U}`]: TUS_PREFLIGHT,
  [`POST ${U.replace(/\/$/, '')}`]: DEVICE,
  [`OPTIONS ${U.replace(/\/$/, '')}`]: TUS_PREFLIGHT,
  [`HEAD ${U}:uploadId`]: DEVICE,
  [`PATCH ${U}:uploadId`]: DEVICE,
  [`DELETE ${U}:uploadId`]: DEVICE,
  [`OPTIONS ${U}:uploadId`]: TUS_PREFLIGHT,
  [`GET ${U}status/:recordId`]: DEVICE,
};

export const hqRouteKey = (method: string, url: string): string => `${method.toUpperCase()} ${url}`;

/** The entry of a route (HEAD beside a GET shares the GET's), or null. */
export function hqEntryFor(method: string, url: string): HqAccess | null {
  const key = hqRouteKey(method, url);
  if (Object.hasOwn(HQ_ROUTE_ACCESS, key)) return HQ_ROUTE_ACCESS[key]!;
  if (method.toUpperCase() === 'HEAD') {
    const get = hqRouteKey('GET', url);
    if (Object.hasOwn(HQ_ROUTE_ACCESS, get)) return HQ_ROUTE_ACCESS[get]!;
  }
  return null;
}
