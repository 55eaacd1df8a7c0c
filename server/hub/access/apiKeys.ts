import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { QueueError } from '../../../shared/api/errors.js';
import { CounterNumber } from '../../../shared/config/primitives.js';
import { newId } from '../../../shared/ids.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { sha256 } from '../../sync/deviceAuth.js';
import type { AuditLog } from './auditLog.js';
import { API_SCOPES } from './types.js';
import type { ApiKeyGrant, ApiKeyResolver, ApiScope } from './types.js';

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

// ---- keys made at runtime by an admin (POST /api/v1/api-keys) ------------------------------------

/** POST /api/v1/api-keys: what the new key may do. The hub makes the secret; the body never names a person. */
export const CreateApiKeyRequest = z
  .object({
    name: ApiKeyConfig.shape.name,
    scopes: ApiKeyConfig.shape.scopes,
    windows: ApiKeyConfig.shape.windows,
  })
  .strict()
  .refine((k) => !k.scopes.includes('windows:command') || k.windows.length > 0, { message: "a key with 'windows:command' lists the windows it may command", path: ['windows'] });
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequest>;

/** A key as listed: its rights and its story, never its secret (nor the secret's hash). */
export const ApiKeyView = z.object({
  /** 'env:<name>' for a key of GUICHET_API_KEYS (revoked only by taking it out of the environment). */
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(API_SCOPES)),
  windows: z.array(z.number().int()),
  source: z.enum(['environment', 'admin']),
  createdAt: z.iso.datetime().nullable(),
  createdBy: z.string().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  revokedBy: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;

export const ApiKeyList = z.object({ keys: z.array(ApiKeyView) });
export type ApiKeyList = z.infer<typeof ApiKeyList>;

/** 201 of POST /api/v1/api-keys: the secret, in this answer only (the hub keeps its SHA-256). */
export const CreatedApiKey = z.object({ key: ApiKeyView, secret: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

/** Who acts on the keys (a signed-in lead or head-office admin at a lead station). */
export interface KeyAdmin {
  staffId: string;
  deviceId: string;
}

interface KeyRow {
  id: string;
  name: string;
  key_hash: string;
  scopes: ApiScope[];
  windows: number[];
  created_at: Date | string;
  created_by: string;
  revoked_at: Date | string | null;
  revoked_by: string | null;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

/** A new key's secret: 32 random bytes, base64url, with a prefix that says what it is when found in a file. */
const makeSecret = (): string => `gk_${randomBytes(32).toString('base64url')}`;

export interface ApiKeysDeps {
  db: SqlDb;
  audit: AuditLog;
  now?: () => Date;
}

/**
 * Integration keys resolved by the SHA-256 of the key presented (x-guichet-api-key): those given
 * at start in GUICHET_API_KEYS, and those an admin made at runtime (kept in
 * integration_api_keys, the secret as its SHA-256 only, loaded at start and changed in memory in
 * the same call that stores the change, so a revoked key stops at once). Names are unique among
 * the keys in force: the audit's `api_key_used` entries name the key.
 */
export class ApiKeys implements ApiKeyResolver {
  private readonly fromEnv: ReadonlyMap<string, ApiKeyGrant>;
  private readonly runtime = new Map<string, { id: string; grant: ApiKeyGrant }>();
  private deps: ApiKeysDeps | null = null;

  constructor(keys: readonly ApiKeyConfig[]) {
    this.fromEnv = new Map(keys.map((k) => [sha256(k.key), { name: k.name, scopes: [...k.scopes], windows: [...k.windows] }]));
  }

  /** The environment's keys and the runtime keys in force, from the hub's database. */
  static async open(keys: readonly ApiKeyConfig[], deps: ApiKeysDeps): Promise<ApiKeys> {
    const k = new ApiKeys(keys);
    k.deps = deps;
    const { rows } = await deps.db.query<KeyRow>('select id, name, key_hash, scopes, windows from integration_api_keys where revoked_at is null');
    for (const r of rows) k.runtime.set(r.key_hash, { id: r.id, grant: { name: r.name, scopes: r.scopes, windows: r.windows } });
    return k;
  }

  resolve(key: string): ApiKeyGrant | null {
    if (key.length < 24 || key.length > 256) return null;
    const hash = sha256(key);
    return this.fromEnv.get(hash) ?? this.runtime.get(hash)?.grant ?? null;
  }

  /** Makes a key: stored as its SHA-256 with its audit entry in one transaction; the secret is returned once. */
  async create(body: CreateApiKeyRequest, by: KeyAdmin): Promise<CreatedApiKey> {
    const deps = this.mustOpen();
    const taken = [...this.fromEnv.values(), ...[...this.runtime.values()].map((r) => r.grant)].some((g) => g.name === body.name);
    if (taken) throw new QueueError('conflict', `an integration key named "${body.name}" is already in force: revoke it first or choose another name`, 'api_key_name_taken');
    const secret = makeSecret();
    const id = newId();
    const now = (deps.now ?? (() => new Date()))();
    const grant: ApiKeyGrant = { name: body.name, scopes: [...new Set(body.scopes)], windows: [...new Set(body.windows)].sort((a, b) => a - b) };
    const what = `${grant.scopes.join(', ')}${grant.windows.length > 0 ? ` for windows ${grant.windows.join(', ')}` : ''}`;
    const entry = deps.audit.entry('api_key_created', { staffId: by.staffId, deviceId: by.deviceId, window: null, detail: `integration key "${grant.name}" created: ${what}` });
    await deps.db.transaction(async (tx) => {
      await deps.audit.writeIn(tx, [entry]);
      await tx.query(
        `insert into integration_api_keys (id, name, key_hash, scopes, windows, created_at, created_by)
         values ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7)`,
        [id, grant.name, sha256(secret), JSON.stringify(grant.scopes), JSON.stringify(grant.windows), now.toISOString(), by.staffId],
      );
    });
    this.runtime.set(sha256(secret), { id, grant });
    return { key: { id, ...grant, scopes: [...grant.scopes], windows: [...grant.windows], source: 'admin', createdAt: now.toISOString(), createdBy: by.staffId, revokedAt: null, revokedBy: null }, secret };
  }

  /** Revokes a runtime key: it stops at once (memory and database in the same call), audited. */
  async revoke(id: string, by: KeyAdmin): Promise<ApiKeyView> {
    const deps = this.mustOpen();
    if (id.startsWith('env:')) throw new QueueError('conflict', 'a key of GUICHET_API_KEYS is revoked by taking it out of the environment and restarting the hub', 'api_key_from_environment');
    const now = (deps.now ?? (() => new Date()))();
    const row = await deps.db.transaction(async (tx) => {
      const { rows } = await tx.query<KeyRow>('select * from integration_api_keys where id = $1', [id]);
      const r = rows[0];
      if (!r) throw new QueueError('not_found', `no integration key ${id}`);
      if (r.revoked_at !== null) return r;
      await deps.audit.writeIn(tx, [deps.audit.entry('api_key_revoked', { staffId: by.staffId, deviceId: by.deviceId, window: null, detail: `integration key "${r.name}" revoked` })]);
      const done = await tx.query<KeyRow>('update integration_api_keys set revoked_at = $2, revoked_by = $3 where id = $1 returning *', [id, now.toISOString(), by.staffId]);
      return done.rows[0]!;
    });
    this.runtime.delete(row.key_hash);
    return viewOf(row);
  }

  /** Every key's name and rights (never the secret): the environment's, then the runtime ones, newest first. */
  async list(): Promise<ApiKeyView[]> {
    const env = [...this.fromEnv.values()].map(
      (g): ApiKeyView => ({ id: `env:${g.name}`, name: g.name, scopes: [...g.scopes], windows: [...g.windows], source: 'environment', createdAt: null, createdBy: null, revokedAt: null, revokedBy: null }),
    );
    if (!this.deps) return env;
    const { rows } = await this.deps.db.query<KeyRow>('select * from integration_api_keys order by created_at desc, id desc limit 500');
    return [...env, ...rows.map(viewOf)];
  }

  private mustOpen(): ApiKeysDeps {
    if (!this.deps) throw new QueueError('internal', 'integration keys are read-only here (opened without a database)');
    return this.deps;
  }
}

function viewOf(r: KeyRow): ApiKeyView {
  return { id: r.id, name: r.name, scopes: r.scopes, windows: r.windows, source: 'admin', createdAt: iso(r.created_at), createdBy: r.created_by, revokedAt: iso(r.revoked_at), revokedBy: r.revoked_by };
}
