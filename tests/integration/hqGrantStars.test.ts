import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { BranchConfig } from '../../shared/config/schema.js';
import { CONFIG_BRANCH } from '../../shared/sync/kinds.js';
import { putConfigDoc } from '../../server/sync/configDocs.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import type { RunningHq } from '../../server/hq/hqServer.js';
import { seedTellerMarch } from '../support/hqTellerMonth.js';

/*
 * Granting a month's stars (issue 15: stars "shown on the counter and its display once granted"):
 * the computed stars become the tellers' stars in the branch's configuration, as a new version
 * saved by the granting admin, PIN verifiers untouched; granting again changes nothing.
 */

const ADMIN = 'test-admin-token-grantstars-0123';
const NOW = new Date('2026-04-02T03:00:00Z');

describe('granting the stars of a month', () => {
  let hq: RunningHq;
  let dir: string;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${ADMIN}` }) => {
    const res = await fetch(hq.url + path, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const stored = async (): Promise<{ version: number; config: BranchConfig }> => {
    const { rows } = await hq.db.query<{ version: number | string; body: unknown }>('select version, body from config_docs where kind = $1 and key = $2', [CONFIG_BRANCH, 'demo-001']);
    return { version: Number(rows[0]!.version), config: BranchConfig.parse(rows[0]!.body) };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hq-grant-stars-'));
    hq = await startHqServer({ port: 0, host: '127.0.0.1', dataDir: dir, adminToken: ADMIN, logLevel: 'silent', now: () => NOW });
    await putConfigDoc(hq.db, CONFIG_BRANCH, 'demo-001', demoBranch('2026-03-02'));
    // 王丽 (s-1001, three stars in the demo) had a March of 95 % satisfied: two stars by the default criteria.
    await seedTellerMarch(hq.db);
  }, 60_000);
  afterAll(async () => {
    await hq.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is refused without the administrator token, and changes nothing', async () => {
    const before = await stored();
    const r = await call('POST', '/api/v1/hq/rankings/2026-03/grant-stars', {}, {});
    expect(r.status).toBe(401);
    expect(await stored()).toEqual(before);
  });

  it('writes the computed stars into the branch configuration as a new version, verifiers kept; again, nothing', async () => {
    const before = await stored();
    const ranked = (await call('GET', '/api/v1/hq/rankings?month=2026-03&of=tellers')).body;
    expect(ranked.rows.map((r: any) => [r.id, r.stars])).toEqual([['demo-001/s-1001', 2]]);

    const r = await call('POST', '/api/v1/hq/rankings/2026-03/grant-stars', {});
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      month: '2026-03',
      branches: [{ branchId: 'demo-001', version: before.version + 1, refused: null, changes: [{ staffId: 's-1001', name: { 'zh-CN': '王丽', 'zh-TW': '王麗', en: 'Wang Li' }, from: 3, to: 2 }] }],
    });
    const after = await stored();
    expect(after.version).toBe(before.version + 1);
    expect(after.config.staff.find((s) => s.id === 's-1001')!.stars).toBe(2);
    // Everyone else as they were, verifiers included (a grant never touches a PIN).
    expect(after.config.staff.map((s) => (s.id === 's-1001' ? { ...s, stars: 3 } : s))).toEqual(before.config.staff);
    const versions = (await call('GET', '/api/v1/hq/config/branches/demo-001/versions')).body;
    expect(JSON.stringify(versions)).toContain('admin');

    const again = await call('POST', '/api/v1/hq/rankings/2026-03/grant-stars', {});
    expect(again.body).toEqual({ month: '2026-03', branches: [{ branchId: 'demo-001', version: null, refused: null, changes: [] }] });
    expect((await stored()).version).toBe(after.version);
  });

  it('refuses a malformed month or body with the project’s error shape', async () => {
    for (const [path, body] of [
      ['/api/v1/hq/rankings/2026-13/grant-stars', {}],
      ['/api/v1/hq/rankings/2026-03/grant-stars', { branchId: 'Not A Branch' }],
      ['/api/v1/hq/rankings/2026-03/grant-stars', { extra: true }],
    ] as const) {
      const r = await call('POST', path, body);
      expect(r.status, path).toBe(400);
      expect(r.body.error.code).toBe('bad_request');
    }
  });
});
