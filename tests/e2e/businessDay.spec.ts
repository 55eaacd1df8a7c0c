import { expect, test } from './support/test.js';
import type { Page } from '@playwright/test';
import { DEFAULT_BUSINESS_DAY_TEMPLATES as T } from '../../shared/businessDay/defaults.js';
import { checklistItems } from '../../shared/businessDay/templates.js';
import { asTeller, ok, read } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';
import { screenshot } from './support/screens.js';
import { openCounter, openLead, signInAtCounter } from './support/signIn.js';

let hub: HubProcess;
test.beforeAll(async () => {
  hub = await HubProcess.start();
});
test.afterAll(async () => hub.stop());

const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;
// Tall enough for a whole form to show in the screenshot.
const TALL = { width: 1440, height: 1500 };
// The meeting form lists every member of staff.
const TALLER = { width: 1440, height: 2300 };

/** The doc.op records in the counter's own IndexedDB (Dexie database guichet-counter-{n}). */
async function localDocOps(page: Page, n: number): Promise<Array<{ docType: string; docId: string; field: string }>> {
  return page.evaluate(async (name) => {
    const open = indexedDB.open(name);
    const conn: IDBDatabase = await new Promise((res, rej) => {
      open.onsuccess = () => res(open.result);
      open.onerror = () => rej(open.error);
    });
    const records: Array<{ kind: string; body: { docType: string; docId: string; field: string } }> = await new Promise((res, rej) => {
      const req = conn.transaction('records').objectStore('records').getAll();
      req.onsuccess = () => res(req.result);
      req.onerror = () => rej(req.error);
    });
    conn.close();
    return records.filter((r) => r.kind === 'doc.op').map((r) => r.body);
  }, `guichet-counter-${n}`);
}

async function hqDocOps(): Promise<Array<{ docType: string; docId: string; field: string; value: unknown }>> {
  const res = await fetch(`${hub.hqUrl}/api/v1/hq/events?kind=doc.op&limit=1000`, { headers: { authorization: `Bearer ${HubProcess.ADMIN_TOKEN}` } });
  return ((await res.json()) as { events: Array<{ body: any }> }).events.map((e) => e.body);
}

