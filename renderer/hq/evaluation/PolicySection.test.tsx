// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_EVALUATION_POLICY } from '../../../shared/evaluation/policy.js';
import type { PolicyAnswer } from '../../../shared/evaluation/policy.js';
import type { Lang } from '../../../shared/i18n/localized.js';
import { i18n, initI18n } from '../../i18n/index.js';
import { setPlatformForTests } from '../../platform/index.js';
import { PolicySection } from './PolicySection.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const V0: PolicyAnswer = { version: 0, savedBy: null, savedAt: null, policy: DEFAULT_EVALUATION_POLICY, history: [] };

let puts: unknown[] = [];
let onPut: (body: any) => Response;
let root: Root | null = null;
let container: HTMLElement;
const q = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);

async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 30));
  });
}

async function render(lang: Lang): Promise<void> {
  await act(async () => {
    await i18n.changeLanguage(lang);
  });
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => {
    root?.render(
      <I18nextProvider i18n={i18n}>
        <PolicySection token="t0ken" />
      </I18nextProvider>,
    );
  });
  await settle();
}

async function type(id: string, value: string): Promise<void> {
  const input = q(id) as HTMLInputElement;
  expect(input, id).not.toBeNull();
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

beforeAll(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      if ((init?.method ?? 'GET') === 'PUT') {
        const body = JSON.parse(String(init?.body));
        puts.push(body);
        return onPut(body);
      }
      return json(V0);
    }),
  );
  setPlatformForTests({ kind: 'browser', host: { invoke: (() => Promise.reject(new Error('no host'))) as never }, hubUrl: () => Promise.resolve('http://hq.test') });
  initI18n('zh-CN');
});
afterAll(() => {
  vi.unstubAllGlobals();
  setPlatformForTests(null);
});
beforeEach(() => {
  puts = [];
  onPut = (body) => json({ ...V0, version: 1, savedBy: '审计员', savedAt: '2026-12-07T03:00:00.000Z', policy: body.policy, history: [{ version: 1, savedBy: '审计员', savedAt: '2026-12-07T03:00:00.000Z' }] });
});
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  container.remove();
});

describe('the evaluation standards on screen', () => {
  it('shows the shipped defaults as percentages and points', async () => {
    await render('zh-CN');
    expect(q('hqe-policy-version')!.textContent).toBe('出厂默认标准，尚未修改');
    expect((q('hqe-policy-branchSheet.passMark') as HTMLInputElement).value).toBe('95');
    expect((q('hqe-policy-stars.targetShares.0') as HTMLInputElement).value).toBe('85');
    expect((q('hqe-policy-stars.levels.2.minSatisfaction') as HTMLInputElement).value).toBe('98');
    expect((q('hqe-policy-save') as HTMLButtonElement).disabled).toBe(true);
  });

  it('names a wrong field in the screen language and will not save it', async () => {
    await render('en');
    await type('hqe-policy-stars.targetShares.1', '90');
    expect(q('hqe-policy-issues')!.textContent).toBe('Two stars · Target share (%, this level or above): Out of range (0%–85%)');
    expect(q('hqe-policy-stars.targetShares.1')!.getAttribute('aria-invalid')).toBe('true');
    expect((q('hqe-policy-save') as HTMLButtonElement).disabled).toBe(true);
  });

  it('saves an edit from the version it was read at, as 0..1, and shows the new version', async () => {
    await render('zh-CN');
    await type('hqe-policy-stars.levels.2.minSatisfaction', '96.5');
    await type('hqe-policy-tellerSheet.passMark', '90');
    await act(async () => q('hqe-policy-save')!.click());
    await settle();
    expect(puts).toHaveLength(1);
    const sent = puts[0] as { baseVersion: number; policy: typeof DEFAULT_EVALUATION_POLICY };
    expect(sent.baseVersion).toBe(0);
    expect(sent.policy.stars.levels[2].minSatisfaction).toBe(0.965);
    expect(sent.policy.tellerSheet.passMark).toBe(90);
    expect(q('hqe-policy-saved')!.textContent).toContain('已保存为第 1 版');
    expect(q('hqe-policy-version')!.textContent).toContain('第 1 版 · 审计员');
  });

  it('shows what head office refused, field by field', async () => {
    onPut = () =>
      json({ error: { code: 'bad_request', message: 'not saved', reason: 'invalid_config', issues: [{ code: 'out_of_range', path: ['branchSheet', 'weights', 'review'], detail: { min: 0, max: 100 } }] } }, 400);
    await render('zh-TW');
    await type('hqe-policy-branchSheet.weights.review', '5');
    await act(async () => q('hqe-policy-save')!.click());
    await settle();
    expect(q('hqe-policy-issues')!.textContent).toBe('網點 · 錄音調閱：超出範圍（0–100）');
    expect(q('hqe-policy-branchSheet.weights.review')!.getAttribute('aria-invalid')).toBe('true');
  });
});
