import { checkEvaluationPolicy, DEFAULT_EVALUATION_POLICY, EvaluationPolicy } from '../../../shared/evaluation/policy.js';
import type { PolicyAnswer, PolicyVersion } from '../../../shared/evaluation/policy.js';
import { HQ_TIME_ZONE } from '../../../shared/hq/api.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { SyncApiError } from '../../sync/syncErrors.js';
import { InvalidConfigError } from '../config/invalidConfig.js';

type Db = Pick<SqlDb, 'query'>;

interface Row {
  version: number | string;
  body: unknown;
  saved_by: string;
  saved_at: Date | string;
}

const iso = (v: Date | string): string => new Date(v).toISOString();

/** The policy in force: the highest saved version, else the shipped defaults. */
export async function currentPolicy(db: Db): Promise<EvaluationPolicy> {
  const { rows } = await db.query<Row>('select body from hq_eval_policy order by version desc limit 1');
  const saved = rows[0] ? EvaluationPolicy.safeParse(rows[0].body) : null;
  return saved?.success ? saved.data : DEFAULT_EVALUATION_POLICY;
}

/**
 * The policy a month is judged by: the last version saved before that month ended (head office's
 * day), else the shipped defaults. A later edit of the standards applies to the months after it,
 * so it never rewrites how an earlier month ranked (its kept report and a fresh look agree).
 */
export async function policyForMonth(db: Db, month: string): Promise<EvaluationPolicy> {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const { rows } = await db.query<Row>('select body from hq_eval_policy where (saved_at at time zone $2)::date < $1::date order by version desc limit 1', [next, HQ_TIME_ZONE]);
  const saved = rows[0] ? EvaluationPolicy.safeParse(rows[0].body) : null;
  return saved?.success ? saved.data : DEFAULT_EVALUATION_POLICY;
}

/** The policy in force with who saved it and when, and every earlier version (without bodies). */
export async function policyAnswer(db: Db): Promise<PolicyAnswer> {
  const { rows } = await db.query<Row>('select version, saved_by, saved_at, body from hq_eval_policy order by version desc');
  const history: PolicyVersion[] = rows.map((r) => ({ version: Number(r.version), savedBy: r.saved_by, savedAt: iso(r.saved_at) }));
  const top = rows[0];
  const policy = top ? EvaluationPolicy.parse(top.body) : DEFAULT_EVALUATION_POLICY;
  return { version: top ? Number(top.version) : 0, savedBy: top?.saved_by ?? null, savedAt: top ? iso(top.saved_at) : null, policy, history };
}

/**
 * Saves an edit as the next version, or refuses it: with every field named (nothing stored), or
 * as a conflict when someone saved since `baseVersion` was read. Two saves at once both aim at the
 * same version number; the primary key lets one through and the other is told to reload.
 */
export async function savePolicy(db: SqlDb, baseVersion: number, input: unknown, who: string, now: Date): Promise<PolicyAnswer> {
  const checked = checkEvaluationPolicy(input);
  if (!checked.ok) throw new InvalidConfigError(checked.issues);
  const conflict = (at: number) => new SyncApiError('conflict', `the evaluation policy is at version ${at}, not ${baseVersion}: someone saved meanwhile; reload and edit again`);
  await db.transaction(async (tx) => {
    const at = Number((await tx.query<{ v: number | string }>('select coalesce(max(version), 0) as v from hq_eval_policy')).rows[0]!.v);
    if (at !== baseVersion) throw conflict(at);
    const { rows } = await tx.query<{ version: number }>(
      'insert into hq_eval_policy (version, body, saved_by, saved_at) values ($1, $2::jsonb, $3, $4) on conflict (version) do nothing returning version',
      [baseVersion + 1, JSON.stringify(checked.policy), who, now.toISOString()],
    );
    if (rows.length === 0) throw conflict(baseVersion + 1);
  });
  return policyAnswer(db);
}
