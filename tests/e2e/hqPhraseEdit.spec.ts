import { expect, test } from './support/test.js';
import { bankCatalogue } from '../../shared/phrases/data/index.js';
import { issueTicket, read } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';
import { pageIn, screenshot } from './support/screens.js';
import { openCounter } from './support/signIn.js';

/**
 * Head office edits a phrase of the branch's catalogue (the three languages side by side) and a
 * threshold (recalls before a no-show) on its configuration screen (issue 15). Saved as one new
 * version, it reaches the branch through the configuration sync, head office shows the branch's
 * applied version, and the counter opened afterwards offers the new greeting and asks for one
 * recall less before a no-show.
 */

let hub: HubProcess;
test.beforeAll(async () => {
  hub = await HubProcess.start();
});
test.afterAll(async () => hub.stop());

const GREETING = bankCatalogue.phrases.findIndex((p) => p.id === 'bank.greeting');
const EDITED = { 'zh-CN': '您好，欢迎光临，请问办理什么业务？', 'zh-TW': '您好，歡迎光臨，請問辦理什麼業務？', en: 'Welcome, how may I help you today?' } as const;

test('a phrase and a threshold edited at head office reach the branch counter, with the applied version shown at head office', async ({ browser }) => {
  test.setTimeout(180_000);
  expect(GREETING).toBeGreaterThanOrEqual(0);
  const hq = await pageIn(browser, 'en', { width: 1920, height: 1080 });
  await hq.goto(`${hub.hqUrl}/hq?lang=en#token=${HubProcess.ADMIN_TOKEN}`);
  await hq.getByTestId('hq-tab-config').click();
  await expect(hq.getByTestId('cfg-branch-demo-001')).toContainText('Branch applied version 1', { timeout: 60_000 });

  // The demo branch uses the bank type's default catalogue: editing starts from a copy of it.
  await hq.getByTestId('cfg-tab-phrases').click();
  await hq.getByTestId('cfg-phrases-copy').click();
  const text = (lang: keyof typeof EDITED) => hq.getByTestId(`cfg-standards.phraseCatalogue.phrases.${GREETING}.text.${lang}`);
  await expect(text('zh-CN')).toHaveValue(bankCatalogue.phrases[GREETING]!.text['zh-CN']);
  for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) await text(lang).fill(EDITED[lang]);
  await screenshot(hq, 'hq-config-phrase-edit-en', { viewport: true });

  // The threshold: one recall, not two, before the teller may mark a no-show.
  await hq.getByTestId('cfg-tab-thresholds').click();
  await expect(hq.getByTestId('cfg-policy.recallsBeforeNoShow')).toHaveValue('2');
  await hq.getByTestId('cfg-policy.recallsBeforeNoShow').fill('1');
  await hq.getByTestId('cfg-save').click();
  await expect(hq.getByTestId('cfg-note')).toContainText('Saved as version 2');
  await expect(hq.getByTestId('cfg-version-2')).toContainText('policy.recallsBeforeNoShow changed: 2 → 1');

  // The hub pulls the new version and applies it; head office shows the branch's applied version.
  await expect
    .poll(async () => (await read(hub.url, '/api/v1/config')).policy.recallsBeforeNoShow, { timeout: 75_000 })
    .toBe(1);
  const applied = await read(hub.url, '/api/v1/config');
  const greeting = applied.standards.phraseCatalogue.phrases.find((p: { id: string }) => p.id === 'bank.greeting');
  expect(greeting.text).toEqual(EDITED);
  await expect(hq.getByTestId('cfg-state-2')).toHaveText('Applied by the branch', { timeout: 30_000 });
  await expect(hq.getByTestId('cfg-branch-demo-001')).toContainText('Branch applied version 2', { timeout: 30_000 });

  // The counter, opened now: the called ticket is greeted with the edited text (its language and
  // English beneath), and the no-show asks for one recall, no longer two.
  const counter = await pageIn(browser, 'zh-CN', { width: 1366, height: 768 });
  await openCounter(counter, hub.url, 1, '?lang=zh-CN');
  await issueTicket(hub.url, { service: 'A' });
  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('current-ticket')).toHaveAttribute('data-status', 'called');
  await expect(counter.getByTestId('phrase-panel')).toHaveAttribute('data-moment', 'ticket_called');
  const offered = counter.getByTestId('phrase-bank.greeting');
  await expect(offered).toContainText(EDITED['zh-CN']);
  await expect(offered).toContainText(EDITED.en);
  await expect(counter.getByTestId('action-no-show')).toBeDisabled();
  await expect(counter.getByTestId('action-no-show')).toContainText('还需重呼 1 次');
  await screenshot(counter, 'hq-config-counter-phrase-zh-CN', { viewport: true });
  // After that one recall, the only wait left is the walk to the window, not another recall.
  await counter.getByTestId('action-recall').click();
  await expect(counter.getByTestId('recall-count')).toBeVisible();
  await expect(counter.getByTestId('action-no-show')).toContainText('秒后可过号');
});
