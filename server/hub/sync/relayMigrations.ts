import type { Migration } from '../../db/sqlDb.js';

/** The hub's side of its link to head office. */
export const relayMigrations: readonly Migration[] = [
  {
    id: 'relay_001',
    sql: `
      -- How far each upstream stream has been handed over: this hub's queue events, the records
      -- its devices pushed here, and the configuration pulled from HQ.
      create table relay_cursors (name text primary key, value bigint not null);
      -- This hub's enrolment at head office.
      create table upstream_identity (
        one boolean primary key default true check (one),
        upstream_url text not null,
        device_id text not null,
        branch_id text not null,
        token text not null,
        enrolled_at timestamptz not null
      );
      -- Records head office refused for good: kept for the lead, never blocking the rest.
      create table relay_dead_letters (
        id text primary key,
        kind text not null,
        device_id text not null,
        code text not null,
        reason text not null,
        record jsonb not null,
        at timestamptz not null
      );
      -- Pulled changes of kinds this version does not know: parked, never skipped, so an
      -- upgraded hub can still apply them.
      create table relay_parked (
        seq bigint primary key,
        kind text not null,
        key text not null,
        version integer not null,
        body jsonb not null,
        at timestamptz not null
      );
    `,
  },
];
