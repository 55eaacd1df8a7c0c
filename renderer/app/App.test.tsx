// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { newTicket } from '../../shared/queue/ticket.js';
import { counterDb } from '../device/db.js';
import { useIdentityStore } from '../device/identity.js';
import { currentStaffSession, useStaffSessionStore } from '../device/staffSession.js';
import { i18n, initI18n } from '../i18n/index.js';
import { setPlatformForTests } from '../platform/index.js';
import { useConfigStore } from '../queue/configStore.js';
import { useQueueStore } from '../queue/store.js';
import { App } from './App.js';
import { parseRoute } from './routes.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const config = demoBranch('2025-01-06');
const waiting: Ticket = newTicket({
  id: 't-1',
  businessDay: '2025-01-06',
  service: 'A',
  number: 'A001',
  priority: 'elderly',
  issuedAt: new Date(Date.now() - 90_000).toISOString(),
});
const calledAt = new Date().toISOString();
const serving: Ticket = { ...waiting, id: 't-2', number: 'B007', service: 'B', priority: 'none', status: 'called', counter: 2, calledAt, lastCalledAt: calledAt };

let hubUp = true;
const teller = config.staff.find((s) => s.id === 's-1002')!;
const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
  if (!hubUp) throw new TypeError('Failed to fetch');
  const path = new URL(url).pathname;
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  // Every screen enrols itself with the demo hub, and the counter's teller signs in.
  if (path === '/api/v1/sync/demo-enrol-code') return json({ code: 'DEMO-CODE-0001' });
  if (path === '/api/v1/sync/enrol') {
    const body = JSON.parse(String(init?.body)) as { deviceId: string; role: string; window?: number };
    return json({ deviceId: body.deviceId, branchId: 'demo-001', token: `device-token-${body.role}`, window: body.window ?? null });
  }
  if (path === '/api/v1/session/sign-in') {
    const now = new Date();
    const { id, name, badge, role, stars } = teller;
    return json({ token: 'session-token-0123456789', sessionId: 's-1', staff: { id, name, badge, role, stars }, window: 2, deviceId: 'd', signedInAt: now.toISOString(), expiresAt: new Date(now.getTime() + 3_600_000).toISOString(), locked: false, idleLockSeconds: 300 });
  }
  if (path === '/api/v1/config') return json(config);
  if (path === '/api/v1/kiosk') return json({ open: true, closesAt: '2025-01-06T17:00' });
  if (path === '/api/v1/queue')
    return json({ businessDay: '2025-01-06', services: [{ code: 'A', waiting: 1, longestWaitSeconds: 90 }], counters: [{ number: 1, status: 'idle', serving: null }] });
  return json({ error: { code: 'not_found', message: 'no' } }, 404);
});

const secrets = new Map<string, string>();

/** A WebSocket that never connects (the tests drive the queue store directly). */
class SilentSocket {
  addEventListener(): void {}
  close(): void {}
}

let root: Root | null = null;
let container: HTMLElement;

async function render(path: string): Promise<HTMLElement> {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => {
    root?.render(
      <I18nextProvider i18n={i18n}>
        <App route={parseRoute(path)} />
      </I18nextProvider>,
    );
  });
  await act(async () => {
    await new Promise((r) => setTimeout(r, 20));
  });
  // Screens that need the hub enrol first (the demo's code), and a counter's teller signs in.
  if (!['/', '/hq', '/nowhere'].includes(path)) await vi.waitFor(() => expect(useIdentityStore.getState().status).toBe('enrolled'));
  if (path.startsWith('/counter/') && useStaffSessionStore.getState().phase === 'signed_out') {
    await act(async () => currentStaffSession()!.signIn(teller.badge, '100222'));
  }
  return container;
}

const q = (sel: string) => container.querySelector(`[data-testid="${sel}"]`);

beforeAll(() => {
  vi.stubGlobal('fetch', fetchMock);
  vi.stubGlobal('WebSocket', SilentSocket);
  setPlatformForTests({
    kind: 'browser',
    // The host keeps the device tokens (secrets:get/set); nothing else in these tests.
    host: {
      invoke: async (channel: string, input: unknown) => {
        const { name, value } = input as { name: string; value?: string | null };
        if (channel === 'secrets:get') return { value: secrets.get(name) ?? null };
        if (channel === 'secrets:set') {
          if (value) secrets.set(name, value);
          else secrets.delete(name);
          return { storage: 'host-file' };
        }
        throw new Error('no host in tests');
      },
    } as never,
    hubUrl: () => Promise.resolve('http://hub.test'),
  });
  initI18n('zh-CN');
});

afterAll(() => {
  vi.unstubAllGlobals();
  setPlatformForTests(null);
});

