// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_SIGN_INS, demoBranch } from '../../shared/config/demoBranch.js';
import { messages } from '../../shared/i18n/resources/index.js';
import { resetCredentialsForTests } from '../api/credentials.js';
import { closeDeviceIdentityForTests } from '../device/identity.js';
import { closeStaffSessionForTests } from '../device/staffSession.js';
import { i18n, initI18n } from '../i18n/index.js';
import { setPlatformForTests } from '../platform/index.js';
import { DeviceGate } from '../signin/DeviceGate.js';
import { useConfigStore } from '../queue/configStore.js';
import { useQueueStore } from '../queue/store.js';
import { LeadScreen, leadPageOf } from './LeadScreen.js';
import type { LeadPage } from './LeadScreen.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const config = demoBranch('2025-01-06');
const zh = messages['zh-CN'];
const SESSION_TOKEN = 'session-token-0123456789abcdef';
const DEVICE_TOKEN = 'device-token-0123456789abcdef';

interface Call {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}
let calls: Call[] = [];
let locked = false;
let idleSeconds = 300;
let signedIn: (typeof DEMO_SIGN_INS)[number] | null = null;
/** Answers the test wants for a path instead of the defaults. */
let override: ((call: Call) => Response | null) | null = null;

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refusal = (status: number, code: string, reason: string) => json({ error: { code, message: reason, reason } }, status);

function sessionInfo(who: (typeof DEMO_SIGN_INS)[number], withToken: boolean) {
  return {
    ...(withToken ? { token: SESSION_TOKEN } : {}),
    sessionId: 'sess-1',
    staff: { id: who.staffId, name: who.name, badge: who.badge, role: who.role, stars: 3 },
    window: null,
    deviceId: 'lead-device',
    signedInAt: '2025-01-06T08:00:00.000Z',
    expiresAt: '2099-01-06T20:00:00.000Z',
    locked,
    idleLockSeconds: idleSeconds,
  };
}

const fetchMock = vi.fn(async (url: string, init: RequestInit = {}) => {
  const u = new URL(url);
  const call: Call = { method: init.method ?? 'GET', path: u.pathname + u.search, body: init.body ? JSON.parse(String(init.body)) : undefined, headers: (init.headers ?? {}) as Record<string, string> };
  calls.push(call);
  const custom = override?.(call);
  if (custom) return custom;
  const path = u.pathname;
  if (path === '/api/v1/sync/demo-enrol-code') return json({ code: 'DEMO-123456' });
  if (path === '/api/v1/sync/enrol') {
    const body = call.body as { deviceId: string };
    return json({ deviceId: body.deviceId, branchId: 'demo-001', token: DEVICE_TOKEN, window: null });
  }
  if (path === '/api/v1/config') return json(config);
  if (path === '/api/v1/session/sign-in') {
    const { login, pin } = call.body as { login: string; pin: string };
    const who = DEMO_SIGN_INS.find((s) => (s.staffId === login || s.badge === login) && s.pin === pin);
    if (!who) return refusal(401, 'unauthorized', 'bad_credentials');
    signedIn = who;
    locked = false;
    return json(sessionInfo(who, true));
  }
  if (path === '/api/v1/session/lock') {
    locked = true;
    return json(sessionInfo(signedIn!, false));
  }
  if (path === '/api/v1/session/unlock') {
    if ((call.body as { pin: string }).pin !== signedIn!.pin) return refusal(401, 'unauthorized', 'bad_credentials');
    locked = false;
    return json(sessionInfo(signedIn!, false));
  }
  if (path === '/api/v1/session/sign-out') return new Response(null, { status: 204 });
  if (path === '/api/v1/session/verifiers') return refusal(403, 'forbidden', 'device_not_allowed');
  if (path === '/api/v1/windows/staff') return json({ windows: [] });
  if (path === '/api/v1/pauses') return json({ day: '2025-01-06', pauses: [] });
  if (path === '/api/v1/windows') return json({ windows: [] });
  if (path === '/api/v1/devices/enrol-codes') {
    const body = call.body as { role: string; window?: number };
    return json({ code: 'K3QZ-7MPA-X2DR', role: body.role, window: body.window ?? null, expiresAt: new Date(Date.now() + 3600_000).toISOString() }, 201);
  }
  if (path === '/api/v1/devices')
    return json({
      devices: [
        { id: 'dev-counter-3', role: 'counter', window: 3, enrolledAt: '2025-01-06T07:00:00.000Z', lastSeen: null, revoked: false, revokedAt: null },
        { id: 'dev-kiosk', role: 'kiosk', window: null, enrolledAt: '2025-01-06T07:01:00.000Z', lastSeen: null, revoked: false, revokedAt: null },
      ],
    });
  if (path === '/api/v1/devices/dev-kiosk/revoke')
    return json({ device: { id: 'dev-kiosk', role: 'kiosk', window: null, enrolledAt: '2025-01-06T07:01:00.000Z', lastSeen: null, revoked: true, revokedAt: '2025-01-06T09:00:00.000Z' } });
  if (path === '/api/v1/audit')
    return json({
      day: '2025-01-06',
      entries: [
        { id: 'a1', kind: 'sign_in_failed', at: '2025-01-06T08:00:00.000Z', staffId: 's-1002', deviceId: 'dev-counter-3', window: 3, detail: 'wrong PIN' },
        { id: 'a2', kind: 'sign_in', at: '2025-01-06T08:01:00.000Z', staffId: 's-9001', deviceId: 'lead-device', window: null, detail: '' },
      ],
    });
  return json({ error: { code: 'not_found', message: 'no' } }, 404);
});

