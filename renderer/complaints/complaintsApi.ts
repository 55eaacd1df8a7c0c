import type { z } from 'zod';
import { QueueError } from '../../shared/api/errors.js';
import { COMPLAINT_STEPS, ComplaintDetail, ComplaintList, ComplaintStats, COMPLAINTS_PATH, RevealedPhone } from '../../shared/complaints/api.js';
import type { ComplaintListItem, ComplaintStepName, ComplaintView, RegisterComplaintRequest } from '../../shared/complaints/api.js';
import type { ComplaintCommand } from '../../shared/complaints/schema.js';
import { newId } from '../../shared/ids.js';
import { hubRequest } from '../api/hub.js';

export type { ComplaintDetail, ComplaintListItem, ComplaintStats, ComplaintView } from '../../shared/complaints/api.js';

/**
 * The hub's complaint routes (server/hub/complaints/, docs/complaints-api.md; wire shapes in
 * shared/complaints/api.ts) as the screens call them: the page's device token and the signed-in
 * person's session go with every request (api/credentials.ts). The hub decides (403/409 with the
 * workflow's `reason` on a refused step); the screens only offer what the domain would allow.
 */
export const COMPLAINT_PATHS = {
  list: COMPLAINTS_PATH,
  stats: `${COMPLAINTS_PATH}/stats`,
  one: (id: string) => `${COMPLAINTS_PATH}/${encodeURIComponent(id)}`,
  step: (id: string, step: ComplaintStepName) => `${COMPLAINTS_PATH}/${encodeURIComponent(id)}/${step}`,
  revealPhone: (id: string) => `${COMPLAINTS_PATH}/${encodeURIComponent(id)}/reveal-phone`,
} as const;

/** The route of each command type (POST .../:id/<step>). */
const STEP_OF = Object.fromEntries(Object.entries(COMPLAINT_STEPS).map(([step, s]) => [s.type, step as ComplaintStepName])) as Record<ComplaintCommand['type'], ComplaintStepName>;

export function stepRouteOf(type: ComplaintCommand['type']): ComplaintStepName {
  return STEP_OF[type];
}

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new QueueError('internal', `the queue server sent a malformed ${what}`);
  return parsed.data;
}

/** The filters of the log (GET /api/v1/complaints); empty values are left out. */
export interface ComplaintFilter {
  status?: string;
  overdue?: boolean;
  owner?: string;
  teller?: string;
  category?: string;
  channel?: string;
  kind?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export function filterQuery(filter: Readonly<Record<string, string | number | boolean | undefined>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) {
    if (v === undefined || v === '' || v === false) continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const TIMEOUT = { timeoutMs: 8000 };

export async function fetchComplaints(filter: ComplaintFilter = {}): Promise<ComplaintList> {
  return parse(ComplaintList, await hubRequest(`${COMPLAINT_PATHS.list}${filterQuery({ ...filter })}`, TIMEOUT), 'complaint list');
}

export async function fetchComplaint(id: string): Promise<ComplaintDetail> {
  return parse(ComplaintDetail, await hubRequest(COMPLAINT_PATHS.one(id), TIMEOUT), 'complaint');
}

/** The figures of a range of days (`to` inclusive); the current month when none is given. */
export async function fetchComplaintStats(range: { from?: string; to?: string } = {}): Promise<ComplaintStats> {
  return parse(ComplaintStats, await hubRequest(`${COMPLAINT_PATHS.stats}${filterQuery(range)}`, TIMEOUT), 'complaint figures');
}

/** Registers a complaint at the hub (the lead station); the hub makes the id. One idempotency key per registration. */
export async function registerComplaintAtHub(body: RegisterComplaintRequest, idempotencyKey = newId()): Promise<ComplaintDetail> {
  const json = await hubRequest(COMPLAINT_PATHS.list, { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey }, ...TIMEOUT });
  return parse(ComplaintDetail, json, 'complaint');
}

/** One step on a complaint (POST /api/v1/complaints/:id/<step>): the command without its type. */
export async function takeStepAtHub(id: string, command: z.input<typeof ComplaintCommand>, idempotencyKey = newId()): Promise<ComplaintDetail> {
  const { type, ...body } = command;
  const json = await hubRequest(COMPLAINT_PATHS.step(id, stepRouteOf(type)), { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey }, ...TIMEOUT });
  return parse(ComplaintDetail, json, 'complaint');
}

/** The complainant's whole number (the hub puts the viewing in the security audit). */
export async function revealPhone(id: string): Promise<string> {
  return parse(RevealedPhone, await hubRequest(COMPLAINT_PATHS.revealPhone(id), { method: 'POST', body: {}, ...TIMEOUT }), 'phone number').phone;
}

/** A complaint as the screens show it: any complaint view (list row, detail, or one held locally). */
export type ShownComplaint = ComplaintView | ComplaintListItem;
