import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { bankCatalogue } from '../../shared/phrases/data/bank.js';
import { CONFIG_BRANCH } from '../../shared/sync/kinds.js';
import { hqConfigPath } from '../../shared/config/versions.js';
import type { BranchConfigAnswer, ConfigBranchList, ConfigVersionList, SavedVersion } from '../../shared/config/versions.js';
import type { RunningBranchHost } from '../../server/branchHost.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import type { RunningHq } from '../../server/hq/hqServer.js';
import { verifyPin } from '../../server/hub/access/pinHash.js';
import { putConfigDoc } from '../../server/sync/configDocs.js';
import { BranchUnderTest } from '../support/branchUnderTest.js';
import { branchConfig, serverDataDir, waitUntil } from '../support/syncWorld.js';

/**
 * Configuration editing at head office (docs/hq-config.md), end to end over a real hub enrolled
 * with a real head office: an invalid edit is refused with its field named and never reaches
 * the branch; a valid one becomes a version with its editor, reaches the hub, and the hub says
 * it applied it; a version the branch cannot apply is refused there, the branch keeps its last
 * good one, and head office shows why.
 */

const BRANCH = 'demo-001';
const ADMIN = 'test-admin-token-0123456789';
const EDITOR = { name: 'Liu Fang', token: 'liu-fang-token-0123456789' };

let hq: RunningHq;
let branch: BranchUnderTest;
let hub: RunningBranchHost;