class SilentSocket {
  addEventListener(): void {}
  close(): void {}
}

let root: Root | null = null;
let container: HTMLElement;

async function settle(ms = 30): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, ms));
  });
}

async function render(page: LeadPage): Promise<void> {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => {
    root?.render(
      <I18nextProvider i18n={i18n}>
        <DeviceGate slot={{ kind: 'lead', window: null }}>
          <LeadScreen page={page} />
        </DeviceGate>
      </I18nextProvider>,
    );
  });
  for (let i = 0; i < 20 && !q('lead-sign-in'); i++) await settle(20);
}

const q = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);

async function type(id: string, value: string): Promise<void> {
  const input = q(id) as HTMLInputElement;
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function click(id: string): Promise<void> {
  await act(async () => {
    q(id)!.click();
  });
  await settle();
}

async function signIn(login: string, pin: string): Promise<void> {
  await type('signin-login', login);
  await type('signin-pin', pin);
  await click('signin-submit');
}

beforeAll(() => {
  vi.stubGlobal('fetch', fetchMock);
  vi.stubGlobal('WebSocket', SilentSocket);
  setPlatformForTests({
    kind: 'browser',
    host: {
      invoke: ((channel: string) => {
        if (channel === 'secrets:get') return Promise.resolve({ value: null });
        if (channel === 'secrets:set') return Promise.resolve({ storage: 'host-file' });
        return Promise.reject(new Error('no host in tests'));
      }) as never,
    },
    hubUrl: () => Promise.resolve('http://hub.test'),
  });
  initI18n('zh-CN');
});

afterAll(() => {
  vi.unstubAllGlobals();
  setPlatformForTests(null);
});

beforeEach(() => {
  calls = [];
  locked = false;
  idleSeconds = 300;
  signedIn = null;
  override = null;
  localStorage.clear();
  window.history.replaceState(null, '', '/lead');
  useConfigStore.setState({ config, fromCache: false, error: null });
  useQueueStore.setState({ snapshot: { branchId: 'demo-001', businessDay: '2025-01-06', lastSeq: 0, tickets: [], recentCalls: [] }, connected: true, status: 'online', offlineSince: null });
});

afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  container.remove();
  closeStaffSessionForTests();
  closeDeviceIdentityForTests();
  resetCredentialsForTests();
});

