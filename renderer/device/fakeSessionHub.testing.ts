import type { AccessPolicy, SessionInfo, SignedInStaff } from '../../shared/access/session.js';
import type { StaffRole } from '../../shared/config/schema.js';

/**
 * An in-memory hub keeping the contract of the session routes (server/hub/access/sessionRoutes.ts)
 * for the renderer's tests: sign-in by staff id or badge + PIN, lock, unlock, sign-out, the
 * session, the PIN verifiers; `down` for an unreachable hub. Bodies are checked the way the hub
 * checks them; the answers have the hub's shape ({error: {code, message, reason}}).
 */
export interface FakeStaff extends SignedInStaff {
  pin: string;
  pinHash: string;
}

export function fakeStaff(id: string, badge: string, pin: string, pinHash: string, role: StaffRole = 'teller'): FakeStaff {
  return { id, badge, pin, pinHash, role, stars: 2, name: { 'zh-CN': `柜员${badge}`, 'zh-TW': `櫃員${badge}`, en: `Teller ${badge}` } };
}

export class FakeSessionHub {
  down = false;
  readonly calls: { path: string; method: string; body: unknown; headers: Record<string, string> }[] = [];
  readonly sessions = new Map<string, { staffId: string; locked: boolean }>();
  policy: AccessPolicy = { pinLength: 6, idleLockMinutes: 5, sessionHours: 12, maxFailures: 5, lockoutMinutes: 15 };
  private seq = 0;

  constructor(
    public staff: FakeStaff[],
    readonly window: number | null = 2,
  ) {}

  readonly fetch = (async (url: string, init: RequestInit = {}) => {
    const path = new URL(url).pathname;
    const method = init.method ?? 'GET';
    const headers = (init.headers ?? {}) as Record<string, string>;
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
    this.calls.push({ path, method, body, headers });
    if (this.down) throw new TypeError('Failed to fetch');
    const json = (status: number, b?: unknown) => new Response(b === undefined ? null : JSON.stringify(b), { status, headers: { 'content-type': 'application/json' } });
    const refuse = (status: number, code: string, reason: string, message = reason) => json(status, { error: { code, message, reason } });
    const token = /^Bearer (\S+)$/.exec(headers.authorization ?? '')?.[1];
    const session = token ? this.sessions.get(token) : undefined;

    if (path === '/api/v1/session/sign-in' && method === 'POST') {
      const login = String(body?.login ?? '').trim();
      const person = this.staff.find((s) => s.id === login.toLowerCase()) ?? this.staff.find((s) => s.badge === login);
      if (!person || person.pin !== body?.pin) return refuse(401, 'unauthorized', 'bad_credentials', 'unknown staff member or wrong PIN');
      // One window per person, one person per window.
      for (const [t, s] of this.sessions) if (s.staffId === person.id) this.sessions.delete(t);
      const t = `session-token-${++this.seq}-0123456789`;
      this.sessions.set(t, { staffId: person.id, locked: false });
      return json(200, { ...this.info(person.id, false), token: t });
    }
    if (path === '/api/v1/session/verifiers' && method === 'GET') {
      return json(200, { staff: this.staff.map((s) => ({ id: s.id, badge: s.badge, role: s.role, pinHash: s.pinHash })), policy: this.policy });
    }
    if (!session) return refuse(401, 'unauthorized', 'session_required', 'the session has ended: sign in again');
    if (path === '/api/v1/session/sign-out' && method === 'POST') {
      this.sessions.delete(token!);
      return json(204);
    }
    if (path === '/api/v1/session/lock' && method === 'POST') {
      session.locked = true;
      return json(200, this.info(session.staffId, true));
    }
    if (path === '/api/v1/session/unlock' && method === 'POST') {
      const person = this.staff.find((s) => s.id === session.staffId)!;
      if (session.locked && person.pin !== body?.pin) return refuse(401, 'unauthorized', 'bad_credentials', 'wrong PIN');
      session.locked = false;
      return json(200, this.info(session.staffId, false));
    }
    if (path === '/api/v1/session' && method === 'GET') return json(200, this.info(session.staffId, session.locked));
    if (session.locked) return refuse(423, 'session_locked', 'session_locked');
    return json(404, { error: { code: 'not_found', message: `no route ${path}` } });
  }) as unknown as typeof fetch;

  /** Ends every session (signed in elsewhere, expired). */
  endAll(): void {
    this.sessions.clear();
  }

  private info(staffId: string, locked: boolean): SessionInfo {
    const s = this.staff.find((x) => x.id === staffId)!;
    const now = new Date();
    return {
      sessionId: `sid-${staffId}`,
      staff: { id: s.id, name: s.name, badge: s.badge, role: s.role, stars: s.stars },
      window: this.window,
      deviceId: 'device-1',
      signedInAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 12 * 3_600_000).toISOString(),
      locked,
      idleLockSeconds: this.policy.idleLockMinutes * 60,
    };
  }
}