async function call(method: string, path: string, body?: unknown, token = EDITOR.token): Promise<{ status: number; json: any }> {
  const res = await fetch(hq.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

const versionsAtHq = async (): Promise<ConfigVersionList> => (await call('GET', hqConfigPath('versions', BRANCH))).json as ConfigVersionList;

async function configDocAtHq(): Promise<{ version: number; seq: number; body: any }> {
  const { rows } = await hq.db.query<{ version: number; seq: string; body: any }>('select version, seq, body from config_docs where kind = $1 and key = $2', [CONFIG_BRANCH, BRANCH]);
  return { version: Number(rows[0]!.version), seq: Number(rows[0]!.seq), body: rows[0]!.body };
}

async function appliedVersion(): Promise<number | null> {
  return (await versionsAtHq()).applied?.version ?? null;
}

beforeAll(async () => {
  hq = await startHqServer({ port: 0, host: '127.0.0.1', dataDir: await serverDataDir('hq'), logLevel: 'silent', adminToken: ADMIN, admins: [EDITOR] });
  // HQ holds the branch's configuration (as the demo seeds it): version 1.
  await putConfigDoc(hq.db, CONFIG_BRANCH, BRANCH, branchConfig(BRANCH), { ifAbsent: true });
  const code = await hq.createEnrolCode({ branchId: BRANCH, role: 'hub' });
  branch = await BranchUnderTest.start(branchConfig(BRANCH), { dataDir: await serverDataDir('hub'), host: { upstream: { url: hq.url, enrolCode: code.code, pollMs: 200 } } });
  hub = branch.host;
  await waitUntil('the hub to report version 1 applied', async () => (await appliedVersion()) === 1, 20_000);
}, 60_000);

afterAll(async () => {
  await branch?.stop();
  await hq?.close();
});

describe('configuration editing at head office', () => {
  it('gives the current version to edit without PIN verifiers, and lists it as applied', async () => {
    const got = await call('GET', hqConfigPath('branch', BRANCH));
    expect(got.status).toBe(200);
    const answer = got.json as BranchConfigAnswer;
    expect(answer.version).toBe(1);
    expect(JSON.stringify(answer)).not.toContain('scrypt$');
    expect(answer.pins).toContain('s-1001');
    const list = (await call('GET', '/api/v1/hq/config/branches')).json as ConfigBranchList;
    expect(list.branches.find((b) => b.branchId === BRANCH)).toMatchObject({ current: 1, applied: { version: 1, outcome: 'applied' }, refused: null });
  });

  it('refuses an invalid edit naming the field, and nothing reaches the branch', async () => {
    const before = await configDocAtHq();
    const { config } = (await call('GET', hqConfigPath('branch', BRANCH))).json as BranchConfigAnswer;
    const bad = structuredClone(config);
    bad.counters[1]!.services = ['A', 'Z'];
    bad.policy.alertWaitingCount = 5000;
    const put = await call('PUT', hqConfigPath('branch', BRANCH), { baseVersion: 1, config: bad });
    expect(put.status).toBe(400);
    expect(put.json.error.reason).toBe('invalid_config');
    expect(put.json.error.issues).toEqual(
      expect.arrayContaining([
        { code: 'unknown_service', path: ['counters', 1, 'services', 1], detail: { value: 'Z' } },
        { code: 'out_of_range', path: ['policy', 'alertWaitingCount'], detail: { min: 1, max: 500 } },
      ]),
    );
    // The document the branches pull is the same one, at the same sequence: nothing to pull.
    expect(await configDocAtHq()).toEqual(before);
    expect((await versionsAtHq()).versions.map((v) => v.version)).toEqual([1]);
    // The raw document API refuses it as well.
    const raw = await call('PUT', `/api/v1/hq/config-docs/${CONFIG_BRANCH}/${BRANCH}`, { ...bad, staff: demoBranch('2000-01-01').staff }, ADMIN);
    expect(raw.status).toBe(400);
    expect(raw.json.error.issues[0].path).toEqual(['counters', 1, 'services', 1]);
    await hub.upstream!.pullNow();
    expect(hub.hub.branchConfig.counters[1]!.services).toEqual(['A', 'B']);
  });

  it('saves a valid edit of a phrase and a threshold as a version with its editor, and the hub applies it and says so', async () => {
    const { config } = (await call('GET', hqConfigPath('branch', BRANCH))).json as BranchConfigAnswer;
    const edited = structuredClone(config);
    edited.policy.alertWaitingCount = 12;
    const catalogue = structuredClone(bankCatalogue);
    const greeting = catalogue.phrases.findIndex((p) => p.situation === 'greeting');
    catalogue.phrases[greeting]!.text = { 'zh-CN': '您好，欢迎光临演示支行', 'zh-TW': '您好，歡迎光臨示範支行', en: 'Hello, welcome to the demo branch' };
    edited.standards.phraseCatalogue = catalogue;
    const put = await call('PUT', hqConfigPath('branch', BRANCH), { baseVersion: 1, config: edited });
    expect(put.status).toBe(201);
    const saved = put.json as SavedVersion;
    expect(saved).toMatchObject({ version: 2, editor: 'Liu Fang' });
    expect(saved.summary.changes).toContainEqual({ path: ['policy', 'alertWaitingCount'], change: 'changed', before: 20, after: 12 });
    expect(saved.summary.changes).toContainEqual(expect.objectContaining({ path: ['standards', 'phraseCatalogue'], change: 'added' }));

    // The hub's next pull (every 30 s on its own) is brought forward.
    await hub.upstream!.pullNow();
    await waitUntil('the hub to report version 2 applied', async () => (await appliedVersion()) === 2, 20_000);
    expect(hub.hub.branchConfig.policy.alertWaitingCount).toBe(12);
    expect(hub.hub.branchConfig.standards.phraseCatalogue?.phrases[greeting]?.text.en).toBe('Hello, welcome to the demo branch');
    // What the counters pull from the hub is the new version too.
    const { rows } = await hub.db.query<{ version: number }>('select version from config_docs where kind = $1 and key = $2', [CONFIG_BRANCH, BRANCH]);
    expect(Number(rows[0]!.version)).toBe(2);

    const list = await versionsAtHq();
    expect(list.versions[0]).toMatchObject({ version: 2, editor: 'Liu Fang', state: { outcome: 'applied', version: 2 } });
    // The seeded version it replaced stays in the history, with no editor.
    expect(list.versions.map((v) => [v.version, v.editor])).toEqual([
      [2, 'Liu Fang'],
      [1, null],
    ]);
    // A save from a stale base is a conflict, never a silent overwrite.
    expect((await call('PUT', hqConfigPath('branch', BRANCH), { baseVersion: 1, config: edited })).status).toBe(409);
  }, 40_000);

  it('resets a PIN into a new verifier that the branch receives, never storing the PIN', async () => {
    const { config, version } = (await call('GET', hqConfigPath('branch', BRANCH))).json as BranchConfigAnswer;
    const tooShort = await call('PUT', hqConfigPath('branch', BRANCH), { baseVersion: version, config, pins: { 's-1001': '1234' } });
    expect(tooShort.status).toBe(400);
    expect(tooShort.json.error.issues).toContainEqual({ code: 'out_of_range', path: ['staff', 0, 'pin'], detail: { min: 6, max: 6 } });
    const put = await call('PUT', hqConfigPath('branch', BRANCH), { baseVersion: version, config, pins: { 's-1001': '424242' } });
    expect(put.status).toBe(201);
    expect(JSON.stringify(put.json)).not.toContain('424242');
    expect(put.json.summary.changes).toEqual([{ path: ['staff', 0, 'pinHash'], change: 'changed' }]);
    await hub.upstream!.pullNow();
    await waitUntil('the hub to apply the PIN reset', async () => (await appliedVersion()) === put.json.version, 20_000);
    const teller = hub.hub.branchConfig.staff.find((s) => s.id === 's-1001')!;
    expect(await verifyPin('424242', teller.pinHash!)).toBe(true);
    // Everyone else keeps their verifier.
    expect(hub.hub.branchConfig.staff.find((s) => s.id === 's-1002')!.pinHash).toBe(demoBranch('2000-01-01').staff[1]!.pinHash);
    const { rows } = await hq.db.query<{ n: string }>("select count(*) as n from hq_config_versions where body::text like '%424242%'");
    expect(Number(rows[0]!.n)).toBe(0);
  }, 40_000);

  it('a version the branch cannot apply is refused there: the branch keeps its last good one and head office shows why', async () => {
    const good = hub.hub.branchConfig;
    const goodVersion = (await versionsAtHq()).applied!.version;
    // Put as a head office of another version might: the schema holds, a window serves a service the branch does not have.
    const broken = { ...good, counters: good.counters.map((c, i) => (i === 2 ? { ...c, services: ['Q'] } : c)), policy: { ...good.policy, alertWaitingCount: 3 } };
    const ref = await putConfigDoc(hq.db, CONFIG_BRANCH, BRANCH, broken);
    await hub.upstream!.pullNow();
    await waitUntil('the refusal at head office', async () => (await versionsAtHq()).versions.some((v) => v.version === ref.version && v.state?.outcome === 'refused'), 20_000);

    expect(hub.hub.branchConfig.policy.alertWaitingCount).toBe(good.policy.alertWaitingCount);
    expect(hub.hub.branchConfig.counters[2]!.services).toEqual(good.counters[2]!.services);
    const { rows } = await hub.db.query<{ version: number }>('select version from config_docs where kind = $1 and key = $2', [CONFIG_BRANCH, BRANCH]);
    expect(Number(rows[0]!.version)).toBe(goodVersion);

    const list = await versionsAtHq();
    expect(list.applied?.version).toBe(goodVersion);
    expect(list.versions.find((v) => v.version === ref.version)).toMatchObject({
      editor: null,
      state: { outcome: 'refused', issues: [{ code: 'unknown_service', path: ['counters', 2, 'services', 0], detail: { value: 'Q' } }] },
    });
    const row = ((await call('GET', '/api/v1/hq/config/branches')).json as ConfigBranchList).branches.find((b) => b.branchId === BRANCH)!;
    expect(row).toMatchObject({ current: ref.version, applied: { version: goodVersion }, refused: { version: ref.version, outcome: 'refused' } });
  }, 40_000);

  it('refuses malformed saves as bad requests, storing nothing', async () => {
    const before = await configDocAtHq();
    for (const body of ['x', { baseVersion: 'one', config: {} }, { baseVersion: 1, config: {}, pins: { 's-1001': 'abcdef' } }, { baseVersion: 1, config: {}, extra: true }]) {
      const put = await call('PUT', hqConfigPath('branch', BRANCH), body);
      expect(put.status).toBe(400);
      expect(put.json.error.code).toBe('bad_request');
    }
    expect((await call('PUT', hqConfigPath('branch', BRANCH), { baseVersion: before.version })).status).toBe(400);
    const empty = await call('PUT', hqConfigPath('branch', BRANCH), { baseVersion: before.version, config: null });
    expect(empty.status).toBe(400);
    expect(empty.json.error).toMatchObject({ reason: 'invalid_config', issues: [{ code: 'invalid', path: [] }] });
    expect((await call('GET', hqConfigPath('branch', 'no-such-branch'))).status).toBe(404);
    expect(await configDocAtHq()).toEqual(before);
  });

  it('keeps the configuration API behind the administrator token', async () => {
    expect((await call('GET', hqConfigPath('versions', BRANCH), undefined, 'wrong-token-0123456789')).status).toBe(401);
    expect((await call('PUT', hqConfigPath('branch', BRANCH), { baseVersion: 1, config: {} }, '')).status).toBe(401);
  });
});
