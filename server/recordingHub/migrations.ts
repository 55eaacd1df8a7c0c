import type { Migration } from '../db/sqlDb.js';

/** The hub's recording tables (issue 5): the searchable index, holds, listens, the relay to HQ. */
export const recordingHubMigrations: readonly Migration[] = [
  {
    id: '120_recording_001',
    sql: `
      -- One row per finished recording, projected from the counters' recording.finished records.
      create table recording_index (
        id text primary key,
        branch_id text not null,
        device_id text not null,
        counter integer not null,
        teller_id text not null,
        ticket_id text,
        ticket_number text,
        service text,
        started_at timestamptz not null,
        ended_at timestamptz not null,
        duration_ms integer not null,
        bytes bigint not null,
        sha256 text not null,
        finished_as text not null,
        held boolean not null default false
      );
      create index recording_index_started on recording_index (started_at desc, id desc);
      create index recording_index_ticket on recording_index (ticket_number);
      create index recording_index_counter on recording_index (counter, started_at desc);
      create index recording_index_ticket_id on recording_index (ticket_id);
      -- Held/released, the latest by the counter's HLC: order-independent of the finished record.
      create table recording_holds (recording_id text primary key, held boolean not null, hlc text not null);
      -- How far the projection has read sync_records.
      create table recording_projection (one boolean primary key default true check (one), cursor bigint not null);
      insert into recording_projection values (true, 0);

      -- Every listen, live or replay: who, what, when (and when a live listen ended).
      create table recording_listens (
        id text primary key,
        staff_id text not null,
        role text not null,
        mode text not null,
        counter integer not null,
        recording_id text,
        ticket_number text,
        at timestamptz not null,
        ended_at timestamptz,
        -- The deviceSeq of its sync record (written right after; re-written at start if a crash fell between).
        seq bigint not null unique,
        hlc text not null
      );
      create index recording_listens_at on recording_listens (at desc);
      -- The gap-free sequence of the hub's listen-log records (their own device id).
      create table recording_listen_seq (one boolean primary key default true check (one), value bigint not null);
      insert into recording_listen_seq values (true, 0);

      -- The relay of verified recordings to head office.
      create table recording_hq_relay (
        record_id text primary key,
        verified_at timestamptz,
        attempts integer not null default 0,
        last_error text,
        last_attempt_at timestamptz
      );
    `,
  },
  {
    // Issue 13, truthful evidence: the recorder's silence measure (null: not measured).
    id: '120_recording_002',
    sql: `alter table recording_index add column silent boolean;`,
  },
];
