import type { BranchGrant, GrantStarsAnswer } from '../../../shared/hq/api.js';
import { QueueError } from '../../../shared/api/errors.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { branchConfigForEdit, saveConfigVersion } from '../config/configVersions.js';
import { hqRankings } from '../rankings/rankings.js';

/**
 * Grants a month's stars (seed 004: 一星/二星/三星 named monthly): each ranked teller's computed
 * stars become `stars` in their branch's configuration, saved as a new version by the admin who
 * granted them and pushed through the configuration sync like any edit. A teller with no figures
 * that month keeps the stars they had: no evaluation, no change. One branch refusing (no
 * configuration here, someone saving at the same moment) leaves the others granted and is said.
 */
export async function grantStars(db: SqlDb, o: { month: string; branchId?: string; editor: string; now: Date }): Promise<GrantStarsAnswer> {
  const ranking = await hqRankings(db, { month: o.month, of: 'tellers', ...(o.branchId ? { branch: o.branchId } : {}) }, o.now);
  const granted = new Map<string, Map<string, number>>();
  for (const row of ranking.rows) {
    if (row.stars === null || row.parent === null) continue;
    const staffId = row.id.slice(row.parent.id.length + 1);
    const branch = granted.get(row.parent.id) ?? new Map<string, number>();
    branch.set(staffId, row.stars);
    granted.set(row.parent.id, branch);
  }
  const branches: BranchGrant[] = [];
  for (const [branchId, stars] of [...granted].sort(([a], [b]) => a.localeCompare(b))) {
    branches.push(await grantIn(db, branchId, stars, o));
  }
  return { month: o.month, branches };
}

async function grantIn(db: SqlDb, branchId: string, stars: ReadonlyMap<string, number>, o: { editor: string; now: Date }): Promise<BranchGrant> {
  try {
    const edit = await branchConfigForEdit(db, branchId);
    const changes = edit.config.staff.flatMap((s) => {
      const to = stars.get(s.id);
      return to === undefined || to === s.stars ? [] : [{ staffId: s.id, name: s.name, from: s.stars, to }];
    });
    if (changes.length === 0) return { branchId, version: null, changes, refused: null };
    const staff = edit.config.staff.map((s) => ({ ...s, stars: stars.get(s.id) ?? s.stars }));
    const saved = await saveConfigVersion(db, { branchId, baseVersion: edit.version, config: { ...edit.config, staff }, pins: {}, editor: o.editor, now: o.now });
    return { branchId, version: saved.version, changes, refused: null };
  } catch (err) {
    if (!(err instanceof QueueError)) throw err;
    return { branchId, version: null, changes: [], refused: { code: err.code, message: err.message } };
  }
}
