import { expect, test } from './support/test.js';
import type { Browser, Page } from '@playwright/test';
import { asLead, asTeller, issueTicket, ok } from './support/hubApi.js';
import { counterStoreRows } from './support/counterStore.js';
import { HubProcess } from './support/hubProcess.js';
import { pageIn, screenshot } from './support/screens.js';
import { signInAtCounter } from './support/signIn.js';

/**
 * The screenshot walk (issues 12 and 15): the counter's sign-in, lock and enrolment screens and
 * every head-office tab and configuration section, in zh-CN, zh-TW and en, each in a browser
 * whose locale is the screen's language and at the screen's real size. The pictures go to
 * artifacts/screenshots/screens-*.png to be looked at; the assertions only make sure each
 * picture shows the screen it is named after, in its language.
 */

const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;
type Lang = (typeof LANGS)[number];
const COUNTER = { width: 1366, height: 768 };
const HQ = { width: 1920, height: 1080 };
const BRANCH = 'demo-001';
const HTML_LANG: Record<Lang, string> = { 'zh-CN': 'zh-Hans-CN', 'zh-TW': 'zh-Hant-TW', en: 'en' };
const CONFIG_SECTIONS = ['branch', 'services', 'windows', 'staff', 'hours', 'phrases', 'thresholds', 'pauses', 'complaints'] as const;

let hub: HubProcess;
test.beforeAll(async () => {
  hub = await HubProcess.start();
});
test.afterAll(async () => hub.stop());

/** A few services at window 1 today, so this month's figures, rankings and report have rows. */
async function serveToday(n: number): Promise<void> {
  const teller = await asTeller(hub.url, 1);
  const command = (name: string, body: unknown = {}) =>
    ok(hub.url, 'POST', `/api/v1/counters/1/${name}`, { creds: teller, body, headers: { 'idempotency-key': `screens-${name}-${Math.random().toString(36).slice(2)}` } });
  for (let i = 0; i < n; i++) {
    await issueTicket(hub.url, { service: 'A' });
    await command('call-next');
    await command('start');
    await command('finish', { outcome: 'completed' });
  }
}

/** The head-office page in `lang`, past its admin token, on the tab given. */
async function openHq(browser: Browser, lang: Lang): Promise<Page> {
  const page = await pageIn(browser, lang, HQ);
  await page.goto(`${hub.hqUrl}/hq?lang=${lang}#token=${HubProcess.ADMIN_TOKEN}`);
  await expect(page.getByTestId(`hq-branch-${BRANCH}`)).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('html')).toHaveAttribute('lang', HTML_LANG[lang]);
  return page;
}

/** Lets fonts and the last fetch settle, so the picture is what a person would see. */
async function shoot(page: Page, name: string, o: { viewport?: boolean } = {}): Promise<void> {
  await page.waitForTimeout(400);
  await screenshot(page, `screens-${name}`, o);
}

test('the counter: sign-in, lock and enrolment in zh-CN, zh-TW and en', async ({ browser }) => {
  test.setTimeout(240_000);
  for (const lang of LANGS) {
    const counter = await pageIn(browser, lang, COUNTER);
    await counter.goto(`${hub.url}/counter/2?lang=${lang}`);
    await expect(counter.getByTestId('signin-screen')).toBeVisible({ timeout: 30_000 });
    await shoot(counter, `counter-sign-in-${lang}`, { viewport: true });
    await signInAtCounter(counter, 2);
    await counter.getByTestId('session-lock').click();
    await expect(counter.getByTestId('lock-screen')).toBeVisible();
    await shoot(counter, `counter-lock-${lang}`, { viewport: true });
    await counter.context().close();
  }

  // Window 4's counter, revoked by the lead, asks for a one-time code (a browser per language,
  // each with its own storage: each enrols by itself in the demo, then is revoked).
  for (const lang of LANGS) {
    const counter = await pageIn(browser, lang, COUNTER);
    await counter.goto(`${hub.url}/counter/4?lang=${lang}`);
    await expect(counter.getByTestId('signin-screen')).toBeVisible({ timeout: 30_000 });
    const meta = await counterStoreRows<{ key: string; value: string }>(counter, 4, 'meta');
    const deviceId = meta.find((m) => m.key === 'deviceId')?.value;
    expect(deviceId).toBeTruthy();
    await ok(hub.url, 'POST', `/api/v1/devices/${deviceId}/revoke`, { creds: await asLead(hub.url), body: {} });
    await counter.reload();
    await expect(counter.getByTestId('enrol-screen')).toBeVisible({ timeout: 30_000 });
    await expect(counter.getByTestId('enrol-revoked')).toBeVisible();
    await shoot(counter, `counter-enrol-${lang}`, { viewport: true });
    await counter.context().close();
  }
});

