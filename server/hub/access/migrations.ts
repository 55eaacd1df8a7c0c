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
];
