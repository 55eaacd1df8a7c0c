import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import i18next from 'i18next';
import type { TFunction } from 'i18next';
import { DEFAULT_EVALUATION_POLICY } from '../../shared/evaluation/policy.js';
import type { EvaluationPolicy } from '../../shared/evaluation/policy.js';
import { resources } from '../../shared/i18n/resources/index.js';
import { LANGS } from '../../shared/i18n/localized.js';
import type { Lang } from '../../shared/i18n/localized.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import { hqMigrations } from '../../server/hq/migrations.js';
import { currentPolicy, policyForMonth, savePolicy } from '../../server/hq/evaluation/policyStore.js';
import type { SqlDb } from '../../server/db/sqlDb.js';
import { DB_TARGETS, freshSqlDb } from '../support/testDatabases.js';
import type { RunningHq } from '../../server/hq/hqServer.js';
import { seedTellerMarch } from '../support/hqTellerMonth.js';
import { policyIssueText } from '../../renderer/hq/evaluation/policyText.js';

/*
 * Head office's evaluation policy (issue 15): the score sheets and star criteria are configuration,
 * versioned with who and when, refused with the field named (said in the three languages), and
 * the rankings score and star by the version in force.
 */

const ADMIN = 'test-admin-token-evalpolicy-0123';
// The month under review is still running, so a policy saved now is the one it is judged by.
const NOW = new Date('2026-03-20T03:00:00Z');

