import type { Migration } from '../../db/sqlDb.js';

export const queueMigrations: readonly Migration[] = [
  {
    id: '001_queue',
    sql: `
      -- The ticket's whole state is its last event's ticket (doc); the columns beside it are
      -- what the hub looks tickets up by.
      create table tickets (
        id text primary key,
        business_day text not null,
        number text not null,
        service text not null,
        status text not null,
        appointment_code text,
        doc jsonb not null,
        unique (business_day, number),
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
  {
    // Each hub event gets the hub's hybrid-clock timestamp, so it syncs upstream as a record
    // ordered by causality rather than by this PC's wall clock.
    id: '002_event_hlc',
    sql: `
      alter table queue_events add column hlc text;
      create table hub_identity (one boolean primary key default true check (one), device_id text not null);
    `,
  },
];
