import { z } from 'zod';
import { BranchConfig } from './schema.js';
import { ConfigIssue, ConfigPath } from './validation.js';

/**
 * Head office's versions of a branch's configuration (docs/hq-config.md): every saved edit is a
 * new version with who and when and what changed; only a version that validates is stored and
 * pushed down the configuration sync; the branch's hub says which version it applied, or why
 * it refused one, in a `config.applied` record that travels up like every other record.
 */

export const HQ_CONFIG_API = {
  branches: '/api/v1/hq/config/branches',
  branch: '/api/v1/hq/config/branches/:branchId',
  versions: '/api/v1/hq/config/branches/:branchId/versions',
} as const;

export function hqConfigPath(route: keyof typeof HQ_CONFIG_API, branchId: string): string {
  return HQ_CONFIG_API[route].replace(':branchId', encodeURIComponent(branchId));
}

/** The hub's report of a pulled configuration version: applied, or refused with the reasons. */
export const CONFIG_APPLIED = 'config.applied';

export const ConfigOutcome = z.enum(['applied', 'refused']);
export type ConfigOutcome = z.infer<typeof ConfigOutcome>;

export const ConfigAppliedBody = z.object({
  /** The document's kind and key as pulled (config.branch, the branch id). */
  kind: z.string().min(1).max(64),
  key: z.string().min(1).max(64),
  version: z.number().int().min(1),
  outcome: ConfigOutcome,
  /** Why it was refused, field by field (empty when applied, or when the reason is not a field's). */
  issues: z.array(ConfigIssue).max(20).default([]),
  /** A refusal that is not about a field (the hub failed to reconfigure), in the hub's words. */
  message: z.string().max(500).optional(),
  at: z.iso.datetime(),
});
export type ConfigAppliedBody = z.infer<typeof ConfigAppliedBody>;

/** A staff PIN set at head office: digits only; its length is checked against the branch's access.pinLength. */
export const NewPin = z.string().regex(/^\d{4,12}$/, 'a PIN is 4 to 12 digits');

/**
 * PUT: a new version. `baseVersion` is the version the editor started from: another save since
 * is a conflict, never silently overwritten. `pins`: PINs reset for these staff ids (hashed at
 * head office into a new verifier; the PIN itself is never stored or sent down).
 */
export const SaveConfigRequest = z
  .object({
    baseVersion: z.number().int().min(0),
    config: z.unknown(),
    pins: z.record(z.string().min(1).max(64), NewPin).default({}),
  })
  .strict();
export type SaveConfigRequest = z.input<typeof SaveConfigRequest>;

export const ChangeKind = z.enum(['added', 'removed', 'changed']);
export type ChangeKind = z.infer<typeof ChangeKind>;

const Shown = z.union([z.string().max(120), z.number(), z.boolean(), z.null()]);

/** One line of a version's diff summary; `before`/`after` only for single values (never a PIN verifier). */
export const ConfigChange = z.object({
  path: ConfigPath,
  change: ChangeKind,
  before: Shown.optional(),
  after: Shown.optional(),
});
export type ConfigChange = z.infer<typeof ConfigChange>;

export const DiffSummary = z.object({ changes: z.array(ConfigChange), total: z.number().int().min(0) });
export type DiffSummary = z.infer<typeof DiffSummary>;

/** Where a version stands at its branch, from the hub's latest report about it. */
export const AppliedState = z.object({
  outcome: ConfigOutcome,
  version: z.number().int().min(1),
  at: z.iso.datetime(),
  issues: z.array(ConfigIssue),
  message: z.string().nullable(),
});
export type AppliedState = z.infer<typeof AppliedState>;

export const ConfigVersion = z.object({
  version: z.number().int().min(1),
  savedAt: z.iso.datetime(),
  /** The HQ administrator who saved it; null for a version head office did not save through this screen (seeded, or put by the raw document API). */
  editor: z.string().nullable(),
  summary: DiffSummary.nullable(),
  /** The branch's report about this version, if any. */
  state: AppliedState.nullable(),
});
export type ConfigVersion = z.infer<typeof ConfigVersion>;