test('head office: every tab and configuration section in zh-CN, zh-TW and en', async ({ browser }) => {
  // About 55 pictures at 1920x1080: 44 s measured in the full run, 6.9 min while the earlier
  // specs' pages were left open (support/test.ts now closes them); room for a slow machine.
  test.setTimeout(300_000);
  await serveToday(3);
  for (const lang of LANGS) {
    const page = await openHq(browser, lang);
    await shoot(page, `hq-overview-${lang}`);

    // Figures of this month (the default is last month, the report's): the network, then the branch.
    await page.getByTestId('hq-tab-figures').click();
    await page.getByTestId('hqf-period-next').click();
    const row = page.locator(`[data-testid="hqf-table-branches"] tr[data-row="branch:${BRANCH}"]`);
    await expect(row.locator('[data-col="arrivals"]')).not.toHaveText('0', { timeout: 30_000 });
    await shoot(page, `hq-figures-network-${lang}`, { viewport: true });
    await row.click();
    await expect(page.getByTestId('hqf-table-tellers')).toBeVisible();
    await shoot(page, `hq-figures-branch-${lang}`, { viewport: true });

    await page.getByTestId('hq-tab-rankings').click();
    await page.getByTestId('hqr-month-next').click();
    await expect(page.getByTestId('hqr-row').first()).toBeVisible({ timeout: 30_000 });
    await shoot(page, `hq-rankings-branches-${lang}`, { viewport: true });
    await page.getByTestId('hqr-of-tellers').click();
    await expect(page.getByTestId('hqr-row').first()).toBeVisible({ timeout: 30_000 });
    await shoot(page, `hq-rankings-tellers-${lang}`, { viewport: true });

    await page.getByTestId('hq-tab-reports').click();
    await page.getByTestId('hqp-month-next').click();
    await page.getByTestId('hqp-generate').click();
    await expect(page.getByTestId('hqp-note')).toBeVisible({ timeout: 60_000 });
    await shoot(page, `hq-reports-${lang}`, { viewport: true });

    await page.getByTestId('hq-tab-config').click();
    await expect(page.getByTestId(`cfg-branch-${BRANCH}`)).toBeVisible();
    for (const section of CONFIG_SECTIONS) {
      await page.getByTestId(`cfg-tab-${section}`).click();
      await expect(page.getByTestId(`cfg-${section}`)).toBeVisible();
      await shoot(page, `hq-config-${section}-${lang}`, { viewport: true });
    }
    // The catalogue's three languages side by side, once editing has started from the default's copy.
    await page.getByTestId('cfg-tab-phrases').click();
    await page.getByTestId('cfg-phrases-copy').click();
    await expect(page.getByTestId('cfg-standards.phraseCatalogue.phrases.0.text.zh-TW')).not.toHaveValue('');
    await shoot(page, `hq-config-phrases-edit-${lang}`, { viewport: true });

    await page.getByTestId('hq-tab-evaluation').click();
    await expect(page.getByTestId('hq-evaluation')).toBeVisible();
    await shoot(page, `hq-evaluation-review-${lang}`, { viewport: true });
    await page.getByTestId('hqe-section-inspection').click();
    await shoot(page, `hq-evaluation-inspection-${lang}`, { viewport: true });
    await page.context().close();
  }
});
