import type { TFunction } from 'i18next';
import { AccessRefusal } from '../../shared/access/session.js';
import { ApiErrorCode, QueueError } from '../../shared/api/errors.js';
import { PauseRefusal } from '../../shared/pause/wire.js';
import { REFUSAL_REASONS } from '../../shared/complaints/workflow.js';
import type { RefusalReason } from '../../shared/complaints/workflow.js';

/**
 * The one place a refusal of the hub ({error: {code, message, reason?}}) becomes words in the
 * screen's language: the `reason` when one of ours has a line for it (access.refusals.*,
 * pause.refused.*, complaints.refusals.*), else the `code` (errors.*). The hub's English `message` shows only for
 * failures that are not the hub's answers at all (a local store or host error), which have no
 * code to translate.
 *
 * `overrides` puts a screen's own words on a code or reason where the generic line would mislead
 * (the enrolment screen's 401 is a bad code, not a revoked device).
 */
export function errorText(t: TFunction, err: unknown, overrides: Partial<Record<string, string>> = {}): string {
  if (err instanceof QueueError || isErrorBody(err)) {
    const { code, reason } = err;
    if (reason !== undefined && overrides[reason] !== undefined) return overrides[reason]!;
    if (overrides[code] !== undefined) return overrides[code]!;
    const access = AccessRefusal.safeParse(reason);
    if (access.success) return t(`access.refusals.${access.data}`);
    const pause = PauseRefusal.safeParse(reason);
    if (pause.success) return t(`pause.refused.${pause.data}`);
    if (isComplaintRefusal(reason)) {
      // A hub's 409 names the reason only: a refused state change is said as "not in this state".
      return t(`complaints.refusals.${reason === 'bad_transition' ? 'wrong_state' : reason}`);
    }
    const known = ApiErrorCode.safeParse(code);
    if (known.success) return t(`errors.${known.data}`);
    return err.message;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

/** A refusal reason of the complaint workflow (shared/complaints/workflow.ts). */
function isComplaintRefusal(reason: string | undefined): reason is RefusalReason {
  return reason !== undefined && (REFUSAL_REASONS as readonly string[]).includes(reason);
}

/** A QueueError-shaped value (one that crossed a boundary, e.g. a stored command result). */
function isErrorBody(err: unknown): err is { code: string; message: string; reason?: string } {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' && typeof (err as { message?: unknown }).message === 'string';
}
