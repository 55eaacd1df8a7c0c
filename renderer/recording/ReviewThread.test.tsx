// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.js';
import type { ReviewComment } from '../../shared/recording/review.js';
import { i18n, initI18n } from '../i18n/index.js';
import { ReviewApi } from './reviewApi.js';
import { ReviewThreadView } from './ReviewThread.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const REC = newId();
let root: Root | null = null;
let container: HTMLElement;

/** A hub holding one recording's thread: answers GET and POST of its comments as the real route does. */
function fakeHub(initial: ReviewComment[], refuse?: { status: number; code: string }) {
  const comments = [...initial];
  const posted: unknown[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    expect(url).toContain(`/api/v1/recordings/${REC}/comments`);
    if (init?.method === 'POST') {
      if (refuse) return new Response(JSON.stringify({ error: { code: refuse.code, message: 'no' } }), { status: refuse.status, headers: { 'content-type': 'application/json' } });
      const body = JSON.parse(String(init.body)) as { text: string };
      posted.push(body);
      const c: ReviewComment = { id: newId(), recordingId: REC, tellerId: 's-1002', authorId: 's-1002', authorRole: 'teller', voice: 'self', text: body.text, at: '2026-12-07T02:00:00.000Z' };
      comments.push(c);
      return new Response(JSON.stringify(c), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    return new Response(JSON.stringify({ recordingId: REC, comments }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { api: new ReviewApi({ fetchImpl, baseUrl: 'http://hub.test' }), posted };
}

async function render(api: ReviewApi, lang: 'zh-CN' | 'en' = 'zh-CN') {
  await act(async () => i18n.changeLanguage(lang));
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => root?.render(<I18nextProvider i18n={i18n}><ReviewThreadView recordingId={REC} writeAs="self" nameOf={(id) => (id === 's-9001' ? '王主管' : id)} timeZone="Asia/Shanghai" api={api} /></I18nextProvider>));
  await act(async () => new Promise((r) => setTimeout(r, 10)));
}
const q = (id: string) => container.querySelectorAll(`[data-testid="${id}"]`);

async function type(text: string) {
  const box = q('review-text')[0] as HTMLTextAreaElement;
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
  await act(async () => {
    setter.call(box, text);
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

beforeAll(() => initI18n('zh-CN'));
afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  container.remove();
});

describe('the review thread of a recording', () => {
  it("shows the lead's comment with its name, kind and time in the screen's language", async () => {
    const { api } = fakeHub([{ id: newId(), recordingId: REC, tellerId: 's-1002', authorId: 's-9001', authorRole: 'lead', voice: 'lead', text: '先致歉再办理。', at: '2026-12-07T02:30:00.000Z' }]);
    await render(api);
    const item = q('review-comment')[0]!;
    expect(item.getAttribute('data-voice')).toBe('lead');
    expect(item.textContent).toContain('主管点评');
    expect(item.textContent).toContain('王主管');
    expect(item.textContent).toContain('10:30'); // 02:30Z in Beijing time, 24-hour
    expect(item.textContent).toContain('先致歉再办理。');
  });

  it('sends a self-review, shows it in the thread and clears the box; an empty box cannot be sent', async () => {
    const { api, posted } = fakeHub([]);
    await render(api, 'en');
    expect(q('review-empty')).toHaveLength(1);
    expect((q('review-submit')[0] as HTMLButtonElement).disabled).toBe(true);
    await type('I should have apologised for the wait.');
    await act(async () => (q('review-submit')[0] as HTMLButtonElement).click());
    expect(posted).toEqual([{ text: 'I should have apologised for the wait.' }]);
    expect(q('review-comment')).toHaveLength(1);
    expect(q('review-comment')[0]!.textContent).toContain('Self-review');
    expect((q('review-text')[0] as HTMLTextAreaElement).value).toBe('');
  });

  it("keeps the text and says why when the hub refuses (a colleague's recording)", async () => {
    const { api } = fakeHub([], { status: 403, code: 'forbidden' });
    await render(api);
    await type('x');
    await act(async () => (q('review-submit')[0] as HTMLButtonElement).click());
    expect(q('review-comment')).toHaveLength(0);
    expect(q('review-message')[0]!.getAttribute('role')).toBe('alert');
    expect((q('review-text')[0] as HTMLTextAreaElement).value).toBe('x');
  });
});
