import type { Migration } from '../../db/sqlDb.js';

/**
 * Head office's evaluation inputs (issue 15, docs/hq-evaluation.md): inspection templates and the
 * sheets filled on them, the monthly sample of recordings per teller and the checklist scores the
 * reviewers gave, and who heard which recording at head office. The month's averages go to
 * hq_eval_scores (server/hq/figures/migrations.ts), which the rankings read.
 */
export const hqEvaluationMigrations: readonly Migration[] = [
  {
    id: 'hq_eval_001_inspection_review',
    sql: `
      -- Templates edited at head office; a default template not saved here is the shipped one.
      create table hq_inspection_templates (
        id text primary key,
        body jsonb not null,
        saved_by text not null,
        saved_at timestamptz not null
      );

      -- One row per filled sheet; the template's items are copied in, so a later edit of the
      -- template never changes a sheet already filled.
      create table hq_inspection_sheets (
        id text primary key,
        month text not null,
        branch_id text not null,
        staff_id text,
        kind text not null,
        total numeric not null,
        body jsonb not null,
        inspector text not null,
        at timestamptz not null
      );
      create index hq_inspection_sheets_month on hq_inspection_sheets (month, branch_id);

      -- The drawn recordings: once drawn, a recording stays in its month's sample.
      create table hq_review_sample (
        month text not null,
        branch_id text not null,
        teller_id text not null,
        recording_id text not null,
        recording jsonb not null,
        drawn_by text not null,
        drawn_at timestamptz not null,
        primary key (month, branch_id, recording_id)
      );

      -- A sampled recording's checklist score; scoring again replaces it, with the new reviewer and time.
      create table hq_review_scores (
        recording_id text primary key,
        month text not null,
        branch_id text not null,
        teller_id text not null,
        total numeric not null,
        scores jsonb not null,
        note text not null,
        reviewer text not null,
        at timestamptz not null
      );
      create index hq_review_scores_teller on hq_review_scores (branch_id, teller_id, month);

      -- Who heard which recording at head office (the branch logs its own listens the same way).
      create table hq_review_listens (
        recording_id text not null,
        listener text not null,
        at timestamptz not null
      );
    `,
  },
  {
    id: 'hq_eval_002_policy',
    sql: `
      -- The evaluation policy (score sheets, star criteria), every version kept with who saved it
      -- and when; the highest version is in force. None saved: the shipped defaults (version 0).
      create table hq_eval_policy (
        version integer primary key,
        body jsonb not null,
        saved_by text not null,
        saved_at timestamptz not null
      );
    `,
  },
];
