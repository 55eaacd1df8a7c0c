// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { resetCredentialsForTests, setDeviceToken } from '../api/credentials.js';
import { FakeSessionHub, fakeStaff } from '../device/fakeSessionHub.testing.js';
import { closeStaffSessionForTests, currentStaffSession } from '../device/staffSession.js';
import { i18n, initI18n } from '../i18n/index.js';
import { setPlatformForTests } from '../platform/index.js';
import { CounterSessionGate } from './CounterSessionGate.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const config = demoBranch('2025-01-06');
const counter = config.counters.find((c) => c.number === 2)!;
// The hub checks the PIN; the verifier is not used while it answers.
const hub = new FakeSessionHub([fakeStaff('s-1002', '1002', '100222', 'scrypt$16384$8$1$AA$AA')]);

let root: Root | null = null;
let container: HTMLElement;
const q = <T extends Element = HTMLElement>(id: string) => container.querySelector<T & Element>(`[data-testid="${id}"]`) as T | null;

/** Types into a React-controlled input as a keyboard (or a card reader) would. */
function type(input: HTMLInputElement, text: string): void {
  const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  set.call(input, text);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Enter in a field of the form: the browser submits it (implicit submission). */
async function pressEnter(input: HTMLInputElement): Promise<void> {
  await act(async () => {
    input.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

beforeAll(() => {
  initI18n('en');
  vi.stubGlobal('fetch', hub.fetch);
  setPlatformForTests({ kind: 'browser', host: { invoke: () => Promise.reject(new Error('no host')) } as never, hubUrl: () => Promise.resolve('http://hub.test') });
});

afterAll(() => {
  vi.unstubAllGlobals();
  setPlatformForTests(null);
});

afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  container.remove();
  closeStaffSessionForTests();
  resetCredentialsForTests();
});

async function render(): Promise<void> {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => {
    root!.render(
      <I18nextProvider i18n={i18n}>
        <CounterSessionGate config={config} counter={counter}>
          {(teller) => (
            <main data-testid="workspace" data-teller={teller.id}>
              <input data-testid="workspace-field" />
            </main>
          )}
        </CounterSessionGate>
      </I18nextProvider>,
    );
  });
}

describe('the counter’s sign-in screen', () => {
  it('takes a badge read by a card reader (digits, then Enter moves to the PIN), then the PIN', async () => {
    setDeviceToken('counter-2-token');
    await render();
    expect(q('signin-screen')).not.toBeNull();
    expect(q('workspace')).toBeNull();
    const login = q<HTMLInputElement>('signin-login')!;
    const pin = q<HTMLInputElement>('signin-pin')!;
    expect(document.activeElement).toBe(login);
    expect(pin.type).toBe('password');
    expect(pin.maxLength).toBe(config.access.pinLength);

    await act(async () => type(login, '1002'));
    await pressEnter(login);
    expect(document.activeElement).toBe(pin);
    expect(hub.calls.some((c) => c.path === '/api/v1/session/sign-in')).toBe(false);

    await act(async () => type(pin, '10a0222'));
    expect(pin.value).toBe('100222');
    await pressEnter(pin);
    await vi.waitFor(() => expect(q('workspace')).not.toBeNull());
    expect(q('workspace')!.dataset.teller).toBe('s-1002');
    expect(hub.calls.find((c) => c.path === '/api/v1/session/sign-in')).toMatchObject({ body: { login: '1002', pin: '100222' }, headers: { 'x-guichet-device': 'counter-2-token' } });
  });

  it('shows a wrong PIN in the screen’s language and keeps the login', async () => {
    await render();
    const login = q<HTMLInputElement>('signin-login')!;
    const pin = q<HTMLInputElement>('signin-pin')!;
    await act(async () => type(login, 's-1002'));
    await act(async () => type(pin, '999999'));
    await pressEnter(pin);
    await vi.waitFor(() => expect(q('signin-error')).not.toBeNull());
    expect(q('signin-error')!.textContent).toBe('Staff id or PIN is not correct');
    expect(q('signin-error')!.dataset.reason).toBe('bad_credentials');
    expect(login.value).toBe('s-1002');
    expect(pin.value).toBe('');
  });

  it('covers the counter when locked: it stays mounted, hears no keys, and the PIN unlocks it', async () => {
    await render();
    await act(async () => currentStaffSession()!.signIn('s-1002', '100222'));
    expect(q('workspace')).not.toBeNull();
    const shortcuts: string[] = [];
    const onKey = (e: KeyboardEvent) => shortcuts.push(e.key);
    window.addEventListener('keydown', onKey);
    try {
      await act(async () => currentStaffSession()!.lock('manual'));
      expect(q('lock-screen')).not.toBeNull();
      expect(q('workspace')).not.toBeNull();
      expect(q('lock-staff')!.dataset.staff).toBe('s-1002');
      await act(async () => {
        q('workspace-field')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'F1', bubbles: true, cancelable: true }));
      });
      expect(shortcuts).toEqual([]);

      const pin = q<HTMLInputElement>('signin-pin')!;
      await act(async () => type(pin, '100222'));
      await pressEnter(pin);
      await vi.waitFor(() => expect(q('lock-screen')).toBeNull());
      expect(hub.calls.filter((c) => c.path.startsWith('/api/v1/session/')).map((c) => c.path.slice('/api/v1/session/'.length))).toContain('unlock');
      await act(async () => {
        q('workspace-field')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'F1', bubbles: true }));
      });
      expect(shortcuts).toEqual(['F1']);
    } finally {
      window.removeEventListener('keydown', onKey);
    }
  });

  it('leads a shift handover into the incoming teller’s sign-in, pre-filled', async () => {
    hub.staff.push(fakeStaff('s-1003', '1003', '100333', 'scrypt$16384$8$1$AA$AA'));
    await render();
    await act(async () => currentStaffSession()!.signIn('s-1002', '100222'));
    await act(async () => currentStaffSession()!.beginHandover('s-1003'));
    expect(q('handover-signin')).not.toBeNull();
    const login = q<HTMLInputElement>('signin-login')!;
    expect(login.value).toBe('s-1003');
    expect(document.activeElement).toBe(q('signin-pin'));
    await act(async () => type(q<HTMLInputElement>('signin-pin')!, '100333'));
    await pressEnter(q<HTMLInputElement>('signin-pin')!);
    await vi.waitFor(() => expect(q('workspace')?.dataset.teller).toBe('s-1003'));
    expect(q('handover-signin')).toBeNull();
  });
});
