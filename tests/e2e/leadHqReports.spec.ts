import { expect, test } from './support/test.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { HubProcess } from './support/hubProcess.js';
import { lastMonth, relayToHq, servicesOf } from './support/hqServices.js';
import { screenshot } from './support/screens.js';
import { openLead } from './support/signIn.js';

/**
 * Issue 15, "sent to each branch through the sync": head office makes last month's reports; the
 * branch's hub pulls the month (score, rank, figures) and fetches the files; the lead opens the
 * Month tab, sees the month from head office and opens its PDF. Head office's reports tab says
 * when each was made in the branch's zone.
 */

const BRANCH = 'demo-001';
const SHOTS = '/tmp/shots-reports';
let hub: HubProcess;

test.beforeAll(async () => {
  hub = await HubProcess.start();
  mkdirSync(SHOTS, { recursive: true });
});
test.afterAll(async () => hub.stop());

test("the lead sees head office's monthly report of the branch on the Month tab and opens its PDF", async ({ browser }) => {
  test.setTimeout(240_000);
  const month = lastMonth();
  await relayToHq(hub.hqUrl, HubProcess.ADMIN_TOKEN, 'h-e2e-reports', servicesOf(`${month}-10`, 'h-e2e-reports'));
  const made = await fetch(`${hub.hqUrl}/api/v1/hq/reports/${month}/generate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${HubProcess.ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ langs: ['zh-CN', 'zh-TW', 'en'] }),
  });
  expect(made.status).toBe(200);

  for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await openLead(page, hub.url, `/lead/month?lang=${lang}`);
    const row = page.locator(`[data-testid="lead-hqr-row"][data-month="${month}"]`);
    // The hub pulls head office's documents every 30 s: look again (leave the tab and come back) until the month is there.
    await expect(async () => {
      await page.getByTestId('lead-tab-day').click();
      await page.getByTestId('lead-tab-month').click();
      await expect(row).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 120_000 });
    await expect(row).toContainText(lang === 'en' ? '1 of 1' : lang === 'zh-TW' ? '第 1 名 / 共 1 個' : '第 1 名 / 共 1 个');
    await expect(row.locator('td').nth(3)).toHaveText('6');
    // The month's tellers' ranking folds out under the list.
    await page.getByTestId('lead-hqr-tellers').locator('summary').click();
    await expect(page.getByTestId('lead-hqr-tellers')).toContainText(lang === 'en' ? 'Wang Li' : lang === 'zh-TW' ? '王麗' : '王丽');
    await screenshot(page, `lead-hq-reports-${lang}`, { viewport: true });
    await page.screenshot({ path: `${SHOTS}/lead-month-${lang}.png` });

    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId(`lead-hqr-pdf-${month}`).click()]);
    expect(popup.url()).toMatch(/^blob:/);
    await popup.waitForLoadState();
    if (lang === 'zh-CN') {
      // The browser's PDF viewer draws the pages after the load: only for the picture to look at.
      await popup.waitForTimeout(3_000);
      await popup.screenshot({ path: `${SHOTS}/lead-pdf-${lang}.png` });
    }
    // What opened is the branch's report: a PDF (kept beside the screenshots to be looked at).
    const b64 = await popup.evaluate(async () => {
      const bytes = new Uint8Array(await (await fetch(location.href)).arrayBuffer());
      let s = '';
      for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
      return btoa(s);
    });
    const pdf = Buffer.from(b64, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    writeFileSync(`${SHOTS}/lead-opened-${lang}.pdf`, pdf);
    await popup.close();
    // Once opened, the file is kept on the hub.
    await page.getByTestId('lead-tab-day').click();
    await page.getByTestId('lead-tab-month').click();
    await expect(page.getByTestId(`lead-hqr-pdf-${month}`)).toHaveAttribute('data-here', 'true');
    await page.close();
  }

  // Head office's reports tab: when each report was made, in the zone it is dated in.
  for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${hub.hqUrl}/hq?lang=${lang}#token=${HubProcess.ADMIN_TOKEN}`);
    await page.getByTestId('hq-tab-reports').click();
    const branchRow = page.locator(`[data-testid="hqp-row"][data-row="${BRANCH}"]`);
    await expect(branchRow.getByTestId('hqp-zone').first()).toHaveText('(Asia/Shanghai)');
    await page.screenshot({ path: `${SHOTS}/hq-reports-${lang}.png` });
    await page.close();
  }
});
