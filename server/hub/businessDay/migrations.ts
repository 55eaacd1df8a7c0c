import type { Migration } from '../../db/sqlDb.js';

/** The business day's records live in sync_records as doc.op records; these make them quick to find. */
export const businessDayMigrations: readonly Migration[] = [
  {
    id: '200_business_day',
    sql: `
      -- A day's documents by type and id prefix (ids start with the date: shared/businessDay/records.ts).
      create index business_day_doc_ops on sync_records ((body->>'docType'), (body->>'docId') text_pattern_ops) where kind = 'doc.op';
      -- The next sequence number of the records the hub writes for the lead's screen.
      create index business_day_device_seq on sync_records (device_id, device_seq) where kind = 'doc.op';
    `,
  },
];