beforeEach(() => {
  hubUp = true;
  useConfigStore.setState({ config, fromCache: false, error: null });
  useQueueStore.setState({
    snapshot: { branchId: 'demo-001', businessDay: '2025-01-06', lastSeq: 3, tickets: [waiting, serving], recentCalls: [{ ticketId: 't-2', number: 'B007', service: 'B', counter: 2, at: calledAt, recall: false }] },
    connected: true,
    status: 'online',
    offlineSince: null,
  });
});

afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  container.remove();
  await i18n.changeLanguage('zh-CN');
});

describe('screens', () => {
  it.each([
    ['/', 'launcher'],
    ['/kiosk', 'kiosk'],
    ['/counter/2', 'counter'],
    ['/counter-display/2', 'counter-display'],
    ['/hall', 'hall'],
    ['/lead', 'lead'],
    ['/hq', 'hq'],
    ['/nowhere', 'not-found'],
  ])('%s renders', async (path, testId) => {
    await render(path);
    expect(q(testId)).not.toBeNull();
    expect(q('lang-switcher')).not.toBeNull();
  });

  it('labels the counter button "Call next" in English and shows the current ticket', async () => {
    await i18n.changeLanguage('en');
    await render('/counter/2');
    expect(q('call-next')?.textContent).toContain('Call next');
    expect(q('current-ticket-number')?.textContent).toBe('B007');
  });

  it('shows the call in the hall and the ticket on the window screen', async () => {
    await render('/hall');
    expect(q('hall-current-call')?.getAttribute('data-number')).toBe('B007');
    expect(q('hall-current-call')?.getAttribute('data-window')).toBe('2');
    await act(async () => root?.unmount());
    container.remove();
    await render('/counter-display/2');
    expect(q('counter-display-ticket')?.textContent).toBe('B007');
  });

  it('lists the waiting ticket for the counter', async () => {
    await render('/counter/1');
    expect(container.querySelectorAll('[data-testid="waiting-row"]')).toHaveLength(1);
  });
});

describe('counter offline', () => {
  it('shows the banner, fails the command fast and keeps the local record', async () => {
    await render('/counter/1');
    hubUp = false;
    await act(async () => {
      useQueueStore.setState({ connected: false, status: 'offline', offlineSince: Date.now() });
    });
    expect(q('offline-banner')?.textContent).toContain('无法连接排队服务器');
    const before = await counterDb(1).events.count();
    await act(async () => {
      (q('call-next') as HTMLButtonElement).click();
    });
    // Polled rather than a fixed wait: a loaded machine may take longer to write IndexedDB.
    await vi.waitFor(() => expect(q('counter-notice')?.getAttribute('data-code')).toBe('hub_unreachable'), { timeout: 5000 });
    await vi.waitFor(async () => expect(await counterDb(1).events.count()).toBe(before + 2), { timeout: 5000 });
    const events = await counterDb(1).events.orderBy('id').toArray();
    expect(events.at(-2)?.payload).toMatchObject({ command: 'call-next' });
    // Walk-in service still works.
    await act(async () => {
      (q('walkin-start') as HTMLButtonElement).click();
    });
    await vi.waitFor(() => expect(q('walkin-timer')).not.toBeNull(), { timeout: 5000 });
    // The hub is back: the banner goes away.
    await act(async () => {
      useQueueStore.setState({ connected: true, status: 'online', offlineSince: null });
    });
    expect(q('offline-banner')).toBeNull();
  });
});

describe('issue 14: the hall and the counter', () => {
  it('never shows a no-show as "now calling", and lists each ticket once however often it was recalled', async () => {
    const at = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    const call = (ticketId: string, number: string, counter: number, s: number, recall = false) => ({ ticketId, number, service: 'A' as const, counter, at: at(s), recall });
    useQueueStore.setState({
      snapshot: {
        branchId: 'demo-001',
        businessDay: '2025-01-06',
        lastSeq: 9,
        tickets: [waiting, serving],
        // A004 (no longer in play: a no-show) was recalled at window 4 after B007 was called at 2.
        recentCalls: [call('t-4', 'A004', 4, 5, true), { ...call('t-2', 'B007', 2, 60), service: 'B' }, call('t-3', 'A003', 1, 90)],
      },
    });
    await render('/hall');
    expect(q('hall-current-call')?.getAttribute('data-number')).toBe('B007');
    const rows = [...container.querySelectorAll('[data-testid="hall-history-row"]')].map((r) => r.getAttribute('data-number'));
    expect(rows).toEqual(['A004', 'A003']);
  });

  it('puts the kiosk’s priority choice before the services, so a priority customer chooses it first', async () => {
    await render('/kiosk');
    const priority = q('kiosk-priority-elderly')!;
    const firstService = q('kiosk-service-A')!;
    expect(priority).not.toBeNull();
    expect(priority.compareDocumentPosition(firstService) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('says a branch open round the clock is open all day, not that it has no opening time', async () => {
    await render('/counter/2');
    expect(q('bizday-bar')?.textContent).toContain('全天营业');
    expect(q('bizday-bar')?.textContent).not.toContain('今日无开门时间');
  });
});
