import { DEVICE_HEADER } from '../../../shared/access/credentials.js';
import { DEMO_SIGN_INS } from '../../../shared/config/demoBranch.js';
import type { DeviceRole } from '../../../shared/sync/protocol.js';

/**
 * The hub's LAN API as the e2e specs call it beside the screens. Every route wants an enrolled
 * device (x-guichet-device) and many a signed-in person (Authorization: Bearer <session>), as
 * the screens do: the test enrols its own devices with the demo hub's one-time codes (offered to
 * this machine only) and signs the demo staff in with their published demo PINs.
 */
export interface Creds {
  device: string;
  session?: string;
}

export interface Answer {
  status: number;
  json: any;
}

/** The demo PIN of a staff member (shared/config/demoBranch.ts). */
export const pinOf = (staffId: string): string => {
  const found = DEMO_SIGN_INS.find((d) => d.staffId === staffId);
  if (!found) throw new Error(`no demo sign-in for ${staffId}`);
  return found.pin;
};

/** The demo's people by role, as the specs sign them in. */
export const DEMO = {
  lead: { login: 's-9001', pin: '246810' },
  auditor: { login: 's-9002', pin: '135790' },
  /** The teller of window n in the demo configuration (s-1001 at window 1, ...). */
  teller: (n: number) => ({ login: `s-100${n}`, pin: pinOf(`s-100${n}`) }),
} as const;

/** One request with these credentials; the JSON answer (or null) and the status. */
export async function call(hubUrl: string, method: 'GET' | 'POST', path: string, o: { creds?: Creds; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.creds) headers[DEVICE_HEADER] = o.creds.device;
  if (o.creds?.session) headers.authorization = `Bearer ${o.creds.session}`;
  const res = await fetch(hubUrl + path, { method, headers, ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }) });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

/** As call(), but the answer must be 2xx: its JSON. */
export async function ok(hubUrl: string, method: 'GET' | 'POST', path: string, o: { creds?: Creds; body?: unknown; headers?: Record<string, string> } = {}): Promise<any> {
  const a = await call(hubUrl, method, path, o);
  if (a.status < 200 || a.status > 299) throw new Error(`${method} ${path}: HTTP ${a.status} ${JSON.stringify(a.json)}`);
  return a.json;
}

/** A new device of this kind (and window) enrolled with the demo hub's one-time code; its token. */
export async function enrolDevice(hubUrl: string, role: Exclude<DeviceRole, 'hub'>, window?: number): Promise<string> {
  const code = (await ok(hubUrl, 'GET', '/api/v1/sync/demo-enrol-code')).code as string;
  const deviceId = `e2e-${role}-${window ?? 'x'}-${Math.random().toString(36).slice(2, 10)}`;
  const answer = await ok(hubUrl, 'POST', '/api/v1/sync/enrol', { body: { code, deviceId, role, ...(window === undefined ? {} : { window }) } });
  return answer.token as string;
}

/** A staff session on that device (a counter's window, or a lead station); its token. */
export async function signInApi(hubUrl: string, device: string, login: string, pin: string): Promise<string> {
  const answer = await ok(hubUrl, 'POST', '/api/v1/session/sign-in', { creds: { device }, body: { login, pin } });
  return answer.token as string;
}

const cache = new Map<string, Promise<Creds>>();

function cached(key: string, make: () => Promise<Creds>): Promise<Creds> {
  let found = cache.get(key);
  if (!found) {
    found = make();
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}

/** A kiosk of the test (tickets). */
export const asKiosk = (hubUrl: string): Promise<Creds> => cached(`${hubUrl} kiosk`, async () => ({ device: await enrolDevice(hubUrl, 'kiosk') }));

/** A device that only reads (the queue, the windows): a hall display. */
export const asReader = (hubUrl: string): Promise<Creds> => cached(`${hubUrl} hall`, async () => ({ device: await enrolDevice(hubUrl, 'hall') }));

/** The duty lead signed in at a lead station of the test (approvals, pauses, devices, audit, recordings). */
export const asLead = (hubUrl: string, who: { login: string; pin: string } = DEMO.lead): Promise<Creds> =>
  cached(`${hubUrl} lead ${who.login}`, async () => {
    const device = await enrolDevice(hubUrl, 'lead');
    return { device, session: await signInApi(hubUrl, device, who.login, who.pin) };
  });

/**
 * A teller signed in at window n from a counter device of the test. NOTE: one person per window
 * and one window per person: this ends the session of whoever was signed in at window n (and
 * that teller's session elsewhere), a screen's included. Not cached for that reason.
 */
export async function asTeller(hubUrl: string, n: number, who: { login: string; pin: string } = DEMO.teller(n)): Promise<Creds> {
  const device = await enrolDevice(hubUrl, 'counter', n);
  return { device, session: await signInApi(hubUrl, device, who.login, who.pin) };
}

/** A customer display of window n (its ratings). */
export const asDisplay = (hubUrl: string, n: number): Promise<Creds> => cached(`${hubUrl} display ${n}`, async () => ({ device: await enrolDevice(hubUrl, 'counter-display', n) }));

/** A ticket from the test's kiosk. */
export async function issueTicket(hubUrl: string, body: Record<string, unknown>): Promise<any> {
  return ok(hubUrl, 'POST', '/api/v1/tickets', { creds: await asKiosk(hubUrl), body });
}

/** GET a read route (the queue, the windows) as a reading device. */
export async function read(hubUrl: string, path: string): Promise<any> {
  return ok(hubUrl, 'GET', path, { creds: await asReader(hubUrl) });
}