test('the opening checklist is kept at the counter, the lead logs the morning meeting and the handover is recorded; all reach head office', async ({ browser }) => {
  test.setTimeout(240_000);
  const items = checklistItems(T.openingChecklist).map((i) => i.id);

  // ---- The opening checklist at window 1 (zh-CN) --------------------------------------------
  // Window 1's workstation: one browser profile, so one IndexedDB, across its pages.
  const workstation = await browser.newContext({ viewport: TALL });
  const counter = await workstation.newPage();
  await openCounter(counter, hub.url, 1, '?lang=zh-CN');
  await expect(counter.getByTestId('bizday-bar')).toHaveAttribute('data-loaded', 'true');
  await expect(counter.getByTestId('bizday-checklist-state')).toHaveAttribute('data-done', 'false');
  await counter.getByTestId('bizday-open-checklist').click();
  const checklist = counter.getByTestId('bizday-checklist');
  await expect(checklist).toBeVisible();
  // Nothing can be submitted until every item is answered; the form says what is missing.
  await expect(counter.getByTestId('bizday-checklist-submit')).toBeDisabled();
  await expect(checklist.getByTestId('bizday-missing')).toHaveAttribute('data-count', String(items.length));
  for (const id of items.filter((i) => i !== 'printer')) await counter.getByTestId(`bizday-answer-${id}-ok`).click();
  await counter.getByTestId('bizday-answer-printer-problem').click();
  // A problem needs a note.
  await expect(checklist.getByTestId('bizday-missing')).toHaveAttribute('data-count', '1');
  await expect(counter.getByTestId('bizday-checklist-submit')).toBeDisabled();
  await counter.getByTestId('bizday-note-printer').fill('热敏纸剩一卷，已申领');
  await counter.getByTestId('bizday-checklist-remark').fill('工号牌已更换');
  await expect(checklist.getByTestId('bizday-missing')).toHaveAttribute('data-count', '0');
  await screenshot(counter, 'businessDay-checklist-zh-CN');
  await counter.getByTestId('bizday-checklist-submit').click();
  await expect(checklist).toHaveCount(0);
  await expect(counter.getByTestId('bizday-checklist-state')).toHaveAttribute('data-done', 'true');
  await expect(counter.getByTestId('bizday-bar')).toHaveAttribute('data-state', 'done');

  // Kept on the counter's own device: one doc.op record per field.
  const ops = await localDocOps(counter, 1);
  expect(new Set(ops.filter((o) => o.docType === 'opening_checklist').map((o) => o.field))).toEqual(
    new Set(['day', 'counter', 'staffId', 'templateVersion', 'answers', 'notes', 'remark', 'submittedAt']),
  );
  const docId = ops.find((o) => o.docType === 'opening_checklist')!.docId;
  expect(docId).toMatch(/^\d{4}-\d{2}-\d{2}\.c1$/);

  // Durable: after a reload (the teller signs in again) it is still there and still done, with the answers as given.
  await counter.reload();
  await signInAtCounter(counter, 1);
  await expect(counter.getByTestId('bizday-checklist-state')).toHaveAttribute('data-done', 'true');
  await counter.getByTestId('bizday-open-checklist').click();
  await expect(counter.getByTestId('bizday-checklist-done-at')).toBeVisible();
  await expect(counter.getByTestId('bizday-answer-printer')).toHaveAttribute('data-value', 'problem');
  await expect(counter.getByTestId('bizday-note-printer')).toHaveValue('热敏纸剩一卷，已申领');
  await expect(counter.getByTestId('bizday-answer-computer')).toHaveAttribute('data-value', 'ok');
  await counter.keyboard.press('Escape');

  // ---- The shift handover at window 1 --------------------------------------------------------
  await counter.getByTestId('bizday-open-handover').click();
  const handover = counter.getByTestId('bizday-handover');
  await expect(handover).toBeVisible();
  await expect(counter.getByTestId('bizday-handover-from')).toHaveValue('s-1001');
  // The handover happens behind the handover sign: window 2 (also serving A) is open, so window
  // 1 may put it up from the handover form, and customers are sent on.
  await ok(hub.url, 'POST', '/api/v1/counters/2/open', { creds: await asTeller(hub.url, 2), body: {} });
  await counter.keyboard.press('Escape');
  await counter.getByTestId('window-open-button').click();
  await expect(counter.getByTestId('window-bar')).toHaveAttribute('data-state', 'open');
  await counter.getByTestId('bizday-open-handover').click();
  await counter.getByTestId('bizday-handover-put-up-sign').click();
  await expect(counter.getByTestId('bizday-handover-sign-up')).toBeVisible();
  await expect(counter.getByTestId('window-bar')).toHaveAttribute('data-state', 'paused');
  const queue = (await read(hub.url, '/api/v1/queue')) as { counters: Array<{ number: number; status: string; redirectTo: number | null }> };
  expect(queue.counters.find((c) => c.number === 1)).toMatchObject({ status: 'paused', redirectTo: 2 });
  await counter.getByTestId('bizday-handover-to').selectOption('s-1001');
  await expect(handover.getByTestId('bizday-missing')).toContainText('交班人与接班人不能是同一人');
  await counter.getByTestId('bizday-handover-to').selectOption('s-1002');
  await counter.getByTestId('bizday-handed-cash').fill('20,000.00');
  await counter.getByTestId('bizday-handed-vouchers').fill('12 份');
  await counter.getByTestId('bizday-handed-seals_keys').fill('业务章 1 枚，钥匙 2 把');
  for (const c of T.handover.checks) await counter.getByTestId(`bizday-check-${c.id}-ok`).click();
  await counter.getByTestId('bizday-handover-open-items').fill('A015 客户补交身份证复印件');
  await expect(handover.getByTestId('bizday-missing')).toHaveAttribute('data-count', '0');
  await screenshot(counter, 'businessDay-handover-zh-CN');
  await counter.getByTestId('bizday-handover-submit').click();
  await expect(handover).toHaveCount(0);
  await expect(counter.getByTestId('bizday-handover-count')).toHaveAttribute('data-count', '1');
  // The incoming teller signs in over the counter (login filled in from the form); the hub then ends 王丽's session.
  const incoming = counter.getByTestId('handover-signin');
  await expect(incoming).toBeVisible();
  await expect(incoming.getByTestId('signin-login')).toHaveValue('s-1002');
  await incoming.getByTestId('signin-pin').fill('100222');
  await incoming.getByTestId('signin-submit').click();
  await expect(incoming).toHaveCount(0);
  await expect(counter.getByTestId('counter-teller')).toContainText('李强');
  await screenshot(counter, 'businessDay-counter-zh-CN');

  // The counter enrols itself (demo) and its records drain to the hub.
  await expect(counter.getByTestId('sync-pill')).toHaveAttribute('data-state', 'synced', { timeout: 60_000 });

  // ---- The morning meeting at the lead's screen (zh-CN) --------------------------------------
  const lead = await browser.newPage({ viewport: TALLER });
  await openLead(lead, hub.url, '/lead?lang=zh-CN');
  await expect(lead.getByTestId('bizday-lead-meeting')).toHaveAttribute('data-done', 'false');
  // The counter's checklist, as the hub received it: done, with the printer's problem shown.
  await expect(lead.getByTestId('bizday-lead-counter-1')).toHaveAttribute('data-checklist', 'problem', { timeout: 30_000 });
  await expect(lead.getByTestId('bizday-lead-counter-1')).toContainText('热敏纸剩一卷');
  await expect(lead.getByTestId('bizday-lead-counter-2')).toHaveAttribute('data-checklist', 'missing');
  await lead.getByTestId('bizday-open-meeting').click();
  const meeting = lead.getByTestId('bizday-meeting');
  await expect(meeting).toBeVisible();
  await expect(lead.getByTestId('bizday-figures')).toBeVisible();
  await expect(lead.getByTestId('bizday-meeting-submit')).toBeDisabled();
  await lead.getByTestId('bizday-meeting-chair').fill('赵行长');
  // Everyone on the branch's staff list is accounted for: present (appearance checked) or on leave.
  const staff = ((await read(hub.url, '/api/v1/config')) as { staff: Array<{ id: string }> }).staff.map((x) => x.id);
  expect(staff).toEqual(expect.arrayContaining(['s-1001', 's-1002', 's-1003', 's-1004']));
  for (const id of staff.filter((x) => x !== 's-1003')) {
    await lead.getByTestId(`bizday-attendance-${id}-present`).click();
    await lead.getByTestId(`bizday-appearance-${id}-all-ok`).click();
  }
  await lead.getByTestId('bizday-attendance-s-1003-leave').click();
  await lead.getByTestId('bizday-appearance-s-1004-badge-problem').click();
  await expect(meeting.getByTestId('bizday-missing')).toHaveAttribute('data-count', '3'); // note for s-1004, praise, plan
  await lead.getByTestId('bizday-appearance-note-s-1004').fill('工号牌遗忘，已补领临时牌');
  await lead.getByTestId('bizday-section-results').fill('昨日办结业务较前日上升，平均等候下降。');
  await lead.getByTestId('bizday-section-praise').fill('表扬王丽：收到客户感谢信三封。');
  await lead.getByTestId('bizday-section-plan').fill('今日养老金发放日，二号窗口 10:00 起加开个人业务；演练“客户资料不全”话术。');
  await expect(meeting.getByTestId('bizday-missing')).toHaveAttribute('data-count', '0');
  await screenshot(lead, 'businessDay-meeting-zh-CN');
  await lead.getByTestId('bizday-meeting-submit').click();
  await expect(meeting).toHaveCount(0);
  await expect(lead.getByTestId('bizday-lead-meeting')).toHaveAttribute('data-done', 'true');
  await expect(lead.getByTestId('bizday-lead-meeting')).toContainText('赵行长');
  await expect(lead.getByTestId('bizday-lead-counter-1')).toContainText('王丽 → 李强', { timeout: 30_000 });
  await screenshot(lead, 'businessDay-lead-zh-CN');

  // ---- Head office holds all three records ---------------------------------------------------
  await expect
    .poll(async () => new Set((await hqDocOps()).map((o) => o.docType)), { timeout: 60_000 })
    .toEqual(new Set(['opening_checklist', 'shift_handover', 'morning_meeting']));
  const atHq = await hqDocOps();
  expect(atHq.find((o) => o.docType === 'opening_checklist' && o.field === 'answers')).toMatchObject({ docId, value: expect.objectContaining({ printer: 'problem', computer: 'ok' }) });
  expect(atHq.find((o) => o.docType === 'morning_meeting' && o.field === 'chair')?.value).toBe('赵行长');
  expect(atHq.find((o) => o.docType === 'shift_handover' && o.field === 'toStaffId')?.value).toBe('s-1002');

  // ---- The same forms in the other languages (screenshots) -----------------------------------
  for (const lang of LANGS.filter((l) => l !== 'zh-CN')) {
    // Window 1's workstation again: its IndexedDB holds the checklist.
    const c = await workstation.newPage();
    // Window 1 is 李强's since the handover.
    await openCounter(c, hub.url, 1, `?lang=${lang}`, { login: 's-1002', pin: '100222' });
    await expect(c.getByTestId('bizday-checklist-state')).toHaveAttribute('data-done', 'true');
    await c.getByTestId('bizday-open-checklist').click();
    await expect(c.getByTestId('bizday-checklist-done-at')).toBeVisible();
    await screenshot(c, `businessDay-checklist-${lang}`);
    await c.keyboard.press('Escape');
    await c.getByTestId('bizday-open-handover').click();
    await c.getByTestId('bizday-handover-to').selectOption('s-1002');
    await c.getByTestId('bizday-handed-cash').fill('20,000.00');
    await c.getByTestId('bizday-check-devices_ok-problem').click();
    await screenshot(c, `businessDay-handover-${lang}`);
    await c.close();

    const l = await browser.newPage({ viewport: TALLER });
    await openLead(l, hub.url, `/lead?lang=${lang}`);
    await expect(l.getByTestId('bizday-lead-meeting')).toHaveAttribute('data-done', 'true');
    await screenshot(l, `businessDay-lead-${lang}`);
    await l.getByTestId('bizday-open-meeting').click();
    await expect(l.getByTestId('bizday-figures')).toBeVisible();
    await expect(l.getByTestId('bizday-meeting-chair')).toHaveValue('赵行长');
    await screenshot(l, `businessDay-meeting-${lang}`);
    await l.close();
  }
});
