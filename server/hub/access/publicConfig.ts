import type { BranchConfig } from '../../../shared/config/schema.js';

/**
 * The branch configuration as it may leave the hub (GET /api/v1/config, the sync pull of its
 * devices): the staff's PIN hashes stripped. Only an enrolled counter gets them, from
 * GET /api/v1/session/verifiers, for signing its tellers in while the hub is down.
 */
const cache = new WeakMap<BranchConfig, BranchConfig>();

export function publicConfig(config: BranchConfig): BranchConfig {
  let out = cache.get(config);
  if (!out) {
    out = { ...config, staff: config.staff.map(({ pinHash: _secret, ...s }) => s) };
    cache.set(config, out);
  }
  return out;
}

/** The same for a configuration document of any shape (a stored body, not parsed): every `staff[].pinHash` removed. */
export function withoutPinHashes(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || !Array.isArray((body as { staff?: unknown }).staff)) return body;
  const doc = body as { staff: unknown[] };
  return {
    ...doc,
    staff: doc.staff.map((s) => {
      if (s === null || typeof s !== 'object') return s;
      const { pinHash: _secret, ...rest } = s as Record<string, unknown>;
      return rest;
    }),
  };
}
