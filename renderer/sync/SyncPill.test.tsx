// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { i18n, initI18n } from '../i18n/index.js';
import { FakeSyncHub } from '../device/fakeSyncHub.js';
import { loadHubSyncStatus } from './hubStatus.js';
import { HubSyncPanel } from './HubSyncPanel.js';
import { initialSyncState, useSyncStore } from '../device/syncStore.js';
import { SyncPill } from './SyncPill.js';
import { defaultTransport } from '../device/transport.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let container: HTMLElement;

async function render(node: ReactNode): Promise<void> {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => root?.render(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>));
  await act(async () => {
    await new Promise((r) => setTimeout(r, 20));
  });
}
const q = (id: string) => container.querySelector(`[data-testid="${id}"]`);

beforeAll(() => {
  initI18n('en');
});
beforeEach(() => useSyncStore.setState(initialSyncState()));
afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  container.remove();
});

describe('counter sync pill', () => {
  it('shows "not enrolled" clearly, with the reason and a code field', async () => {
    useSyncStore.setState({
      active: true,
      enrolment: { state: 'not_enrolled', deviceId: '01J0DEVICE', branchId: null, reason: 'the hub offers no enrolment code', reasonKind: 'no_code' },
    });
    await render(<SyncPill />);
    const pill = q('sync-pill') as HTMLButtonElement;
    expect(pill.dataset.tone).toBe('error');
    expect(pill.textContent).toContain('Not enrolled');
    await act(async () => pill.click());
    expect(q('sync-enrolment')?.textContent).toContain('not enrolled');
    expect(q('sync-details')?.textContent).toContain('ask the branch administrator');
    expect(q('sync-enrol-form')).not.toBeNull();
  });

  it('shows records and bytes waiting, dead letters, last success and the last error in words', async () => {
    useSyncStore.setState({
      active: true,
      enrolment: { state: 'enrolled', deviceId: '01J0DEVICE', branchId: 'demo-001', reason: null, reasonKind: null },
      push: {
        ...initialSyncState().push,
        phase: 'retrying',
        recordsWaiting: 12,
        bytesWaiting: 5_300,
        deadLetters: 2,
        lastSuccessAt: '2025-01-06T02:00:00.000Z',
        lastError: 'the server did not answer (timed out)',
        errorKind: 'network',
        nextRetryAt: '2025-01-06T02:05:00.000Z',
      },
    });
    await render(<SyncPill timeZone="Asia/Shanghai" />);
    const pill = q('sync-pill') as HTMLButtonElement;
    expect(pill.dataset.tone).toBe('warn');
    expect(pill.dataset.waiting).toBe('12');
    expect(pill.textContent).toContain('Sync retrying');
    await act(async () => pill.click());
    expect(q('sync-records-waiting')?.textContent).toBe('12');
    expect(q('sync-bytes-waiting')?.textContent).toBe('5.2 KB');
    expect(q('sync-dead-letters')?.textContent).toContain('2');
    expect(q('sync-last-success')?.textContent).toContain('10:00');
    expect(q('sync-last-error')?.textContent).toBe('Cannot reach the branch hub — the server did not answer (timed out)');
    expect(q('sync-enrol-form')).toBeNull();
    // Escape closes the details.
    await act(async () => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' })));
    expect(q('sync-details')).toBeNull();
  });

  it('says "n to sync" while records wait and "Synced" when none do', async () => {
    useSyncStore.setState({ active: true, enrolment: { ...initialSyncState().enrolment, state: 'enrolled' }, push: { ...initialSyncState().push, recordsWaiting: 3 } });
    await render(<SyncPill />);
    expect(q('sync-pill')?.textContent).toContain('3 to sync');
    await act(async () => useSyncStore.setState((s) => ({ push: { ...s.push, recordsWaiting: 0, lastSuccessAt: new Date().toISOString() } })));
    expect(q('sync-pill')?.textContent).toContain('Synced');
    expect((q('sync-pill') as HTMLElement).dataset.tone).toBe('ok');
  });
});

describe('lead hub sync panel', () => {
  const transportOf = (hub: FakeSyncHub) => ({ fetch: hub.fetch, hubUrl: () => Promise.resolve('http://hub.test') });

  it('says "not available" when the hub has no status page (404)', async () => {
    const hub = new FakeSyncHub();
    await render(<HubSyncPanel transport={transportOf(hub)} />);
    expect((q('hub-sync') as HTMLElement).dataset.state).toBe('not_available');
    expect(q('hub-sync')?.textContent).toContain('does not offer a sync status');
  });

  it('lists the links and the refused records', async () => {
    const hub = new FakeSyncHub();
    hub.status = {
      links: [
        { link: 'hub → HQ', lastSuccessAt: '2025-01-06T02:00:00.000Z', lastAttemptAt: '2025-01-06T02:01:00.000Z', recordsWaiting: 40, bytesWaiting: 20_480, deadLetters: 1, lastError: 'HQ did not answer' },
      ],
      deadLetters: [{ id: '01J0REC', deviceId: 'counter-3', kind: 'counter.event', reason: 'bad_body: missing counter', at: '2025-01-06T02:00:00.000Z' }],
    };
    await render(<HubSyncPanel transport={transportOf(hub)} timeZone="Asia/Shanghai" />);
    expect(container.querySelectorAll('[data-testid="hub-sync-link"]')).toHaveLength(1);
    expect(q('hub-sync-links')?.textContent).toContain('HQ did not answer');
    expect(q('hub-sync-links')?.textContent).toContain('20.0 KB');
    expect(q('hub-sync-dead-letters')?.textContent).toContain('bad_body: missing counter');
  });

  it('skips malformed entries and reports a failure in words', async () => {
    const hub = new FakeSyncHub();
    hub.status = { links: [{ link: 'x' } as never], deadLetters: [] };
    const view = await loadHubSyncStatus(defaultTransport(transportOf(hub)));
    expect(view).toEqual({ state: 'ok', links: [], deadLetters: [], skipped: 1 });
    hub.down = true;
    const down = await loadHubSyncStatus(defaultTransport(transportOf(hub)));
    expect(down.state).toBe('error');
    hub.down = false;
    hub.intercept = () => ({ status: 200, body: 'not an object' });
    expect((await loadHubSyncStatus(defaultTransport(transportOf(hub)))).state).toBe('error');
  });
});
