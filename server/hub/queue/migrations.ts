import type { Migration } from '../../db/openPglite.js';

export const queueMigrations: readonly Migration[] = [
  {
    id: '001_queue',
    sql: `
      create table tickets (
        id text primary key,
        business_day text not null,
        service text not null,
        seq integer not null,
        number text not null,
        priority text not null,
        issued_at timestamptz not null,
        status text not null,
        counter integer,
        target_counter integer,
        called_at timestamptz,
        last_called_at timestamptz,
        recalls integer not null default 0,
        started_at timestamptz,
        finished_at timestamptz,
        outcome text,
        items jsonb not null default '[]',
        transfers integer not null default 0,
        appointment_code text,
        unique (business_day, service, seq),
        unique (business_day, appointment_code)
      );
      create index tickets_active on tickets (status) where status in ('waiting', 'called', 'serving', 'held');
      create table daily_numbers (
        business_day text not null,
        service text not null,
        last_seq integer not null,
        primary key (business_day, service)
      );
      -- One-row counter: the event sequence is taken inside the storing transaction, so
      -- sequence order is commit order.
      create table event_seq (one boolean primary key default true check (one), value bigint not null);
      insert into event_seq values (true, 0);
      create table queue_events (
        seq bigint primary key,
        id text not null unique,
        type text not null,
        at timestamptz not null,
        counter integer,
        ticket_id text not null,
        body jsonb not null
      );
      create table counter_state (
        counter integer primary key,
        consecutive_priority integer not null default 0
      );
      create table idempotency (
        key text primary key,
        scope text not null,
        status integer not null,
        response jsonb,
        created_at timestamptz not null default now()
      );
    `,
  },
];
