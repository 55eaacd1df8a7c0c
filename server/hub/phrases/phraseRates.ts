import type { BranchConfig } from '../../../shared/config/schema.js';
import { phraseRates, servicesOf } from '../../../shared/phrases/rates.js';
import type { PhraseUse, ServiceFact, TellerDayRates } from '../../../shared/phrases/rates.js';
import { PHRASE_USED, PhraseUsedPayload } from '../../../shared/phrases/usage.js';
import { COUNTER_EVENT } from '../../../shared/sync/kinds.js';
import type { SqlDb } from '../../db/sqlDb.js';

/**
 * Greeting and farewell rates of the branch's tellers on one business day: the services from the
 * hub's own queue events (a service is the teller's who finished it, signed in at the window), the
 * phrases from the phrase.used records the counters pushed here. A counter that has not pushed
 * yet (offline, outbox waiting) shows a lower rate until it does.
 */
export async function branchPhraseRates(db: Pick<SqlDb, 'query'>, config: BranchConfig, day: string): Promise<TellerDayRates[]> {
  const facts = await db.query<{ type: ServiceFact['type']; at: Date | string; counter: number; ticket_id: string; staff_id: string | null }>(
    `select e.type, e.at, e.counter, e.ticket_id, e.body->'detail'->>'staffId' as staff_id
       from queue_events e join tickets t on t.id = e.ticket_id
      where t.business_day = $1 and e.type in ('ticket.called', 'service.finished') and e.counter is not null
      order by e.seq`,
    [day],
  );
  // A service is its teller's as the hub recorded it from their session; never the configuration's default.
  const services = servicesOf(
    facts.rows.map((r) => ({ type: r.type, at: new Date(r.at).toISOString(), counter: r.counter, ticketId: r.ticket_id, staffId: r.staff_id })),
    () => null,
  );
  if (services.length === 0) return [];
  const used = await db.query<{ body: unknown; corrected_at: Date | string }>(
    `select body, corrected_at from sync_records
      where kind = $1 and body->>'type' = $2 and body->'payload'->>'ticketId' = any($3::text[])`,
    [COUNTER_EVENT, PHRASE_USED, [...new Set(services.map((s) => s.ticketId))]],
  );
  const uses: PhraseUse[] = used.rows.flatMap((r) => {
    const payload = PhraseUsedPayload.safeParse((r.body as { payload?: unknown }).payload);
    if (!payload.success) return [];
    const { teller, situation, ticketId } = payload.data;
    return [{ teller, situation, ticketId, at: new Date(r.corrected_at).toISOString() }];
  });
  return phraseRates(services, uses, config.hours.timezone).filter((r) => r.day === day);
}