describe('the evaluation policy at head office', () => {
  let hq: RunningHq;
  let dir: string;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(hq.url + path, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const edited = (change: (p: EvaluationPolicy) => void): EvaluationPolicy => {
    const p = structuredClone(DEFAULT_EVALUATION_POLICY);
    change(p);
    return p;
  };
  const tellerOfMonth = async () => (await call('GET', '/api/v1/hq/rankings?month=2026-03&of=tellers')).body;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hq-eval-policy-'));
    hq = await startHqServer({ port: 0, host: '127.0.0.1', dataDir: dir, adminToken: ADMIN, logLevel: 'silent', now: () => NOW });
    // One teller's March as the figures keep it (two stars by the defaults).
    await seedTellerMarch(hq.db);
  }, 60_000);
  afterAll(async () => {
    await hq.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts at the shipped defaults, version 0, and ranks by them', async () => {
    const r = await call('GET', '/api/v1/hq/evaluation/policy');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ version: 0, savedBy: null, savedAt: null, history: [] });
    expect(r.body.policy.branchSheet.passMark).toBe(95);
    expect(r.body.policy.stars.targetShares).toEqual([0.85, 0.5, 0.3]);
    const ranked = await tellerOfMonth();
    // 95 % satisfied: two stars, three need 98 %.
    expect(ranked.rows.map((row: any) => [row.id, row.stars, row.starShortfalls[0]?.code])).toEqual([['demo-001/s-1001', 2, 'satisfaction']]);
  });

  it('refuses an invalid edit with the field named, said in the three languages, and stores nothing', async () => {
    const bad = edited((p) => ((p.stars.targetShares = [0.85, 0.9, 0.3]), (p.tellerSheet.passMark = 101)));
    const r = await call('PUT', '/api/v1/hq/evaluation/policy', { baseVersion: 0, policy: bad });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'bad_request', reason: 'invalid_config' });
    // Both mistakes named at once: the schema's bound and the shares' own rule.
    expect(r.body.error.issues).toEqual([
      { code: 'out_of_range', path: ['tellerSheet', 'passMark'], detail: { max: 100 } },
      { code: 'out_of_range', path: ['stars', 'targetShares', 1], detail: { min: 0, max: 0.85 } },
    ]);
    const issue = r.body.error.issues[1];

    const said: Record<Lang, string> = {} as Record<Lang, string>;
    for (const lng of LANGS) {
      const i = i18next.createInstance();
      await i.init({ resources, lng, interpolation: { escapeValue: false } });
      said[lng] = policyIssueText(i.t as TFunction, issue);
    }
    expect(said).toEqual({
      'zh-CN': '二星 · 目标占比（%，该星级及以上）：超出范围（0%–85%）',
      'zh-TW': '二星 · 目標佔比（%，該星級及以上）：超出範圍（0%–85%）',
      en: 'Two stars · Target share (%, this level or above): Out of range (0%–85%)',
    });
    const teller = policyIssueText((await i18next.createInstance().init({ resources, lng: 'en', interpolation: { escapeValue: false } })) as TFunction, r.body.error.issues[0]);
    expect(teller).toBe('Teller · Pass mark (points): Out of range (at most 100)');

    expect((await call('GET', '/api/v1/hq/evaluation/policy')).body.version).toBe(0);
  });

  it('saves an edit as the next version with who and when, and the rankings star and score by it', async () => {
    const policy = edited((p) => ((p.stars.levels[2].minSatisfaction = 0.95), (p.tellerSheet.passMark = 80), (p.stars.targetShares = [0.9, 0.6, 0.4])));
    const r = await call('PUT', '/api/v1/hq/evaluation/policy', { baseVersion: 0, policy });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ version: 1, savedBy: 'admin', savedAt: NOW.toISOString(), history: [{ version: 1, savedBy: 'admin', savedAt: NOW.toISOString() }] });
    expect(r.body.policy).toEqual(policy);

    const ranked = await tellerOfMonth();
    expect(ranked.passMark).toBe(80);
    expect(ranked.rows.map((row: any) => [row.stars, row.starShortfalls])).toEqual([[3, []]]);
    expect(ranked.starShares.map((s: any) => [s.target, s.met])).toEqual([
      [0.9, true],
      [0.6, true],
      [0.4, true],
    ]);
  });

  it('refuses an edit made from an older version (someone saved meanwhile)', async () => {
    const r = await call('PUT', '/api/v1/hq/evaluation/policy', { baseVersion: 0, policy: DEFAULT_EVALUATION_POLICY });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
    const now = (await call('GET', '/api/v1/hq/evaluation/policy')).body;
    expect(now.version).toBe(1);
    expect(now.policy.tellerSheet.passMark).toBe(80);
  });

  it('judges a month by the version saved before it ended: a later edit applies to the months after', async () => {
    const march = (await tellerOfMonth()).rows[0];
    const top = Number((await hq.db.query<{ v: number | string }>('select max(version) as v from hq_eval_policy')).rows[0]!.v);
    const stricter = edited((p) => (p.tellerSheet.passMark = 99));
    // Saved at 00:30 on 1 April in Beijing (still 31 March in UTC): after March ended at head office.
    await hq.db.query('insert into hq_eval_policy (version, body, saved_by, saved_at) values ($1, $2::jsonb, $3, $4)', [top + 1, JSON.stringify(stricter), 'later', '2026-03-31T16:30:00Z']);
    expect((await policyForMonth(hq.db, '2026-03')).tellerSheet.passMark).not.toBe(99);
    expect((await policyForMonth(hq.db, '2026-04')).tellerSheet.passMark).toBe(99);
    // March ranks exactly as before the edit.
    expect((await tellerOfMonth()).rows[0]).toEqual(march);
    expect((await call('GET', '/api/v1/hq/rankings?month=2026-04&of=tellers')).body.passMark).toBe(99);
  });
});

for (const target of DB_TARGETS) {
  describe(`the evaluation policy's versions on ${target}`, () => {
    let db: SqlDb;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ db, drop } = await freshSqlDb(target, hqMigrations));
    }, 60_000);
    afterAll(async () => drop());

    it('lets one of two saves made from the same version through, and the other is told to reload', async () => {
      const a = structuredClone(DEFAULT_EVALUATION_POLICY);
      a.branchSheet.passMark = 90;
      const b = structuredClone(DEFAULT_EVALUATION_POLICY);
      b.branchSheet.passMark = 85;
      const results = await Promise.allSettled([savePolicy(db, 0, a, 'ann', NOW), savePolicy(db, 0, b, 'bo', NOW)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason.code).toBe('conflict');
      const winner = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ savedBy: string }>).value.savedBy;
      expect((await currentPolicy(db)).branchSheet.passMark).toBe(winner === 'ann' ? 90 : 85);
    });
  });
}
