import type { FastifyRequest } from 'fastify';
import type { StaffRole } from '../../shared/config/schema.js';
import type { SignInRequest, SignInResponse } from '../../shared/recording/access.js';

/** The person a recording route acts for. */
export interface SignedIn {
  staffId: string;
  role: StaffRole;
}

/**
 * How the recording hub knows who listens: the branch's staff sessions (server/hub/access/,
 * recordingAccess.ts). A session token from POST /api/v1/session/sign-in works here, and the
 * older POST /api/v1/recordings/sign-in stays as a thin alias that opens a lead-station session,
 * so the lead's recordings screen works until it signs in the new way.
 */
export interface ListenerAccess {
  /** POST /api/v1/recordings/sign-in: staff id + PIN for a lead-station session, answered in the older shape. */
  signIn(req: FastifyRequest, body: SignInRequest): Promise<SignInResponse>;
  /** The signed-in person behind the request, whose role may 'listen'; else a 401, 403 or 423 QueueError. */
  requireListener(req: FastifyRequest): Promise<SignedIn>;
  /**
   * Any signed-in, unlocked person (counter or lead station), with what they may do with
   * recordings: listen to any, or hear their own (self-review). Else a 401 or 423 QueueError.
   */
  requirePerson(req: FastifyRequest): Promise<SignedIn & { mayListen: boolean; mayReviewOwn: boolean }>;
}
