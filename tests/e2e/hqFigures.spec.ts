import { expect, test } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { monotonicFactory } from 'ulid';
import { SYNC_PATHS } from '../../shared/sync/protocol.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { encodeHlc } from '../../shared/time/hlc.js';
import { HubProcess } from './support/hubProcess.js';
import { screenshot } from './support/screens.js';

/**
 * Head office's figures (issue 15): a branch's services of last month reach head office through
 * its hub; an administrator opens the network's figures and drills into the branch, opens the
 * network ranking, and downloads the branch's monthly report as a PDF.
 */

const ulid = monotonicFactory();
const BRANCH = 'demo-001';
let hub: HubProcess;
const seqs = new Map<string, number>();

test.beforeAll(async () => {
  hub = await HubProcess.start();
});
test.afterAll(async () => hub.stop());

function lastMonth(): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 15);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

function record(kind: string, deviceId: string, at: string, body: Record<string, unknown>): SyncRecord {
  // Each device numbers its own records from 1 without gaps, or head office counts the gap as records still to come.
  const seq = (seqs.get(deviceId) ?? 0) + 1;
  seqs.set(deviceId, seq);
  return { id: ulid(Date.parse(at)), kind, branchId: BRANCH, deviceId, deviceSeq: seq, hlc: encodeHlc({ wallMs: Date.parse(at), counter: 0, node: deviceId }), wallAt: at, body };
}

/** Six tickets served at window 1 by 王丽 on the 10th of last month, each rated. */
function servicesOf(day: string, hubId: string): SyncRecord[] {
  const out: SyncRecord[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  let n = 0;
  for (let i = 0; i < 6; i++) {
    const issued = Date.parse(`${day}T01:00:00.000Z`) + i * 600_000;
    const t = { id: `e2e-${day}-t${i}`, businessDay: day, service: 'A', number: `A${String(i + 1).padStart(3, '0')}`, priority: 'none', issuedAt: iso(issued), status: 'waiting', counter: null, targetCounter: null, calledAt: null, lastCalledAt: null, recalls: 0, startedAt: null, finishedAt: null, outcome: null, items: [], transfers: 0 };
    const ev = (type: string, at: number, ticket: Record<string, unknown>, detail: Record<string, unknown>, counter: number | null) =>
      record('queue.event', hubId, iso(at), { id: `e-e2e-${++n}`, seq: n, type, at: iso(at), branchId: BRANCH, counter, ticket, detail });
    const calledAt = issued + 120_000;
    const called = { ...t, status: 'called', counter: 1, calledAt: iso(calledAt), lastCalledAt: iso(calledAt) };
    const startAt = calledAt + 20_000;
    const started = { ...called, status: 'serving', startedAt: iso(startAt), items: ['A'] };
    const finishAt = startAt + 240_000;
    out.push(
      ev('ticket.issued', issued, t, {}, null),
      ev('ticket.called', calledAt, called, { waitSeconds: 120, staffId: 's-1001' }, 1),
      ev('service.started', startAt, started, { waitSeconds: 120, staffId: 's-1001' }, 1),
      ev('service.finished', finishAt, { ...started, status: 'done', finishedAt: iso(finishAt), outcome: 'completed' }, { outcome: 'completed', handlingSeconds: 240, staffId: 's-1001' }, 1),
      record('counter.event', 'c-e2e-1', iso(finishAt + 10_000), {
        type: 'rating.rated',
        counter: 1,
        payload: { ticketId: t.id, serviceId: `sv-${t.id}`, tellerId: 's-1001', counter: 1, finishedAt: iso(finishAt), status: 'rated', value: 4, source: 'rating_keypad', ratedAt: iso(finishAt + 10_000), ticketNumber: t.number, serviceCode: 'A', businessDay: day, scaleId: 'bank-4', followUpId: null },
      }),
    );
  }
  return out;
}

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
