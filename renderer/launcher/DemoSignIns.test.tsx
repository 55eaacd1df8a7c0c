// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_SIGN_INS } from '../../shared/config/demoBranch.js';
import { i18n, initI18n } from '../i18n/index.js';
import { setPlatformForTests } from '../platform/index.js';
import { DemoSignIns } from './DemoSignIns.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let answer: () => Response = () => new Response(null, { status: 404 });
const fetchMock = vi.fn(async (_url: string) => answer());
let root: Root | null = null;
let container: HTMLElement;

async function render(): Promise<void> {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => {
    root?.render(
      <I18nextProvider i18n={i18n}>
        <DemoSignIns />
      </I18nextProvider>,
    );
  });
  await act(async () => {
    await new Promise((r) => setTimeout(r, 20));
  });
}

beforeAll(() => {
  vi.stubGlobal('fetch', fetchMock);
  setPlatformForTests({ kind: 'browser', host: { invoke: () => Promise.reject(new Error('no host')) }, hubUrl: () => Promise.resolve('http://hub.test') });
  initI18n('en');
});

afterAll(() => {
  vi.unstubAllGlobals();
  setPlatformForTests(null);
});

afterEach(async () => {
  await act(async () => root?.unmount());
  container.remove();
});

const json = (body: unknown, status: number) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe("the launcher's demo sign-ins", () => {
  it('lists every demo person with staff id, badge and PIN when the hub is the demo', async () => {
    answer = () => json({ code: 'ABCD-EFGH-JKMN' }, 200);
    await render();
    const rows = container.querySelectorAll('[data-testid^="demo-sign-in-"]');
    expect(rows).toHaveLength(DEMO_SIGN_INS.length);
    expect(container.querySelector('[data-testid="demo-pin-s-9001"]')?.textContent).toBe('246810');
    expect(container.textContent).toContain('Duty lead');
    expect(String(fetchMock.mock.calls.at(-1)?.[0])).toBe('http://hub.test/api/v1/sync/demo-enrol-code');
  });

  it.each([
    ['a configured branch (404)', 404],
    ['the demo seen from another machine (403)', 403],
  ])('shows nothing to %s', async (_what, status) => {
    answer = () => json({ error: { code: status === 404 ? 'not_found' : 'forbidden', message: 'no' } }, status);
    await render();
    expect(container.querySelector('[data-testid="launcher-demo-sign-ins"]')).toBeNull();
    expect(container.textContent).not.toContain('246810');
  });

  it('shows nothing when the hub does not answer', async () => {
    answer = () => {
      throw new TypeError('Failed to fetch');
    };
    await render();
    expect(container.querySelector('[data-testid="launcher-demo-sign-ins"]')).toBeNull();
  });
});
