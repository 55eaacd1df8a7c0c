import { useEffect } from 'react';
import type { RatingNotice } from '../../shared/ratings/api.js';
import { counterDb, recordEvent, writeTables } from '../device/db.js';
import type { CounterDb, LocalEvent, LocalEventType } from '../device/db.js';
import { watchRatings } from './ratingsApi.js';

/** The counter's own log of its customers' answers (counter.event "rating.received"). */
export const RATING_RECEIVED = 'rating.received' satisfies LocalEventType;

/**
 * Records the customer's answer to one of this window's services in the counter's log, like
 * every counter fact (event, sync record and outbox row in one transaction). At most one per
 * ticket: a notice heard twice (a reconnect, a second tab of the same window) adds nothing.
 * Returns the event written, or null when the notice is not a rating of this window or the
 * ticket's rating is already recorded.
 */
export async function recordRatingReceived(db: CounterDb, notice: RatingNotice, now = new Date()): Promise<LocalEvent | null> {
  if (notice.status !== 'rated' || notice.counter !== db.counter) return null;
  const { ticketId, value, source } = notice;
  if (value === null || source === null) return null;
  return db.transaction('rw', writeTables(db), async () => {
    const known = await db.events
      .where('type')
      .equals(RATING_RECEIVED)
      .filter((e) => e.type === RATING_RECEIVED && e.payload.ticketId === ticketId)
      .count();
    if (known > 0) return null;
    return recordEvent(db, RATING_RECEIVED, { ticketId, value, source, followUpId: notice.followUpId }, { now });
  });
}

/** On the teller's screen of window `counter`: every answer its customers give goes into its log. */
export function useRatingLog(counter: number): void {
  useEffect(() => {
    const db = counterDb(counter);
    return watchRatings(
      (notice) => {
        // A failed write is not the teller's problem: the hub has the rating either way.
        recordRatingReceived(db, notice).catch(() => undefined);
      },
      () => undefined,
    );
  }, [counter]);
}