export const ConfigVersionList = z.object({
  branchId: z.string(),
  current: z.number().int().min(0),
  /** The version the branch last applied (null: none reported yet). */
  applied: AppliedState.nullable(),
  versions: z.array(ConfigVersion),
});
export type ConfigVersionList = z.infer<typeof ConfigVersionList>;

/** GET branch: the current version to edit. PIN verifiers stay at head office: `pins` says who has one. */
export const BranchConfigAnswer = z.object({
  branchId: z.string(),
  version: z.number().int().min(1),
  config: BranchConfig,
  pins: z.array(z.string()),
});
export type BranchConfigAnswer = z.infer<typeof BranchConfigAnswer>;

export const SavedVersion = z.object({
  branchId: z.string(),
  version: z.number().int().min(1),
  savedAt: z.iso.datetime(),
  editor: z.string(),
  summary: DiffSummary,
});
export type SavedVersion = z.infer<typeof SavedVersion>;

export const ConfigBranchRow = z.object({
  branchId: z.string(),
  name: z.record(z.string(), z.string()).nullable(),
  current: z.number().int().min(0),
  applied: AppliedState.nullable(),
  /** The latest report is a refusal of a version newer than the applied one. */
  refused: AppliedState.nullable(),
});
export type ConfigBranchRow = z.infer<typeof ConfigBranchRow>;

export const ConfigBranchList = z.object({ branches: z.array(ConfigBranchRow) });
export type ConfigBranchList = z.infer<typeof ConfigBranchList>;

/** The refusal of an invalid edit: the error body plus every issue, so the screen marks each field. */
export const INVALID_CONFIG = 'invalid_config';
export const InvalidConfigBody = z.object({
  error: z.object({ code: z.literal('bad_request'), message: z.string(), reason: z.literal(INVALID_CONFIG), issues: z.array(ConfigIssue) }),
});
export type InvalidConfigBody = z.infer<typeof InvalidConfigBody>;

const MAX_CHANGES = 60;
const SECRET_FIELDS = new Set(['pinHash']);

/**
 * What changed between two versions, leaf by leaf (lists by position), at most MAX_CHANGES lines
 * plus the total. A whole part added or removed is one line. Verifiers are said to change, never shown.
 */
export function diffSummary(before: unknown, after: unknown): DiffSummary {
  const changes: ConfigChange[] = [];
  let total = 0;
  const push = (c: ConfigChange): void => {
    total++;
    if (changes.length < MAX_CHANGES) changes.push(c);
  };
  const walk = (a: unknown, b: unknown, path: Array<string | number>): void => {
    if (path.length >= 12) {
      if (JSON.stringify(a) !== JSON.stringify(b)) push({ path, change: 'changed' });
      return;
    }
    const secret = SECRET_FIELDS.has(String(path[path.length - 1]));
    if (a === undefined && b === undefined) return;
    if (a === undefined) return push({ path, change: 'added', ...(secret ? {} : shown('after', b)) });
    if (b === undefined) return push({ path, change: 'removed', ...(secret ? {} : shown('before', a)) });
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...path, i]);
      return;
    }
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
      for (const k of keys) walk(a[k], b[k], [...path, k.slice(0, 64)]);
      return;
    }
    if (a === b) return;
    if (secret) return push({ path, change: 'changed' });
    push({ path, change: 'changed', ...shown('before', a), ...shown('after', b) });
  };
  walk(before, after, []);
  return { changes, total };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shown(side: 'before' | 'after', v: unknown): Partial<Record<'before' | 'after', string | number | boolean | null>> {
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return { [side]: v };
  if (typeof v === 'string') return { [side]: v.length > 120 ? `${v.slice(0, 119)}…` : v };
  return {};
}
