// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ComplaintReminderMessage } from '../../shared/complaints/api.js';
import { demoBranch } from '../../shared/config/demoBranch.js';
import type { Lang } from '../../shared/i18n/localized.js';
import { i18n, initI18n } from '../i18n/index.js';
import { setPlatformForTests } from '../platform/index.js';
import { receiveMessage } from '../queue/store.js';
import { ComplaintReminders } from './ReminderNotices.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const config = demoBranch('2026-09-30');

// 2026-06-18 24:00 in Shanghai: the answer deadline of complaint …ABC123.
const reminder = (over: Partial<ComplaintReminderMessage> = {}): ComplaintReminderMessage => ({
  type: 'complaint.reminder',
  key: 'k-overdue-1',
  complaintId: '01JXC0MPLA1NTABC123',
  kind: 'overdue',
  deadline: '2026-06-18T16:00:00.000Z',
  dueSince: '2026-06-18T16:00:00.000Z',
  ownerId: 's-1002',
  level: 'teller',
  ...over,
});

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
// The hub does not let this viewer read the complaint: the notice names it by its reference alone.
const fetchMock = vi.fn(async () => json({ error: { code: 'forbidden', message: 'no' } }, 403));

let root: Root | null = null;
let container: HTMLElement;
const qa = (id: string) => [...container.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

async function render(lang: Lang, linkToComplaint = false): Promise<void> {
  initI18n(lang);
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => {
    root!.render(
      <I18nextProvider i18n={i18n}>
        <ComplaintReminders config={config} linkToComplaint={linkToComplaint} />
      </I18nextProvider>,
    );
  });
}

async function send(m: Parameters<typeof receiveMessage>[0]): Promise<void> {
  await act(async () => receiveMessage(m));
}

beforeAll(() => {
  vi.stubGlobal('fetch', fetchMock);
  setPlatformForTests({ kind: 'browser', host: { invoke: () => Promise.reject(new Error('no host')) } as never, hubUrl: () => Promise.resolve('http://hub.test') });
});
afterAll(() => {
  vi.unstubAllGlobals();
  setPlatformForTests(null);
});
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  container?.remove();
});

describe('supervision reminders (督办) on the counter and the lead station', () => {
  it.each([
    ['zh-CN', '督办：已超期', '投诉 ABC123', '期限 2026-06-19 00:00', '负责人：'],
    ['zh-TW', '督辦：已逾期', '投訴 ABC123', '期限 2026-06-19 00:00', '負責人：'],
    ['en', 'Reminder: overdue', 'Complaint ABC123', 'due 2026-06-19 00:00', 'owner: Li Qiang'],
  ] as const)('%s: a reminder from the stream shows the complaint, its deadline and owner until dismissed', async (lang, kind, complaint, deadline, owner) => {
    await render(lang);
    expect(qa('complaint-reminder')).toHaveLength(0);
    // Other stream messages are not reminders.
    await send({ type: 'prompts', prompts: [] } as never);
    expect(qa('complaint-reminder')).toHaveLength(0);

    await send(reminder({ key: `k-${lang}` }));
    const [notice] = qa('complaint-reminder');
    expect(notice).toBeDefined();
    expect(notice!.getAttribute('role')).toBe('alert');
    expect(notice!.dataset.kind).toBe('overdue');
    const text = notice!.textContent ?? '';
    expect(text).toContain(complaint);
    expect(text).toContain(deadline);
    expect(text).toContain(owner);
    expect(text).toContain(kind);

    // The same reminder again (a reconnect sends the standing ones): still one.
    await send(reminder({ key: `k-${lang}` }));
    expect(qa('complaint-reminder')).toHaveLength(1);

    await act(async () => qa('complaint-reminder-dismiss')[0]!.click());
    expect(qa('complaint-reminder')).toHaveLength(0);
    // Dismissed stays dismissed when the hub sends it again.
    await send(reminder({ key: `k-${lang}` }));
    expect(qa('complaint-reminder')).toHaveLength(0);
  });

  it('at the lead station the notice links to the complaint’s page; each reminder is its own notice', async () => {
    await render('zh-CN', true);
    await send(reminder({ key: 'k-a', kind: 'before_deadline' }));
    await send(reminder({ key: 'k-b', complaintId: '01JXOTHERCOMPLAINTXYZ', kind: 'acknowledgement_overdue' }));
    expect(qa('complaint-reminder').map((n) => n.dataset.kind)).toEqual(['before_deadline', 'acknowledgement_overdue']);
    expect(qa('complaint-reminder-link')[0]!.getAttribute('href')).toContain('/lead/complaints/01JXC0MPLA1NTABC123');
  });

  it('shows the standing reminders the hub sent when the stream opened, before the sign-in brought the list up', async () => {
    // The stream is open, nobody is signed in yet: no list on screen.
    await send(reminder({ key: 'k-standing', kind: 'acknowledgement_overdue' }));
    await render('en', true);
    expect(qa('complaint-reminder').map((n) => n.dataset.kind)).toEqual(['acknowledgement_overdue']);
    // Taken by that list: a list mounted later does not show it twice or again once dismissed.
    await act(async () => qa('complaint-reminder-dismiss')[0]!.click());
    expect(qa('complaint-reminder')).toHaveLength(0);
  });
});
