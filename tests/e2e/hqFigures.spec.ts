import { expect, test } from './support/test.js';
import { mkdirSync, readFileSync } from 'node:fs';
import { SYNC_PATHS } from '../../shared/sync/protocol.js';
import { HubProcess } from './support/hubProcess.js';
import { screenshot } from './support/screens.js';
import { lastMonth, servicesOf } from './support/hqServices.js';

/**
 * Head office's figures (issue 15): a branch's services of last month reach head office through
 * its hub; an administrator opens the network's figures and drills into the branch, opens the
 * network ranking, and downloads the branch's monthly report as a PDF.
 */

const BRANCH = 'demo-001';
let hub: HubProcess;

test.beforeAll(async () => {
  hub = await HubProcess.start();
});
test.afterAll(async () => hub.stop());

test('an administrator opens the figures, the network ranking and a branch monthly report as PDF', async ({ browser }) => {
  test.setTimeout(180_000);
  const month = lastMonth();
  const admin = { authorization: `Bearer ${HubProcess.ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const code = (await (await fetch(`${hub.hqUrl}/api/v1/hq/enrol-codes`, { method: 'POST', headers: admin, body: JSON.stringify({ branchId: BRANCH, role: 'hub' }) })).json()) as { code: string };
  const enrolled = await fetch(hub.hqUrl + SYNC_PATHS.enrol, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code.code, deviceId: 'h-e2e-fig', role: 'hub' }) });
  const hubToken = ((await enrolled.json()) as { token: string }).token;
  const pushed = await fetch(hub.hqUrl + SYNC_PATHS.push, {
    method: 'POST',
    headers: { authorization: `Bearer ${hubToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ deviceId: 'h-e2e-fig', sentAt: new Date().toISOString(), records: servicesOf(`${month}-10`, 'h-e2e-fig') }),
  });
  expect(pushed.status).toBe(200);

  const shots = '/tmp/shots-hqscreens';
  mkdirSync(shots, { recursive: true });
  for (const lang of ['en', 'zh-CN'] as const) {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true });
    await page.goto(`${hub.hqUrl}/hq?lang=${lang}#token=${HubProcess.ADMIN_TOKEN}`);
    const branchName = lang === 'en' ? 'Demo Branch' : '演示支行';

    // Devices and sync: the branch by its name, with a state in words.
    await expect(page.getByTestId(`hq-branch-${BRANCH}`)).toContainText(branchName);
    await expect(page.getByTestId(`hq-branch-${BRANCH}`).getByTestId('hq-branch-state')).not.toBeEmpty();
    await page.screenshot({ path: `${shots}/console-${lang}.png` });

    // Figures: last month by default; the branch's six tickets; drill down to its windows and tellers.
    await page.getByTestId('hq-tab-figures').click();
    await expect(page.getByTestId('hq-figures')).toHaveAttribute('data-period', month);
    const row = page.locator(`[data-testid="hqf-table-branches"] tr[data-row="branch:${BRANCH}"]`);
    await expect(row.locator('[data-col="arrivals"]')).toHaveText('6');
    await expect(row.locator('[data-col="name"]')).toHaveText(branchName);
    await page.screenshot({ path: `${shots}/figures-network-${lang}.png` });
    await row.click();
    await expect(page.getByTestId('hqf-table-tellers')).toContainText(lang === 'en' ? 'Wang Li' : '王丽');
    await page.screenshot({ path: `${shots}/figures-branch-${lang}.png` });

    // The network ranking, against the pass mark.
    await page.getByTestId('hq-tab-rankings').click();
    await expect(page.getByTestId('hq-rankings')).toContainText(lang === 'en' ? 'Pass mark 95' : '达标线 95 分');
    await expect(page.getByTestId('hqr-row').first()).toContainText(branchName);
    await page.screenshot({ path: `${shots}/rankings-${lang}.png` });
    await page.getByTestId('hqr-of-tellers').click();
    await expect(page.getByTestId('hqr-row').first()).toContainText(lang === 'en' ? 'Wang Li' : '王丽');
    await page.screenshot({ path: `${shots}/rankings-tellers-${lang}.png` });
    if (lang === 'en') {
      // Granting the month's stars writes them into the branch's configuration (a new version if any changed).
      await page.getByTestId('hqr-grant-start').click();
      await page.getByTestId('hqr-grant-confirm').click();
      await expect(page.getByTestId('hqr-grant-result')).toBeVisible();
      await screenshot(page, 'hq-rankings-granted-en');
      const ranked = (await (await fetch(`${hub.hqUrl}/api/v1/hq/rankings?month=${month}&of=tellers`, { headers: admin })).json()) as { rows: Array<{ id: string; stars: number | null }> };
      const edit = (await (await fetch(`${hub.hqUrl}/api/v1/hq/config/branches/${BRANCH}`, { headers: admin })).json()) as { config: { staff: Array<{ id: string; stars: number }> } };
      const rankedStars = ranked.rows.filter((r) => r.stars !== null).map((r) => [r.id.split('/')[1], r.stars]);
      expect(rankedStars.length).toBeGreaterThan(0);
      expect(rankedStars.map(([id]) => [id, edit.config.staff.find((s) => s.id === id)?.stars])).toEqual(rankedStars);
    }

    // The branch's monthly report, as a PDF in the screen's language.
    await page.getByTestId('hq-tab-reports').click();
    await expect(page.locator(`[data-testid="hqp-row"][data-row="${BRANCH}"]`)).toContainText(branchName);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`hqp-pdf-${BRANCH}`).click()]);
    expect(download.suggestedFilename()).toBe(`guichet-${BRANCH}-${month}-${lang}.pdf`);
    const file = `${shots}/report-${BRANCH}-${lang}.pdf`;
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expect(page.locator(`[data-testid="hqp-row"][data-row="${BRANCH}"]`)).toContainText('PDF');
    await page.screenshot({ path: `${shots}/reports-${lang}.png` });
    await screenshot(page, `hq-reports-${lang}`);
    await page.close();
  }
});
