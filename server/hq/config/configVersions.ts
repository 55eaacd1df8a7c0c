import { BranchConfig } from '../../../shared/config/schema.js';
import { validateBranchConfig } from '../../../shared/config/validation.js';
import type { ConfigIssue } from '../../../shared/config/validation.js';
import { AppliedState, ConfigAppliedBody, CONFIG_APPLIED, DiffSummary, diffSummary } from '../../../shared/config/versions.js';
import type { BranchConfigAnswer, ConfigBranchRow, ConfigVersion, ConfigVersionList, SavedVersion } from '../../../shared/config/versions.js';
import { CONFIG_BRANCH } from '../../../shared/sync/kinds.js';
import type { SqlDb, SqlTx } from '../../db/sqlDb.js';
import { hashPin } from '../../hub/access/pinHash.js';
import { putConfigDocIn } from '../../sync/configDocs.js';
import { lockSeq } from '../../sync/recordStore.js';
import { SyncApiError } from '../../sync/syncErrors.js';
import { InvalidConfigError } from './invalidConfig.js';

type Queryable = Pick<SqlDb, 'query'>;

/** How many of a branch's reports are read for its version list (each version's latest report). */
const REPORTS_READ = 200;

interface DocRow {
  version: number | string;
  body: unknown;
}

async function currentDoc(db: Queryable, branchId: string): Promise<{ version: number; body: BranchConfig } | null> {
  const { rows } = await db.query<DocRow>('select version, body from config_docs where kind = $1 and key = $2', [CONFIG_BRANCH, branchId]);
  const row = rows[0];
  if (!row) return null;
  return { version: Number(row.version), body: BranchConfig.parse(row.body) };
}

/** The current version to edit, without its PIN verifiers (they stay at head office). */
export async function branchConfigForEdit(db: Queryable, branchId: string): Promise<BranchConfigAnswer> {
  const doc = await currentDoc(db, branchId);
  if (!doc) throw new SyncApiError('not_found', `head office has no configuration for branch ${branchId}`);
  const pins = doc.body.staff.filter((s) => s.pinHash !== undefined).map((s) => s.id);
  const staff = doc.body.staff.map(({ pinHash: _hidden, ...rest }) => rest);
  return { branchId, version: doc.version, config: { ...doc.body, staff }, pins };
}

export interface SaveInput {
  branchId: string;
  baseVersion: number;
  config: unknown;
  pins: Record<string, string>;
  editor: string;
  now: Date;
}

/**
 * Saves an edit as the branch's next version, or refuses it with every issue named. Verifiers
 * come only from head office: a kept person keeps their stored one, a reset PIN gets a new one,
 * and one sent in the edit is ignored (an editor cannot plant a verifier of their choosing).
 * The version is checked against `baseVersion` under the sync sequence lock, so two editors
 * saving at once never overwrite each other: the second gets a conflict.
 */
export async function saveConfigVersion(db: SqlDb, input: SaveInput): Promise<SavedVersion> {
  const before = await currentDoc(db, input.branchId);
  const candidate = await withVerifiers(input, before?.body ?? null);
  const issues: ConfigIssue[] = [...candidate.issues];
  const checked = validateBranchConfig(candidate.config);
  if (!checked.ok) issues.push(...checked.issues);
  if (checked.ok && checked.config.branchId !== input.branchId) {
    issues.push({ code: 'invalid', path: ['branchId'], detail: { message: `this is branch ${input.branchId}'s configuration` } });
  }
  if (issues.length > 0 || !checked.ok) throw new InvalidConfigError(issues);
  const config = checked.config;

  return db.transaction(async (tx) => {
    // The sequence lock first (lock order of every config_docs writer); then the version cannot move under us.
    await lockSeq(tx);
    const now = await versionIn(tx, input.branchId);
    if (now !== input.baseVersion) {
      throw new SyncApiError('conflict', `branch ${input.branchId} is at version ${now}, not ${input.baseVersion}: someone saved meanwhile; reload and edit again`);
    }
    const latest = now === 0 ? null : (await tx.query<DocRow & { updated_at: Date | string }>('select body, updated_at from config_docs where kind = $1 and key = $2', [CONFIG_BRANCH, input.branchId])).rows[0];
    if (latest) {
      // The version being replaced stays in the history even if it was not saved here (seeded, or put by the document API).
      await tx.query(
        `insert into hq_config_versions (branch_id, version, body, editor, saved_at, summary) values ($1, $2, $3::jsonb, null, $4, null)
         on conflict (branch_id, version) do nothing`,
        [input.branchId, now, JSON.stringify(latest.body), new Date(latest.updated_at).toISOString()],
      );
    }
    const summary = diffSummary(latest?.body ?? {}, JSON.parse(JSON.stringify(config)));
    const ref = await putConfigDocIn(tx, CONFIG_BRANCH, input.branchId, config, { now: input.now });
    await tx.query(
      `insert into hq_config_versions (branch_id, version, body, editor, saved_at, summary) values ($1, $2, $3::jsonb, $4, $5, $6::jsonb)`,
      [input.branchId, ref.version, JSON.stringify(config), input.editor, input.now.toISOString(), JSON.stringify(summary)],
    );
    return { branchId: input.branchId, version: ref.version, savedAt: input.now.toISOString(), editor: input.editor, summary };
  });
}

async function versionIn(tx: SqlTx, branchId: string): Promise<number> {
  const { rows } = await tx.query<{ version: number | string }>('select version from config_docs where kind = $1 and key = $2', [CONFIG_BRANCH, branchId]);
  return Number(rows[0]?.version ?? 0);
}

