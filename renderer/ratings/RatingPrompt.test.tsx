// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Lang } from '../../shared/i18n/localized.js';
import { BANK_SCALE } from '../../shared/ratings/scales.js';
import { i18n, initI18n } from '../i18n/index.js';
import { setPlatformForTests } from '../platform/index.js';
import { RatingPrompt } from './RatingPrompt.js';
import { checkContact, contactSecondsLeft, pressPhoneKey } from './contactStep.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Window 1's rating state with ticket A012 open for an answer, `secondsLeft` to go. */
let secondsLeft = 30;
const state = () => ({
  counter: 1,
  businessDay: '2026-06-18',
  tellerId: 's-1002',
  scale: BANK_SCALE,
  timeoutSeconds: 30,
  prompt: { serviceId: 'svc-1', ticketId: 't-1', ticketNumber: 'A012', finishedAt: '2026-06-18T02:00:00.000Z', deadline: '2026-06-18T02:00:30.000Z', secondsLeft },
  dayScore: { rated: 0, notRated: 0, byLevel: [], satisfied: 0, low: 0, satisfactionPercent: null, score: null },
});
const posted: unknown[] = [];
const fetchMock = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
  if (init?.method === 'POST') {
    const body = JSON.parse(String(init.body)) as { value: number; source: string };
    posted.push(body);
    return json(
      {
        rating: { ticketId: 't-1', serviceId: 'svc-1', tellerId: 's-1002', counter: 1, finishedAt: '2026-06-18T02:00:00.000Z', status: 'rated', value: body.value, source: body.source, ratedAt: '2026-06-18T02:00:10.000Z' },
        followUpId: body.value === 1 ? 'f-1' : null,
      },
      201,
    );
  }
  return json(state());
});

/** No rating stream in these tests: the prompt comes from the first fetch. */
class SilentSocket {
  addEventListener(): void {}
  close(): void {}
}

let root: Root | null = null;
let container: HTMLElement;
const q = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const click = async (id: string) => act(async () => q(id)!.click());
/** Types into a React-controlled input the way a keyboard would. */
async function type(id: string, value: string): Promise<void> {
  const input = q(id) as HTMLInputElement;
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function render(lang: Lang): Promise<void> {
  initI18n(lang);
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => {
    root!.render(
      <I18nextProvider i18n={i18n}>
        <RatingPrompt counter={1} />
      </I18nextProvider>,
    );
  });
  await vi.waitFor(() => expect(q('rating-prompt')).not.toBeNull());
}

beforeAll(() => {
  vi.stubGlobal('fetch', fetchMock);
  vi.stubGlobal('WebSocket', SilentSocket);
  setPlatformForTests({ kind: 'browser', host: { invoke: () => Promise.reject(new Error('no host')) } as never, hubUrl: () => Promise.resolve('http://hub.test') });
});
afterAll(() => {
  vi.unstubAllGlobals();
  setPlatformForTests(null);
});
beforeEach(() => {
  posted.length = 0;
  secondsLeft = 30;
});
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  container?.remove();
});

describe('the real-name step after a dissatisfied answer on the customer display', () => {
  it.each([
    ['zh-CN', '需要我们回电吗？', '提交并请回电'],
    ['zh-TW', '需要我們回電嗎？', '提交並請回電'],
    ['en', 'Would you like us to call you back?', 'Send, please call me'],
  ] as const)('%s: 不满意 offers the step; name and number typed on the pad go with the answer', async (lang, title, send) => {
    await render(lang);
    await click('rate-1');
    expect(q('rating-contact')?.textContent).toContain(title);
    expect(q('rating-contact-send')?.textContent).toContain(send);
    // Nothing is sent while the customer decides.
    expect(posted).toHaveLength(0);
    expect(q('rating-contact-send')).toHaveProperty('disabled', true);

    await type('rating-contact-name', ' 王女士 ');
    for (const key of ['1', '3', '8', '1', '2', '3', '4', '5', '6', '7', '9', 'delete', '8'] as const) await click(`rating-contact-pad-${key}`);
    expect((q('rating-contact-phone') as HTMLInputElement).value).toBe('13812345678');
    await click('rating-contact-send');
    await vi.waitFor(() => expect(q('rating-thanks')).not.toBeNull());
    expect(posted).toEqual([{ ticketId: 't-1', value: 1, source: 'customer_display', contact: { name: '王女士', phone: '13812345678' } }]);
    expect(q('rating-contact')).toBeNull();
  });

  it('a number the hub would refuse is shown as wrong and nothing is sent', async () => {
    await render('en');
    await click('rate-1');
    await type('rating-contact-name', 'Ms Wang');
    await type('rating-contact-phone', 'call me');
    await click('rating-contact-send');
    expect(q('rating-contact-note')?.getAttribute('data-refused')).toBe('phone');
    expect(q('rating-contact-note')?.textContent).toBe('This phone number does not look right');
    expect(posted).toHaveLength(0);
  });

  it('skipping sends the dissatisfied answer without contact', async () => {
    await render('zh-CN');
    await click('rate-1');
    await click('rating-contact-skip');
    await vi.waitFor(() => expect(q('rating-thanks')).not.toBeNull());
    expect(posted).toEqual([{ ticketId: 't-1', value: 1, source: 'customer_display' }]);
  });

  it('a satisfied answer is sent at once, with no step', async () => {
    await render('zh-CN');
    await click('rate-3');
    await vi.waitFor(() => expect(q('rating-thanks')).not.toBeNull());
    expect(q('rating-contact')).toBeNull();
    expect(posted).toEqual([{ ticketId: 't-1', value: 3, source: 'customer_display' }]);
  });

  it('near the rating deadline the step closes by itself and the answer still counts, without contact', async () => {
    secondsLeft = 3;
    await render('zh-CN');
    await click('rate-1');
    await vi.waitFor(() => expect(q('rating-thanks')).not.toBeNull());
    expect(posted).toEqual([{ ticketId: 't-1', value: 1, source: 'customer_display' }]);
  });
});

describe('contact step rules', () => {
  it('checks a contact as the hub does', () => {
    expect(checkContact(' 王女士 ', '138 1234-5678')).toEqual({ ok: true, contact: { name: '王女士', phone: '138 1234-5678' } });
    expect(checkContact('', '13812345678')).toEqual({ ok: false, field: 'name' });
    expect(checkContact('王女士', '12')).toEqual({ ok: false, field: 'phone' });
    expect(checkContact('王女士', '138abc')).toEqual({ ok: false, field: 'phone' });
  });

  it('the pad edits the number and stops at the schema’s length', () => {
    expect(pressPhoneKey('13', '8')).toBe('138');
    expect(pressPhoneKey('138', 'delete')).toBe('13');
    expect(pressPhoneKey('138', 'clear')).toBe('');
    expect(pressPhoneKey('1'.repeat(32), '2')).toBe('1'.repeat(32));
  });

  it('the step lasts until the rating deadline less a margin, and at most a minute untouched', () => {
    expect(contactSecondsLeft(30, 0, 0)).toBe(27);
    expect(contactSecondsLeft(300, 0, 0)).toBe(60);
    expect(contactSecondsLeft(300, 0, 59_500)).toBe(1);
    expect(contactSecondsLeft(300, 0, 61_000)).toBe(0);
    expect(contactSecondsLeft(2, 0, 0)).toBe(0);
  });
});
