import type { FastifyInstance } from 'fastify';
import { QueueError } from '../../../shared/api/errors.js';
import type { ApiErrorCode } from '../../../shared/api/errors.js';
import type { AccessRefusal } from '../../../shared/access/session.js';

/** A refusal of the access services: a QueueError whose `reason` the renderer translates (access.refusals.*). */
export function refuse(code: ApiErrorCode, reason: AccessRefusal, message: string): QueueError {
  return new QueueError(code, message, reason);
}

/** 429 with Retry-After: too many wrong PINs for this person or from this address. */
export class LockedOutError extends QueueError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super('too_many_requests', `too many wrong PINs: try again in ${Math.ceil(seconds / 60)} min`, 'locked_out' satisfies AccessRefusal);
    this.name = 'LockedOutError';
    this.retryAfterSeconds = seconds;
  }
}

/** Sets Retry-After on every lockout answer, whichever route refused (fastify's onError hook may add headers). */
export function installRetryAfter(app: FastifyInstance): void {
  app.addHook('onError', async (_req, reply, err) => {
    if (err instanceof LockedOutError) void reply.header('retry-after', String(err.retryAfterSeconds));
  });
}
