import { z } from 'zod';
import { CounterNumber } from '../../../shared/config/primitives.js';
import { sha256 } from '../../sync/deviceAuth.js';
import { API_SCOPES } from './types.js';
import type { ApiKeyGrant, ApiKeyResolver } from './types.js';

/** The environment variable holding the hub's integration keys. */
export const API_KEYS_ENV = 'GUICHET_API_KEYS';

/**
 * One integration key as configured (`GUICHET_API_KEYS`, a JSON array): a third-party ticket
 * machine, calling keypad or display (DESIGN.md §8). The key is a secret of at least 24
 * characters; the hub keeps only its SHA-256 after start.
 */
export const ApiKeyConfig = z
  .object({
    name: z.string().trim().min(1).max(64),
    key: z.string().min(24, 'a key is at least 24 characters').max(256).regex(/^[\x21-\x7e]+$/, 'a key is printable ASCII without spaces'),
    scopes: z.array(z.enum(API_SCOPES)).min(1),
    /** The windows a 'windows:command' key may command. */
    windows: z.array(CounterNumber).default([]),
  })
  .strict()
  .refine((k) => !k.scopes.includes('windows:command') || k.windows.length > 0, { message: "a key with 'windows:command' lists the windows it may command", path: ['windows'] });
export type ApiKeyConfig = z.infer<typeof ApiKeyConfig>;

export const ApiKeysConfig = z.array(ApiKeyConfig).superRefine((keys, ctx) => {
  const names = new Set<string>();
  const secrets = new Set<string>();
  keys.forEach((k, i) => {
    if (names.has(k.name)) ctx.addIssue({ code: 'custom', message: `the name "${k.name}" is used twice`, path: [i, 'name'] });
    if (secrets.has(k.key)) ctx.addIssue({ code: 'custom', message: 'two entries have the same key', path: [i, 'key'] });
    names.add(k.name);
    secrets.add(k.key);
  });
});

/** A bad GUICHET_API_KEYS: the message says what is wrong and where, never the value. */
export class ApiKeysConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiKeysConfigError';
  }
}

/**
 * Parses GUICHET_API_KEYS: `[{"name": "...", "key": "...", "scopes": ["queue:read"], "windows": [1, 2]}]`.
 * Unset or empty: no keys. Throws ApiKeysConfigError (one sentence, no secret in it) otherwise.
 */
export function parseApiKeys(raw: string | undefined): ApiKeyConfig[] {
  if (raw === undefined || raw.trim() === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    // JSON.parse's message quotes the text: it would print the keys.
    throw new ApiKeysConfigError(`${API_KEYS_ENV} is not valid JSON; expected [{"name": "...", "key": "...", "scopes": [...], "windows": [...]}]`);
  }
  const parsed = ApiKeysConfig.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top)'}: ${i.message}`).join('; ');
    throw new ApiKeysConfigError(`${API_KEYS_ENV} is not a valid list of integration keys: ${issues}`);
  }
  return parsed.data;
}

/** Integration keys resolved by the SHA-256 of the key presented (x-guichet-api-key). */
export class ApiKeys implements ApiKeyResolver {
  private readonly byHash: ReadonlyMap<string, ApiKeyGrant>;

  constructor(keys: readonly ApiKeyConfig[]) {
    this.byHash = new Map(keys.map((k) => [sha256(k.key), { name: k.name, scopes: [...k.scopes], windows: [...k.windows] }]));
  }

  resolve(key: string): ApiKeyGrant | null {
    if (key.length < 24 || key.length > 256) return null;
    return this.byHash.get(sha256(key)) ?? null;
  }

  /** The keys' names and rights (never the keys), e.g. for the lead's view. */
  list(): ApiKeyGrant[] {
    return [...this.byHash.values()];
  }
}
