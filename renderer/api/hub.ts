import type { z } from 'zod';
import { ApiErrorBody, ApiErrorCode, QueueError } from '../../shared/api/errors.js';
import { IssuedTicket, QueueSummary, TicketResult } from '../../shared/api/queueApi.js';
import type { IssueTicketRequest } from '../../shared/api/queueApi.js';
import { BranchConfig } from '../../shared/config/schema.js';
import type { CounterCommandBody, CounterRoute } from '../../shared/queue/counterCommands.js';
import { QueueSnapshot } from '../../shared/queue/events.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { getPlatform } from '../platform/index.js';
import { credentialHeaders, getCredentials, reportRefusal } from './credentials.js';
import type { Credentials } from './credentials.js';
import { KioskStatus, TicketView } from './schemas.js';

/** A hub that does not answer within this is treated as unreachable. */
export const HUB_TIMEOUT_MS = 2500;

type HubListener = (reachable: boolean) => void;
const listeners = new Set<HubListener>();

/** Told after every request whether the hub answered; the stream uses it to reconnect early. */
export function onHubReachability(listener: HubListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function report(reachable: boolean): void {
  for (const l of listeners) l(reachable);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /**
   * Who the request says it comes from (api/credentials.ts): by default this page's device token
   * and staff session; false for requests that must go without (enrolling with a code).
   */
  credentials?: Credentials | false;
  /** Injected for tests. */
  baseUrl?: string;
  fetchImpl?: typeof fetch;
}

/**
 * One request to the hub: times out fast, and turns every failure into a QueueError with a code
 * of shared/api/errors.ts ('hub_unreachable' when the hub did not answer at all).
 * Carries this page's device token and staff session (api/credentials.ts) unless told not to.
 * Resolves to the parsed JSON body, or `null` for 204.
 */
export async function hubRequest(path: string, options: RequestOptions = {}): Promise<unknown> {
  const base = options.baseUrl ?? (await getPlatform().hubUrl().catch(() => {
    throw new QueueError('hub_unreachable', 'the hub address is unknown');
  }));
  const doFetch = options.fetchImpl ?? fetch;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? HUB_TIMEOUT_MS);
  let response: Response;
  const sent: Credentials = options.credentials === false ? { device: null, session: null } : (options.credentials ?? getCredentials());
  try {
    const headers: Record<string, string> = { accept: 'application/json', ...credentialHeaders(sent), ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    response = await doFetch(`${base}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: controller.signal,
      cache: 'no-store',
    });
  } catch (err) {
    report(false);
    const why = controller.signal.aborted ? 'timed out' : String((err as Error)?.message ?? err);
    throw new QueueError('hub_unreachable', `the queue server did not answer (${why})`);
  } finally {
    clearTimeout(timer);
  }
  // A proxy in front of a stopped hub answers 502/503/504 without our error body.
  if ([502, 503, 504].includes(response.status) && !isJson(response)) {
    report(false);
    throw new QueueError('hub_unreachable', `the queue server is not available (HTTP ${response.status})`);
  }
  report(true);
  if (response.status === 204) return null;
  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new QueueError('internal', `the queue server sent an unreadable answer (HTTP ${response.status})`);
    }
  }
  if (!response.ok) {
    const body = ApiErrorBody.safeParse(json);
    if (body.success) {
      const err = new QueueError(body.data.error.code, body.data.error.message, body.data.error.reason);
      // A refused device token or an ended session: the device layer forgets it (and the screen asks again).
      reportRefusal(err, sent);
      throw err;
    }
    const code = ApiErrorCode.safeParse((json as { error?: { code?: unknown } } | null)?.error?.code);
    throw new QueueError(code.success ? code.data : response.status === 404 ? 'not_found' : 'internal', `HTTP ${response.status}`);
  }
  return json;
}

function isJson(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').includes('json');
}

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new QueueError('internal', `the queue server sent a malformed ${what}`);
  return parsed.data;
}

export async function fetchConfig(): Promise<BranchConfig> {
  return parse(BranchConfig, await hubRequest('/api/v1/config'), 'configuration');
}

export async function fetchKioskStatus(): Promise<KioskStatus> {
  return parse(KioskStatus, await hubRequest('/api/v1/kiosk'), 'kiosk state');
}

export async function issueTicket(body: IssueTicketRequest): Promise<IssuedTicket> {
  return parse(IssuedTicket, await hubRequest('/api/v1/tickets', { method: 'POST', body, timeoutMs: 5000 }), 'ticket');
}

export async function fetchTicketView(id: string): Promise<TicketView> {
  return parse(TicketView, await hubRequest(`/api/v1/tickets/${encodeURIComponent(id)}`), 'ticket');
}

export async function fetchQueueSummary(): Promise<QueueSummary> {
  return parse(QueueSummary, await hubRequest('/api/v1/queue'), 'queue summary');
}

export async function fetchSnapshot(): Promise<QueueSnapshot> {
  return parse(QueueSnapshot, await hubRequest('/api/v1/snapshot'), 'queue snapshot');
}

/**
 * POST /api/v1/counters/{n}/{command} with an idempotency key. Resolves to the ticket the
 * command acted on, or null when call-next found nobody waiting (204).
 */
export async function counterCommand<R extends CounterRoute>(
  counter: number,
  command: R,
  body: CounterCommandBody<R>,
  idempotencyKey: string,
  options: Pick<RequestOptions, 'baseUrl' | 'fetchImpl' | 'timeoutMs'> = {},
): Promise<Ticket | null> {
  const json = await hubRequest(`/api/v1/counters/${counter}/${command}`, {
    ...options,
    method: 'POST',
    body,
    headers: { 'idempotency-key': idempotencyKey },
  });
  if (json === null) return null;
  return parse(TicketResult, json, 'ticket').ticket;
}
