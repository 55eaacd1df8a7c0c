import { z } from 'zod';

export const ApiErrorCode = z.enum([
  'bad_request', // malformed JSON or a body that fails its schema
  'not_found', // unknown route, counter or ticket
  'unknown_service',
  'kiosk_closed', // outside opening hours
  'unknown_appointment',
  'conflict', // the command does not fit the ticket's or counter's state
  'no_show_too_soon', // recall policy not met yet
  'hub_unreachable', // client side: the hub did not answer in time
  'unauthorized', // no, unknown or revoked device token (sync API), or no admin token (HQ API)
  'forbidden', // the token is valid but may not do this, e.g. push another branch's records
  'payload_too_large', // a sync batch over its record count or byte limit
  'too_many_requests', // too many failed attempts from one address (sync enrolment); see Retry-After
  'session_locked', // the staff session's workstation is locked: unlock with the PIN (POST /api/v1/session/unlock)
  'unsupported_media_type', // a request body that is not application/json
  'uri_too_long', // a path parameter over the router's limit
  'internal',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiErrorBody = z.object({
  error: z.object({
    code: ApiErrorCode,
    message: z.string(),
    /** A machine-readable cause within the code, e.g. 'last_open_for_service' for a refused pause. */
    reason: z.string().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  not_found: 404,
  unknown_service: 404,
  kiosk_closed: 409,
  unknown_appointment: 404,
  conflict: 409,
  no_show_too_soon: 409,
  hub_unreachable: 503,
  unauthorized: 401,
  forbidden: 403,
  payload_too_large: 413,
  too_many_requests: 429,
  session_locked: 423,
  unsupported_media_type: 415,
  uri_too_long: 414,
  internal: 500,
};

/** A typed, user-explainable failure of a queue command; maps 1:1 to the API's error body. */
export class QueueError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'QueueError';
  }
  get status(): number {
    return STATUS[this.code];
  }
  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.reason === undefined ? {} : { reason: this.reason }) } };
  }
}