/** The edit with each person's verifier set as described at saveConfigVersion; PINs checked against the new pinLength. */
async function withVerifiers(input: SaveInput, stored: BranchConfig | null): Promise<{ config: unknown; issues: ConfigIssue[] }> {
  const issues: ConfigIssue[] = [];
  const cfg = input.config;
  if (typeof cfg !== 'object' || cfg === null || !Array.isArray((cfg as { staff?: unknown }).staff)) return { config: cfg, issues };
  const raw = cfg as { staff: unknown[]; access?: { pinLength?: unknown } };
  const pinLength = typeof raw.access?.pinLength === 'number' ? raw.access.pinLength : (stored?.access.pinLength ?? 6);
  const known = new Map((stored?.staff ?? []).map((s) => [s.id, s.pinHash]));
  const staff = await Promise.all(
    raw.staff.map(async (person, i) => {
      if (typeof person !== 'object' || person === null) return person;
      const { pinHash: _ignored, ...rest } = person as { id?: unknown; pinHash?: unknown };
      const id = typeof rest.id === 'string' ? rest.id : '';
      const pin = input.pins[id];
      if (pin !== undefined) {
        if (pin.length !== pinLength) {
          issues.push({ code: 'out_of_range', path: ['staff', i, 'pin'], detail: { min: pinLength, max: pinLength } });
          return rest;
        }
        return { ...rest, pinHash: await hashPin(pin) };
      }
      const kept = known.get(id);
      return kept === undefined ? rest : { ...rest, pinHash: kept };
    }),
  );
  const unknownPins = Object.keys(input.pins).filter((id) => !raw.staff.some((p) => typeof p === 'object' && p !== null && (p as { id?: unknown }).id === id));
  for (const id of unknownPins) issues.push({ code: 'unknown_staff', path: ['pins', id.slice(0, 64)], detail: { value: id.slice(0, 64) } });
  return { config: { ...raw, staff }, issues };
}

interface ReportRow {
  body: unknown;
  wall_at: string;
}

function toState(body: unknown): AppliedState | null {
  const r = ConfigAppliedBody.safeParse(body);
  if (!r.success) return null;
  return AppliedState.parse({ outcome: r.data.outcome, version: r.data.version, at: r.data.at, issues: r.data.issues, message: r.data.message ?? null });
}

/** The branch's reports about config.branch versions, newest first (by arrival at head office). */
async function reports(db: Queryable, branchId: string): Promise<AppliedState[]> {
  const { rows } = await db.query<ReportRow>(
    `select body, wall_at from sync_records where branch_id = $1 and kind = $2 order by server_seq desc limit ${REPORTS_READ}`,
    [branchId, CONFIG_APPLIED],
  );
  return rows
    .filter((r) => (r.body as { kind?: unknown } | null)?.kind === CONFIG_BRANCH)
    .map((r) => toState(r.body))
    .filter((s): s is AppliedState => s !== null);
}

/** Every version head office holds for the branch, newest first, each with the branch's word on it. */
export async function listConfigVersions(db: Queryable, branchId: string): Promise<ConfigVersionList> {
  const doc = await db.query<{ version: number | string; updated_at: Date | string }>('select version, updated_at from config_docs where kind = $1 and key = $2', [
    CONFIG_BRANCH,
    branchId,
  ]);
  if (!doc.rows[0]) throw new SyncApiError('not_found', `head office has no configuration for branch ${branchId}`);
  const current = Number(doc.rows[0].version);
  const { rows } = await db.query<{ version: number | string; editor: string | null; saved_at: Date | string; summary: unknown }>(
    'select version, editor, saved_at, summary from hq_config_versions where branch_id = $1 order by version desc',
    [branchId],
  );
  const told = await reports(db, branchId);
  const stateOf = (v: number): AppliedState | null => told.find((s) => s.version === v) ?? null;
  const versions: ConfigVersion[] = rows.map((r) => ({
    version: Number(r.version),
    savedAt: new Date(r.saved_at).toISOString(),
    editor: r.editor,
    summary: DiffSummary.safeParse(r.summary).data ?? null,
    state: stateOf(Number(r.version)),
  }));
  // The current version put by another way (seeded at start, or the raw document API) is listed without an editor.
  if (!versions.some((v) => v.version === current)) {
    versions.unshift({ version: current, savedAt: new Date(doc.rows[0].updated_at).toISOString(), editor: null, summary: null, state: stateOf(current) });
  }
  return { branchId, current, applied: told.find((s) => s.outcome === 'applied') ?? null, versions };
}

/**
 * Every branch head office configures, with its current version, the one it applied and a newer
 * refusal if any: one statement, each branch's reports read newest first by the
 * (branch_id, kind, server_seq) index, so thousands of branches are one round trip.
 */
export async function listConfigBranches(db: Queryable): Promise<ConfigBranchRow[]> {
  const { rows } = await db.query<{ key: string; version: number | string; name: unknown; applied: unknown; latest: unknown }>(
    `select d.key, d.version, d.body->'name' as name,
       (select r.body from sync_records r where r.branch_id = d.key and r.kind = $2 and r.body->>'kind' = $1 and r.body->>'outcome' = 'applied'
         order by r.server_seq desc limit 1) as applied,
       (select r.body from sync_records r where r.branch_id = d.key and r.kind = $2 and r.body->>'kind' = $1
         order by r.server_seq desc limit 1) as latest
     from config_docs d where d.kind = $1 order by d.key`,
    [CONFIG_BRANCH, CONFIG_APPLIED],
  );
  return rows.map((r) => {
    const applied = toState(r.applied);
    const latest = toState(r.latest);
    const refused = latest && latest.outcome === 'refused' && (!applied || latest.version > applied.version) ? latest : null;
    const name = typeof r.name === 'object' && r.name !== null ? (r.name as Record<string, string>) : null;
    return { branchId: r.key, name, current: Number(r.version), applied, refused };
  });
}
