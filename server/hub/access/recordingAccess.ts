import type { ListenerAccess } from '../../recordingHub/staffSignIn.js';
import { may } from '../../../shared/access/roles.js';
import { actorOf, requireSession } from './requestActor.js';
import type { CredentialResolvers } from './requestActor.js';
import type { StaffSessions } from './staffSessions.js';

/**
 * The recording hub's sign-in and listener check over the branch's staff sessions: a session
 * token from POST /api/v1/session/sign-in whose role may 'listen' opens the recordings, and the
 * older POST /api/v1/recordings/sign-in opens a lead-station session on the request's lead
 * device and answers in its older shape.
 */
export function recordingAccess(sessions: StaffSessions, resolvers: CredentialResolvers): ListenerAccess {
  return {
    async signIn(req, body) {
      const actor = await actorOf(req, resolvers);
      const info = await sessions.signIn({ login: body.staffId, pin: body.pin }, { device: actor.device, ip: req.ip, legacy: true });
      return { token: info.token!, staffId: info.staff.id, role: info.staff.role, expiresAt: info.expiresAt };
    },
    async requireListener(req) {
      const session = requireSession(await actorOf(req, resolvers), { capability: 'listen' });
      return { staffId: session.staffId, role: session.role };
    },
    async requirePerson(req) {
      const session = requireSession(await actorOf(req, resolvers));
      return { staffId: session.staffId, role: session.role, mayListen: may(session.role, 'listen'), mayReviewOwn: may(session.role, 'review_own') };
    },
  };
}
