import type { PhraseUsedPayload } from '../../shared/phrases/usage.js';
import { PHRASE_USED } from '../../shared/phrases/usage.js';
import { recordEvent } from '../device/db.js';
import type { CounterDb, LocalEvent } from '../device/db.js';

/** Records a used phrase like every counter fact: event, sync record and outbox row in one transaction. */
export function recordPhraseUsed(db: CounterDb, payload: PhraseUsedPayload, now = new Date()): Promise<LocalEvent> {
  return recordEvent(db, PHRASE_USED, payload, { now });
}
