import { QueueError } from '../../../shared/api/errors.js';
import type { ConfigIssue } from '../../../shared/config/validation.js';
import { BranchConfigAnswer, ConfigBranchList, ConfigVersionList, InvalidConfigBody, SavedVersion, hqConfigPath } from '../../../shared/config/versions.js';
import type { SaveConfigRequest } from '../../../shared/config/versions.js';
import { hubRequest } from '../../api/hub.js';
import { getPlatform } from '../../platform/index.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

function parsed<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new QueueError('internal', `head office sent a malformed ${what}`);
  return r.data;
}

export async function fetchConfigBranches(token: string): Promise<ConfigBranchList> {
  return parsed(ConfigBranchList, await hubRequest(hqConfigPath('branches', ''), { headers: auth(token) }), 'branch list');
}

export async function fetchBranchConfig(token: string, branchId: string): Promise<BranchConfigAnswer> {
  return parsed(BranchConfigAnswer, await hubRequest(hqConfigPath('branch', branchId), { headers: auth(token) }), 'configuration');
}

export async function fetchConfigVersions(token: string, branchId: string): Promise<ConfigVersionList> {
  return parsed(ConfigVersionList, await hubRequest(hqConfigPath('versions', branchId), { headers: auth(token) }), 'version list');
}

export type SaveOutcome = { kind: 'saved'; saved: SavedVersion } | { kind: 'invalid'; issues: ConfigIssue[] };

/**
 * Saves an edit. A refusal by validation comes back as its issues (to mark the fields), every
 * other failure as a QueueError; hubRequest keeps only code and reason, so this one reads the body itself.
 */
export async function saveBranchConfig(token: string, branchId: string, request: SaveConfigRequest): Promise<SaveOutcome> {
  const base = await getPlatform().hubUrl();
  let res: Response;
  try {
    res = await fetch(base + hqConfigPath('branch', branchId), {
      method: 'PUT',
      headers: { ...auth(token), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
      cache: 'no-store',
    });
  } catch (err) {
    throw new QueueError('hub_unreachable', String((err as Error)?.message ?? err));
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) return { kind: 'saved', saved: parsed(SavedVersion, body, 'answer') };
  const invalid = InvalidConfigBody.safeParse(body);
  if (invalid.success) return { kind: 'invalid', issues: invalid.data.error.issues };
  const e = (body as { error?: { code?: string; message?: string; reason?: string } } | null)?.error;
  const code = e?.code === 'conflict' || e?.code === 'unauthorized' || e?.code === 'not_found' || e?.code === 'bad_request' ? e.code : 'internal';
  throw new QueueError(code, e?.message ?? `HTTP ${res.status}`, e?.reason);
}
