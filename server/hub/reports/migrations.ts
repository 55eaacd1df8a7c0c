import type { Migration } from '../../db/sqlDb.js';

/**
 * Head office's monthly report files of this branch, fetched from head office and kept so the
 * lead opens them offline. What they are (month, score, figures, which files exist) is the
 * `config.reports` document the hub pulled (config_docs); only the bytes live here.
 */
export const hubReportMigrations: readonly Migration[] = [
  {
    id: 'hub_reports_001',
    sql: `
      create table hub_report_files (
        month text not null,
        format text not null,
        lang text not null,
        generated_at timestamptz not null,
        body bytea not null,
        fetched_at timestamptz not null,
        primary key (month, format, lang)
      );
    `,
  },
];
