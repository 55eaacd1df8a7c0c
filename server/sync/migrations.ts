import type { Migration } from '../db/sqlDb.js';
import { RECORD_MONTH_SQL } from './recordMonth.js';

/**
 * The sync store, the same on the hub (server for its counters, in the hub's PGlite) and at HQ
 * (PGlite or PostgreSQL). Ids are prefixed so the hub can append these to its own migrations.
 *
 * Lock order, the one rule that keeps concurrent pushes free of deadlocks on PostgreSQL: a
 * transaction that writes records, dead letters, device progress or config documents locks the
 * `sync_seq` row FIRST (recordStore.ts, configDocs.ts). Writers therefore queue on that one row
 * and never hold another row lock while waiting for it.
 */
export const syncMigrations: readonly Migration[] = [
  {
    id: 'sync_001',
    sql: `
      -- One-row counter: every stored record and config document takes its sequence number from
      -- it inside the storing transaction. The row lock is held to commit, so the next writer
      -- gets a higher number only after this one is visible: sequence order is commit order and
      -- a reader paging "seq > cursor" never steps over a row that commits later. (A bigserial
      -- or timestamp is handed out before commit and can commit out of order.)
      create table sync_seq (one boolean primary key default true check (one), value bigint not null);
      insert into sync_seq values (true, 0);

      create table sync_records (
        id text primary key,
        server_seq bigint not null unique,
        kind text not null,
        branch_id text not null,
        device_id text not null,
        device_seq bigint not null,
        hlc text not null,
        -- As the device sent it (its clock may be wrong); kept verbatim so a relay re-sends it as is.
        wall_at text not null,
        -- wall_at + (server receive time - device send time): the device's clock error removed.
        corrected_at timestamptz not null,
        received_at timestamptz not null,
        -- The authenticated device that delivered it (the device itself, or its hub relaying).
        via_device_id text not null,
        body jsonb not null
      );
      create index sync_records_device_seq on sync_records (device_id, device_seq);
      create index sync_records_branch_kind on sync_records (branch_id, kind, server_seq);

      -- Records that can never be stored as they are (bad body of a known kind, too large):
      -- kept for the lead to see, never retried, never blocking the rest of an outbox.
      create table dead_letters (
        id text primary key,
        device_id text not null,
        device_seq bigint not null,
        via_device_id text not null,
        branch_id text not null,
        kind text not null,
        code text not null,
        reason text not null,
        record jsonb not null,
        at timestamptz not null
      );
      create index dead_letters_device_seq on dead_letters (device_id, device_seq);

      -- Every device whose records reached this server, directly or relayed.
      create table device_progress (
        device_id text primary key,
        branch_id text not null,
        last_seen_at timestamptz,
        -- Every device_seq from 1 to this one is stored.
        contiguous_seq bigint not null default 0,
        highest_seq bigint not null default 0,
        -- The device's own count of records still in its outbox after its last push
        -- (X-Outbox-Pending); null when it never said.
        outbox_pending integer,
        -- Server time minus device time at its last direct push, in ms.
        clock_offset_ms bigint
      );

      -- Devices enrolled here with a one-time code; the token is kept only as its SHA-256
      -- (moved to device_tokens by sync_002).
      create table sync_devices (
        device_id text primary key,
        branch_id text not null,
        role text not null,
        token_hash text not null unique,
        enrolled_at timestamptz not null,
        revoked_at timestamptz
      );

      create table enrol_codes (
        code_hash text primary key,
        branch_id text not null,
        role text,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz,
        used_by text
      );

      -- Configuration flowing down. Only the latest version of a document is kept; its seq is
      -- retaken from sync_seq at every change, so "seq > cursor" finds every changed document.
      create table config_docs (
        kind text not null,
        key text not null,
        version integer not null,
        body jsonb not null,
        seq bigint not null unique,
        updated_at timestamptz not null,
        primary key (kind, key)
      );
    `,
  },
  {
    id: 'sync_002',
    sql: `
      -- A device's valid tokens (SHA-256 only), each with the code that bought it. A device may
      -- hold several from one code: the answer to its enrolment was lost and it asked again with
      -- the same code (deviceAuth.ts), or the request reached the server twice. Enrolling with a
      -- new code replaces them all; revoking the device (sync_devices.revoked_at) stops them all.
      create table device_tokens (
        token_hash text primary key,
        device_id text not null references sync_devices (device_id) on delete cascade,
        code_hash text,
        issued_at timestamptz not null
      );
      create index device_tokens_device on device_tokens (device_id);
      insert into device_tokens (token_hash, device_id, code_hash, issued_at)
        select token_hash, device_id, null, enrolled_at from sync_devices;
      alter table sync_devices drop column token_hash;
    `,
  },
  {
    id: 'sync_003',
    sql: `
      -- The window a counter or counter display belongs to (the branch hub's devices; null for
      -- every other kind, and always at head office, which enrols hubs). A code made for one
      -- window fixes it; a code without one lets the device name it (the demo's).
      alter table sync_devices add column window_number integer;
      alter table enrol_codes add column window_number integer;
    `,
  },
  {
    id: 'sync_004',
    sql: `
      -- The record's own month (recordMonth.ts: its ULID's time, the same on every delivery).
      -- Head office partitions its raw events by it (server/hq/migrations.ts, partitions.ts); the
      -- hub only fills it, so both stores write the same rows with the same SQL.
      alter table sync_records add column record_month date;
      update sync_records set record_month = ${RECORD_MONTH_SQL};
      alter table sync_records alter column record_month set not null;
    `,
  },
];
