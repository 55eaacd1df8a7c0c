import type { Migration } from '../../db/sqlDb.js';
import { HQ_RECORDING_FIELDS } from '../../../shared/hq/sums.js';
import { SUM_COLUMNS } from './columns.js';

/** The sum columns of the first version of the day table; later ones come by their own migration. */
const RECORDING_COLUMNS = SUM_COLUMNS.filter((c) => (HQ_RECORDING_FIELDS as readonly string[]).includes(c.field));
const FIRST_COLUMNS = SUM_COLUMNS.filter((c) => !RECORDING_COLUMNS.includes(c));

/**
 * Head office's figures (issue 15): sums per branch x business day x window x teller x service,
 * kept by the consumer (figureConsumer.ts) as records are ingested, so no screen or report scans
 * raw events. Window 0, teller '' and service '' stand for "not known" (an arrival has no
 * window yet). The same SQL on PGlite and PostgreSQL.
 */
export const hqFiguresMigrations: readonly Migration[] = [
  {
    id: 'hq_figures_001',
    sql: `
      create table hq_fig_day (
        branch_id text not null,
        day date not null,
        counter integer not null,
        staff_id text not null,
        service text not null,
        ${FIRST_COLUMNS.map((c) => `${c.column} bigint not null default 0`).join(',\n        ')},
        primary key (branch_id, day, counter, staff_id, service)
      );
      -- The network's month (every branch): by day first. A branch's month uses the primary key.
      create index hq_fig_day_by_day on hq_fig_day (day);

      -- Facts that count once per ticket (its first call, its first greeting): the key seen first wins.
      -- Kept with the day so old months can be deleted with the raw events they came from.
      create table hq_fig_once (branch_id text not null, key text not null, day date not null, primary key (branch_id, key));

      -- How far the consumer got in sync_records (server_seq), advanced in the transaction that adds the sums.
      create table hq_fig_cursor (one boolean primary key default true check (one), cursor bigint not null);
      insert into hq_fig_cursor values (true, 0);

      -- Inspection (on site, mystery shopper) and remote-review scores per month; staff_id '' = the branch's.
      create table hq_eval_scores (
        month text not null,
        branch_id text not null,
        staff_id text not null,
        kind text not null check (kind in ('inspection', 'review')),
        score numeric not null,
        at timestamptz not null,
        primary key (month, branch_id, staff_id, kind)
      );

      -- Monthly reports as generated, kept (scope: 'network' or a branch id).
      create table hq_reports (
        month text not null,
        scope text not null,
        format text not null,
        lang text not null,
        body bytea not null,
        generated_at timestamptz not null,
        primary key (month, scope, format, lang)
      );
    `,
  },
  {
    // Recordings coverage (services recorded, empty or cut). Sums of records already consumed
    // start at 0: POST /api/v1/hq/figures/rebuild counts them from the stored records.
    id: 'hq_figures_002_recordings',
    sql: RECORDING_COLUMNS.map((c) => `alter table hq_fig_day add column ${c.column} bigint not null default 0;`).join('\n'),
  },
  {
    // Merges of the delta log (deltaLog.ts) update cells in place: room on
    // each page lets PostgreSQL keep the new row version there without touching the indexes
    // (a HOT update). Pages written from now on.
    id: 'hq_figures_003_fillfactor',
    sql: 'alter table hq_fig_day set (fillfactor = 70);',
  },
  {
    // The store's share of the figures (deltaLog.ts): one row per stored batch, its folded
    // deltas as JSON (deltaRows.ts), id = the batch's last server_seq (commit order); deleted as
    // it is merged. Stored as it is, not compressed: it lives a fraction of a second, and
    // compressing it was time the pushers waited for under the sequence lock.
    id: 'hq_figures_004_delta_log',
    sql: `create table hq_fig_delta (id bigint primary key, delta_rows text not null);
          alter table hq_fig_delta alter column delta_rows set storage external;`,
  },
  {
    // A log row no longer carries the deltas (the process that logged it holds them, or the
    // merge reads the records back): it names the batch's records, first_seq + 1 .. id. Rows
    // logged before this still carry theirs and are merged from them.
    id: 'hq_figures_005_delta_marks',
    sql: `alter table hq_fig_delta add column first_seq bigint;
          alter table hq_fig_delta alter column delta_rows drop not null;
          alter table hq_fig_delta add constraint hq_fig_delta_names_its_records check ((first_seq is null) <> (delta_rows is null));`,
  },
];
