import type { z } from 'zod';
import { QueueError } from '../../shared/api/errors.js';
import { OverrideAnswer, PauseAnswer, PauseList, WindowAnswer } from '../../shared/pause/wire.js';
import type { CloseBody, PauseBody } from '../../shared/pause/wire.js';
import { hubRequest } from '../api/hub.js';

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new QueueError('internal', `the queue server sent a malformed ${what}`);
  return parsed.data;
}

const post = (path: string, body: unknown, idempotencyKey: string) =>
  hubRequest(path, { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } });

/** POST /api/v1/counters/{n}/pause (docs/api.md). */
export async function pauseWindow(n: number, body: PauseBody, idempotencyKey: string): Promise<PauseAnswer> {
  return parse(PauseAnswer, await post(`/api/v1/counters/${n}/pause`, body, idempotencyKey), 'pause');
}

export async function resumeWindow(n: number, idempotencyKey: string): Promise<PauseAnswer> {
  return parse(PauseAnswer, await post(`/api/v1/counters/${n}/resume`, {}, idempotencyKey), 'pause');
}

export async function openWindow(n: number, idempotencyKey: string): Promise<WindowAnswer> {
  return parse(WindowAnswer, await post(`/api/v1/counters/${n}/open`, {}, idempotencyKey), 'window');
}

export async function closeWindow(n: number, body: CloseBody, idempotencyKey: string): Promise<WindowAnswer> {
  return parse(WindowAnswer, await post(`/api/v1/counters/${n}/close`, body, idempotencyKey), 'window');
}

/** The approver is the lead signed in at this lead station (the request's session), never a body field. */
export async function approvePause(id: string, idempotencyKey: string): Promise<PauseAnswer> {
  return parse(PauseAnswer, await post(`/api/v1/pauses/${encodeURIComponent(id)}/approve`, {}, idempotencyKey), 'pause');
}

/** POST /api/v1/counters/{n}/override: the signed-in lead lets the last open window of a service pause or close (OVERRIDE_MINUTES). */
export async function grantOverride(n: number): Promise<OverrideAnswer> {
  return parse(OverrideAnswer, await hubRequest(`/api/v1/counters/${n}/override`, { method: 'POST', body: {} }), 'override');
}

export async function fetchPauses(day?: string): Promise<PauseList> {
  return parse(PauseList, await hubRequest(`/api/v1/pauses${day ? `?day=${encodeURIComponent(day)}` : ''}`), 'pause list');
}
