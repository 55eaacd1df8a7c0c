import type { Migration } from '../../db/sqlDb.js';

/**
 * What the service record (issue 13) looks things up by: a ticket's queue events, the phrases
 * used for a ticket (the counters' phrase.used records) and the complaints naming a ticket
 * (their `service` field's doc.op). Indexes only: the record is read from the tables that exist.
 */
export const serviceRecordMigrations: readonly Migration[] = [
  {
    id: '150_service_record_001',
    sql: `
      create index if not exists queue_events_ticket on queue_events (ticket_id, seq);
      create index if not exists sync_records_phrase_ticket on sync_records ((body->'payload'->>'ticketId'))
        where kind = 'counter.event' and body->>'type' = 'phrase.used';
      create index if not exists sync_records_phrase_counter on sync_records ((body->>'counter'), corrected_at)
        where kind = 'counter.event' and body->>'type' = 'phrase.used';
      create index if not exists sync_records_complaint_ticket on sync_records ((body->'value'->>'ticketId'))
        where kind = 'doc.op' and body->>'docType' = 'complaint' and body->>'field' = 'service';
      create index if not exists recording_index_ticket_counter on recording_index (ticket_id, counter);
      create index if not exists pauses_counter on pauses (counter, started_at);
    `,
  },
];
