import type { Migration } from '../../db/sqlDb.js';

/** The hub's side of the standard phrases: the special prompts the duty leader switched on. */
export const phrasesMigrations: readonly Migration[] = [
  {
    id: 'phrases_001',
    sql: `
      -- One row per special prompt switched on (phrase id of the branch's catalogue); kept across
      -- restarts so a hub that comes back keeps warning of the ice on the road.
      create table phrase_prompts (
        phrase_id text primary key,
        switched_on_at timestamptz not null
      );
      -- When the set last changed (one row), so the lead sees since when it stands.
      create table phrase_prompts_changed (one boolean primary key default true check (one), at timestamptz not null);
    `,
  },
];