describe('the lead station', () => {
  it('shows nothing of the lead before the sign-in; the demo lead station enrols itself', async () => {
    await render('board');
    expect(q('lead-sign-in')).not.toBeNull();
    expect(q('lead-board')).toBeNull();
    expect(q('lead-tab-devices')).toBeNull();
    expect(calls.some((c) => c.path === '/api/v1/sync/enrol' && (c.body as { role: string }).role === 'lead')).toBe(true);
  });

  it('signs the lead in once for every page, with the device token and the session on each request', async () => {
    await render('board');
    await signIn('s-9001', '246810');
    expect(q('lead-board')).not.toBeNull();
    expect(q('lead-signed-in')?.dataset.role).toBe('lead');
    expect(q('lead-signed-in')?.textContent).toContain('赵刚');
    const signInCall = calls.find((c) => c.path === '/api/v1/session/sign-in')!;
    expect(signInCall.body).toEqual({ login: 's-9001', pin: '246810' });
    expect(signInCall.headers['x-guichet-device']).toBe(DEVICE_TOKEN);
    // The approval list is asked for with the lead's session.
    await settle(50);
    const pauses = calls.find((c) => c.path.startsWith('/api/v1/pauses'));
    expect(pauses?.headers.authorization).toBe(`Bearer ${SESSION_TOKEN}`);
    // Another page of the lead station: no reload, no second sign-in.
    await click('lead-tab-recordings');
    expect(window.location.pathname).toBe('/lead/recordings');
    expect(q('lead-recordings')).not.toBeNull();
    expect(calls.filter((c) => c.path === '/api/v1/session/sign-in')).toHaveLength(1);
    expect(calls.some((c) => c.path === '/api/v1/recordings/sign-in')).toBe(false);
  });

  it('a wrong PIN is refused in the screen’s language', async () => {
    await render('board');
    await signIn('s-9001', '111111');
    expect(q('signin-error')?.textContent).toContain(zh.access.refusals.bad_credentials);
    expect(q('lead-board')).toBeNull();
  });

  it('a teller signed in here sees nothing of the lead’s, and is told why', async () => {
    await render('devices');
    await signIn('1002', '100222');
    expect(q('lead-teller-refused')?.textContent).toContain(zh.leadStation.teller.title);
    expect(q('lead-devices-page')).toBeNull();
    expect(q('lead-tab-board')).toBeNull();
    expect(calls.some((c) => c.path.startsWith('/api/v1/devices') || c.path.startsWith('/api/v1/audit'))).toBe(false);
    await click('lead-teller-sign-out');
    expect(q('lead-sign-in')).not.toBeNull();
    expect(calls.some((c) => c.path === '/api/v1/session/sign-out')).toBe(true);
  });

  it('locks by hand and unlocks with the same PIN', async () => {
    await render('board');
    await signIn('s-9002', '135790');
    expect(q('lead-signed-in')?.dataset.role).toBe('auditor');
    await click('lead-lock-button');
    expect(q('lead-lock')).not.toBeNull();
    expect(q('lead-board')).toBeNull();
    await type('signin-pin', '000000');
    await click('signin-submit');
    expect(q('signin-error')?.textContent).toContain(zh.access.refusals.bad_credentials);
    await type('signin-pin', '135790');
    await click('signin-submit');
    expect(q('lead-board')).not.toBeNull();
  });

  it('locks itself after the branch’s idle time without input, and tells the hub', async () => {
    idleSeconds = 1;
    await render('board');
    await signIn('s-9001', '246810');
    expect(q('lead-board')).not.toBeNull();
    await settle(1300);
    expect(q('lead-lock')).not.toBeNull();
    expect(q('lead-lock-idle')).not.toBeNull();
    expect(q('lead-board')).toBeNull();
    expect(calls.find((c) => c.path === '/api/v1/session/lock')?.body).toEqual({ reason: 'idle' });
  });

  it('an auditor reads the audit but is not offered enrolment', async () => {
    await render('devices');
    await signIn('s-9002', '135790');
    await settle(50);
    expect(q('lead-devices-auditor')).not.toBeNull();
    expect(q('lead-enrol')).toBeNull();
    expect(q('audit-list')).not.toBeNull();
  });

  it('makes a one-time code for a window, shows it once, lists and revokes devices, and reads the audit', async () => {
    await render('devices');
    await signIn('s-9001', '246810');
    await settle(50);
    expect(q('device-list')?.querySelectorAll('tbody tr')).toHaveLength(2);
    // The audit: newest first, kinds in words.
    const entries = container.querySelectorAll<HTMLElement>('[data-testid="audit-entry"]');
    expect([...entries].map((e) => e.dataset.kind)).toEqual(['sign_in', 'sign_in_failed']);
    expect(entries[1]!.textContent).toContain(zh.leadStation.audit.kinds.sign_in_failed);
    expect(entries[1]!.textContent).toContain('李强');

    const select = q('lead-enrol-window') as HTMLSelectElement;
    await act(async () => {
      select.value = '3';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await click('lead-enrol-make');
    const made = calls.find((c) => c.path === '/api/v1/devices/enrol-codes')!;
    expect(made.body).toEqual({ role: 'counter', window: 3, ttlMinutes: 60 });
    expect(q('lead-enrol-code')?.textContent).toBe('K3QZ-7MPA-X2DR');
    expect(q('lead-enrol-code-for')?.textContent).toContain('3');
    await click('lead-enrol-code-dismiss');
    expect(q('lead-enrol-code')).toBeNull();

    await click('device-revoke-dev-kiosk');
    await click('device-revoke-yes-dev-kiosk');
    expect(q('device-dev-kiosk')?.dataset.revoked).toBe('true');
  });

  it('shows the hub’s refusal of a self-approval in words', async () => {
    override = (call) => {
      if (call.path.startsWith('/api/v1/pauses?') || call.path === '/api/v1/pauses')
        return json({
          day: '2025-01-06',
          pauses: [
            {
              pause: { id: 'p-1', counter: 2, reason: 'break', startedAt: new Date(Date.now() - 60_000).toISOString(), endedAt: null, approvedBy: null, approvedAt: null, overrideBy: null, staffId: 's-9001' },
              staffId: 's-9001',
              allowedMinutes: 15,
              needsApproval: true,
              unapproved: true,
              overrun: false,
              elapsedSeconds: 60,
              remainingSeconds: 840,
              overrunSeconds: 0,
            },
          ],
        });
      if (call.path === '/api/v1/pauses/p-1/approve') return json({ error: { code: 'conflict', message: 'self', reason: 'self_approval' } }, 409);
      return null;
    };
    await render('board');
    await signIn('s-9001', '246810');
    await settle(50);
    expect(q('lead-staff-id')).toBeNull();
    await click('lead-approve-2');
    const approve = calls.find((c) => c.path === '/api/v1/pauses/p-1/approve')!;
    expect(approve.body).toEqual({});
    expect(q('lead-pause-error')?.textContent).toContain(zh.pause.refused.self_approval);
  });
});

describe('pieces', () => {
  it('knows its pages', () => {
    expect(leadPageOf('/lead')).toBe('board');
    expect(leadPageOf('/lead/devices/')).toBe('devices');
    expect(leadPageOf('/lead/recordings')).toBe('recordings');
    expect(leadPageOf('/counter/1')).toBeNull();
  });
});
