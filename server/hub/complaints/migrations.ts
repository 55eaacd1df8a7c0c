import type { Migration } from '../../db/sqlDb.js';
import { COMPLAINT_OPS_INDEX_SQL, complaintTableSql } from './complaintTable.js';

/** The hub's complaint log (issue 13): the merged log, its projection cursor, raised reminders, recordings held for a dispute. */
export const complaintMigrations: readonly Migration[] = [
  {
    id: '140_complaints_001',
    sql: `
      ${complaintTableSql('complaints')}
      ${COMPLAINT_OPS_INDEX_SQL}

      -- How far the projection of pushed complaint ops has read sync_records (projection.ts).
      create table complaint_projection (one boolean primary key default true check (one), cursor bigint not null);
      insert into complaint_projection values (true, 0);

      -- Supervision reminders (督办) raised, once each (the key names the deadline, so an
      -- extension or a reopening raises them again).
      create table complaint_reminders (
        key text primary key,
        complaint_id text not null,
        kind text not null,
        owner_id text not null,
        level text not null,
        due_since timestamptz not null,
        deadline timestamptz not null,
        raised_at timestamptz not null
      );
      create index complaint_reminders_complaint on complaint_reminders (complaint_id, raised_at);

      -- Recordings held for a complaint (a dispute): never pruned, shown held in the recording
      -- search (server/recordingHub/search.ts). Keyed by the service (ticket and window) too,
      -- so a recording the counter uploads after the complaint was registered is held as well.
      create table recording_dispute_holds (
        complaint_id text not null,
        ticket_id text not null,
        counter integer not null,
        recording_id text,
        reason text not null,
        held_at timestamptz not null,
        primary key (complaint_id, ticket_id, counter)
      );
      create index recording_dispute_holds_recording on recording_dispute_holds (recording_id);
      create index recording_dispute_holds_service on recording_dispute_holds (ticket_id, counter);
    `,
  },
];
