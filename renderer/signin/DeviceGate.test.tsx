// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getCredentials, resetCredentialsForTests } from '../api/credentials.js';
import { hubRequest } from '../api/hub.js';
import { closeDeviceIdentityForTests } from '../device/identity.js';
import { i18n, initI18n } from '../i18n/index.js';
import { setPlatformForTests } from '../platform/index.js';
import { DeviceGate } from './DeviceGate.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** The host's secure storage, and a hub that offers no demo code and knows one code. */
const secrets = new Map<string, string>();
const enrolled: unknown[] = [];
let demo = false;
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
  const path = new URL(url).pathname;
  if (path === '/api/v1/sync/demo-enrol-code') return demo ? json(200, { code: 'DEMO-CODE-0001' }) : json(404, { error: { code: 'not_found', message: 'codes come from the lead' } });
  if (path === '/api/v1/sync/enrol') {
    const body = JSON.parse(String(init?.body)) as { code: string; deviceId: string; window?: number };
    enrolled.push(body);
    if (body.code.replace(/-/g, '') !== 'K7QPX2M9RT4B' && body.code !== 'DEMO-CODE-0001') return json(401, { error: { code: 'unauthorized', message: 'the enrolment code is unknown, already used or expired' } });
    return json(200, { deviceId: body.deviceId, branchId: 'demo-001', token: 'display-token-0123456789', window: body.window ?? null });
  }
  return json(401, { error: { code: 'unauthorized', message: 'the device token is unknown or revoked', reason: 'device_required' } });
});

let root: Root | null = null;
let container: HTMLElement;
const q = <T extends Element = HTMLElement>(id: string) => container.querySelector(`[data-testid="${id}"]`) as T | null;

function type(input: HTMLInputElement, text: string): void {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, text);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

beforeAll(() => {
  initI18n('zh-CN');
  vi.stubGlobal('fetch', fetchMock);
  setPlatformForTests({
    kind: 'electron',
    host: {
      invoke: async (channel: string, input: unknown) => {
        const { name, value } = input as { name: string; value?: string | null };
        if (channel === 'secrets:get') return { value: secrets.get(name) ?? null };
        if (value) secrets.set(name, value);
        else secrets.delete(name);
        return { storage: 'os' };
      },
    } as never,
    hubUrl: () => Promise.resolve('http://hub.test'),
  });
});

afterAll(() => {
  vi.unstubAllGlobals();
  setPlatformForTests(null);
});

afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  container.remove();
  closeDeviceIdentityForTests();
  resetCredentialsForTests();
  localStorage.clear();
  secrets.clear();
  enrolled.length = 0;
});

async function render(): Promise<void> {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => {
    root!.render(
      <I18nextProvider i18n={i18n}>
        <DeviceGate slot={{ kind: 'counter-display', window: 4 }}>
          <main data-testid="the-screen" />
        </DeviceGate>
      </I18nextProvider>,
    );
  });
}

describe('the enrolment screen', () => {
  it('asks for the lead’s one-time code where the hub offers none, then shows the screen', async () => {
    await render();
    await vi.waitFor(() => expect(q('enrol-screen')).not.toBeNull());
    expect(q('the-screen')).toBeNull();
    expect(q('enrol-screen')!.textContent).toContain('窗口显示屏 · 4 号窗口');

    const input = q<HTMLInputElement>('enrol-code')!;
    await act(async () => type(input, 'wrong-code-00'));
    await act(async () => q<HTMLButtonElement>('enrol-submit')!.click());
    await vi.waitFor(() => expect(q('enrol-error')?.textContent).toBe('注册码无效、已被使用或已过期'));

    await act(async () => type(input, 'k7qp x2m9 rt4b'));
    await act(async () => q<HTMLButtonElement>('enrol-submit')!.click());
    await vi.waitFor(() => expect(q('the-screen')).not.toBeNull());
    expect(enrolled.at(-1)).toMatchObject({ code: 'K7QPX2M9RT4B', role: 'counter-display', window: 4 });
    // Kept by the host, not by the page.
    expect(secrets.get('device-token:counter-display:4')).toBe('display-token-0123456789');
    expect(JSON.stringify({ ...localStorage })).not.toContain('display-token');
    expect(getCredentials().device).toBe('display-token-0123456789');
  });

  it('enrols silently with the demo hub, and goes back to the enrolment screen when the hub revokes the token', async () => {
    demo = true;
    try {
      await render();
      await vi.waitFor(() => expect(q('the-screen')).not.toBeNull());
      expect(enrolled).toHaveLength(1);
      await act(async () => {
        await hubRequest('/api/v1/config').catch(() => undefined);
      });
      await vi.waitFor(() => expect(q('enrol-revoked')).not.toBeNull());
      expect(q('the-screen')).toBeNull();
      expect(secrets.has('device-token:counter-display:4')).toBe(false);
      expect(enrolled).toHaveLength(1);
    } finally {
      demo = false;
    }
  });
});
