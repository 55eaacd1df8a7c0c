import type { Migration } from '../../db/sqlDb.js';

/**
 * The hub's access tables (server/hub/access/): staff sessions and the security audit. The
 * window of an enrolled device lives with the device (sync_003 in server/sync/migrations.ts).
 */
export const accessMigrations: readonly Migration[] = [
  {
    id: '130_access',
    sql: `
      -- Staff sessions: only the SHA-256 of the token is kept, so a restart keeps everyone signed
      -- in and a copy of the database signs nobody in. A session ends once (ended_at, why).
      create table staff_sessions (
        id text primary key,
        token_hash text not null unique,
        staff_id text not null,
        device_id text not null,
        -- The window a counter session serves; null at a lead station.
        window_number integer,
        signed_in_at timestamptz not null,
        expires_at timestamptz not null,
        locked boolean not null default false,
        ended_at timestamptz,
        end_reason text
      );
      create index staff_sessions_open on staff_sessions (expires_at) where ended_at is null;

      -- Security events (shared/access/audit.ts), each also a 'security.audit' record for head
      -- office written in the same transaction (the hub's own device '<hub id>-audit').
      create table security_audit (
        id text primary key,
        kind text not null,
        at timestamptz not null,
        business_day text not null,
        staff_id text,
        device_id text,
        window_number integer,
        detail text not null
      );
      create index security_audit_day on security_audit (business_day, at);
    `,
  },
  {
    id: '131_access_lockout',
    sql: `
      -- Wrong PINs per lockout key (a staff member, an unknown login, a client address:
      -- lockout.ts), kept so that a hub restart keeps every lockout. Rows older than the
      -- lockout window are deleted at start and by the sessions' sweep; a right PIN deletes
      -- the person's rows (never the address's).
      create table access_lockout_failures (
        key text not null,
        failed_at timestamptz not null
      );
      create index access_lockout_failures_key on access_lockout_failures (key, failed_at);
      create index access_lockout_failures_at on access_lockout_failures (failed_at);
    `,
  },
  {
    id: '132_integration_api_keys',
    sql: `
      -- Integration API keys an admin made at runtime (POST /api/v1/api-keys; those of
      -- GUICHET_API_KEYS are not stored). Only the secret's SHA-256 is kept; a revoked key's row
      -- stays, for the list and the audit's story.
      create table integration_api_keys (
        id text primary key,
        name text not null,
        key_hash text not null unique,
        scopes jsonb not null,
        windows jsonb not null,
        created_at timestamptz not null,
        created_by text not null,
        revoked_at timestamptz,
        revoked_by text
      );
      create unique index integration_api_keys_name_in_force on integration_api_keys (name) where revoked_at is null;

      -- How far the audit of counters' offline sign-ins has read sync_records (offlineSignIns.ts).
      create table access_offline_projection (one boolean primary key default true check (one), cursor bigint not null);
      insert into access_offline_projection values (true, 0);
    `,
  },
];
