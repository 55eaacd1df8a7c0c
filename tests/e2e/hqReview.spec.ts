import { expect, test } from './support/test.js';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import { SYNC_PATHS } from '../../shared/sync/protocol.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { encodeHlc } from '../../shared/time/hlc.js';
import { UPLOADS_PATH } from '../../shared/uploads/paths.js';
import { uploadFile } from '../../server/uploads/client/uploadFile.js';
import { HubProcess } from './support/hubProcess.js';
import { screenshot } from './support/screens.js';

/**
 * Head office reviews a sampled recording (issue 15): a branch's recordings and the teller's and
 * lead's comments reach head office through the relay; an auditor signs in at HQ, draws the
 * month's sample, hears a recording with the comments beside it and scores it on the checklist.
 */

const ulid = monotonicFactory();
const BRANCH = 'demo-001';
let hub: HubProcess;
let seq = 0;

test.beforeAll(async () => {
  hub = await HubProcess.start();
});
test.afterAll(async () => hub.stop());

async function hq(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(hub.hqUrl + path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.token ?? HubProcess.ADMIN_TOKEN}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

function record(kind: string, deviceId: string, at: string, body: Record<string, unknown>): SyncRecord {
  seq += 1;
  return { id: ulid(Date.parse(at)), kind, branchId: BRANCH, deviceId, deviceSeq: seq, hlc: encodeHlc({ wallMs: Date.parse(at), counter: 0, node: deviceId }), wallAt: at, body };
}

/** Two seconds of a 440 Hz tone: something the player can really play. */
function toneWav(): Buffer {
  const rate = 8000;
  const n = rate * 2;
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + n * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return b;
}

test('an auditor at head office reviews a sampled recording with the comments beside it and scores it', async ({ browser }) => {
  test.setTimeout(120_000);
  // A second hub enrolment of the demo branch relays what its counters recorded this month.
  const code = await hq('/api/v1/hq/enrol-codes', { method: 'POST', body: { branchId: BRANCH, role: 'hub' } });
  const enrolled = await fetch(hub.hqUrl + SYNC_PATHS.enrol, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code.json.code, deviceId: 'h-e2e', role: 'hub' }) });
  const hubToken = ((await enrolled.json()) as { token: string }).token;

  const audio = toneWav();
  const sha = createHash('sha256').update(audio).digest('hex');
  const startedAt = new Date(Date.now() - 3 * 3600_000).toISOString();
  const endedAt = new Date(Date.parse(startedAt) + 95_000).toISOString();
  const recordingId = ulid(Date.parse(startedAt));
  const payload = { recordingId, ticketId: 't-e2e-1', ticketNumber: 'A017', service: 'A', tellerId: 's-1001', startedAt, endedAt, durationMs: 95_000, bytes: audio.length, sha256: sha, finishedAs: 'complete', heldForDispute: false, silent: false };
  const at = (min: number) => new Date(Date.parse(endedAt) + min * 60_000).toISOString();
  const records = [
    record('counter.event', 'c-1', endedAt, { type: 'recording.finished', counter: 1, staffId: 's-1001', payload }),
    record('recording.review', 'h-e2e.reviews', at(30), { id: ulid(), recordingId, tellerId: 's-1001', authorId: 's-1001', authorRole: 'teller', voice: 'self', text: 'I greeted the customer but forgot to say goodbye.', at: at(30) }),
    record('recording.review', 'h-e2e.reviews', at(60), { id: ulid(), recordingId, tellerId: 's-1001', authorId: 's-9001', authorRole: 'lead', voice: 'lead', text: 'Explain the fee before asking for the card.', at: at(60) }),
  ];
  const pushed = await fetch(hub.hqUrl + SYNC_PATHS.push, { method: 'POST', headers: { authorization: `Bearer ${hubToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ deviceId: 'h-e2e', sentAt: new Date().toISOString(), records }) });
  expect(pushed.status).toBe(200);
  const dir = mkdtempSync(join(tmpdir(), 'hq-review-'));
  writeFileSync(join(dir, 'rec.ogg'), audio);
  await uploadFile({ endpoint: hub.hqUrl + UPLOADS_PATH, token: hubToken, filePath: join(dir, 'rec.ogg'), recordId: recordingId, sha256: sha, branchId: BRANCH, contentType: 'audio/ogg', urlStorageDir: join(dir, 'urls') });

  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${hub.hqUrl}/hq?lang=en#token=${HubProcess.ADMIN_TOKEN}`);
  await page.getByTestId('hq-tab-evaluation').click();
  await expect(page.getByTestId('hqe-branch')).toHaveValue(BRANCH);
  await page.getByTestId('hqe-draw').click();
  await expect(page.getByTestId('hqe-tellers')).toContainText('s-1001');
  await page.getByTestId(`hqe-rec-${recordingId}`).click();

  const comments = page.getByTestId('hqe-comments');
  await expect(comments).toContainText("Teller's self-review");
  await expect(comments).toContainText('forgot to say goodbye');
  await expect(comments).toContainText("Lead's comment");
  // Authors are named from the branch's configuration, not shown as staff ids.
  await expect(comments).not.toContainText('s-9001');
  await page.getByTestId('hqe-play').click();
  await expect(page.getByTestId('hqe-audio')).toBeVisible();
  await expect.poll(async () => page.getByTestId('hqe-audio').evaluate((a: HTMLAudioElement) => a.duration), { timeout: 15_000 }).toBeGreaterThan(1.5);

  await page.getByTestId('hqe-item-farewell').fill('0');
  await page.getByTestId('hqe-note').fill('No farewell.');
  await expect(page.getByTestId('hqe-total')).toHaveText('Total 85');
  await page.getByTestId('hqe-save').click();
  await expect(page.getByTestId('hqe-scored-by')).toContainText('Scored 85 by admin');
  await expect(page.getByTestId('hqe-tellers')).toContainText('85');
  await screenshot(page, 'hq-review-scored-en');

  // Stored with the reviewer's name, and the teller's review score is what the rankings read.
  const sample = await hq(`/api/v1/hq/evaluation/review/sample?month=${startedAt.slice(0, 7)}&branch=${BRANCH}`);
  const scored = (sample.json.sample as Array<{ recordingId: string; score: { total: number; reviewer: string } | null }>).find((s) => s.recordingId === recordingId);
  expect(scored?.score).toMatchObject({ total: 85, reviewer: 'admin' });

  await page.goto(`${hub.hqUrl}/hq?lang=zh-CN#token=${HubProcess.ADMIN_TOKEN}`);
  await page.getByTestId('hq-tab-evaluation').click();
  await page.getByTestId(`hqe-rec-${recordingId}`).click();
  await expect(page.getByTestId('hqe-comments')).toContainText('柜员自评');
  await screenshot(page, 'hq-review-scored-zh-CN');
  await page.getByTestId('hqe-section-inspection').click();
  await page.getByTestId('hqe-sheet-environment').fill('17');
  // A deduction without its reason cannot be submitted; with it, the sheet is stored and listed.
  await expect(page.getByTestId('hqe-sheet-submit')).toBeDisabled();
  await page.getByTestId('hqe-sheet-form').locator('input[aria-invalid="true"]').fill('宣传资料摆放凌乱');
  await page.getByTestId('hqe-sheet-submit').click();
  await expect(page.getByTestId('hqe-sheets')).toContainText('97');
  await screenshot(page, 'hq-inspection-zh-CN');

  // The items and weights are configuration: edited here, used by the next sheet.
  await page.getByTestId('hqe-tpl-edit').click();
  await page.getByTestId('hqe-tpl-weight-environment').fill('40');
  await screenshot(page, 'hq-inspection-template-zh-CN');
  await page.getByTestId('hqe-tpl-save').click();
  await expect(page.getByTestId('hqe-template-editor')).toBeHidden();
  const templates = (await hq('/api/v1/hq/evaluation/templates')).json.templates as Array<{ id: string; items: Array<{ id: string; weight: number }> }>;
  expect(templates.find((x) => x.id === 'branch_standard')?.items.find((i) => i.id === 'environment')?.weight).toBe(40);

  await page.goto(`${hub.hqUrl}/hq?lang=zh-TW#token=${HubProcess.ADMIN_TOKEN}`);
  await page.getByTestId('hq-tab-evaluation').click();
  await page.getByTestId(`hqe-rec-${recordingId}`).click();
  await expect(page.getByTestId('hqe-comments')).toContainText('櫃員自評');
  await screenshot(page, 'hq-review-scored-zh-TW');
});
