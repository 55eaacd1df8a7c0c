import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { RatingNotice } from '../../shared/ratings/api.js';
import { localCounts, peekOutbox } from '../device/db.js';
import { counterDbs } from '../device/counterDbs.testing.js';
import { RATING_RECEIVED, recordRatingReceived } from './ratingLog.js';

const freshDb = counterDbs();

const rated = (counter: number, ticketId: string, value = 4): RatingNotice =>
  RatingNotice.parse({ type: 'rating', counter, ticketId, status: 'rated', followUpId: null, value, source: 'rating_keypad' });

describe('rating.received on the counter', () => {
  it('records the answer as an event, its sync record and its outbox row', async () => {
    const db = freshDb();
    const event = await recordRatingReceived(db, rated(db.counter, 't-1', 3), new Date('2025-01-06T02:00:00.000Z'));
    expect(event).toMatchObject({ type: RATING_RECEIVED, at: '2025-01-06T02:00:00.000Z', payload: { ticketId: 't-1', value: 3, source: 'rating_keypad', followUpId: null } });
    const [record] = await peekOutbox(db, 10);
    expect(record).toMatchObject({ id: event!.id, body: { type: 'rating.received', counter: db.counter, payload: event!.payload } });
    expect(await localCounts(db)).toEqual({ events: 1, outbox: 1 });
  });

  it('keeps one event per ticket when the same notice comes again, even at once', async () => {
    const db = freshDb();
    const results = await Promise.all([recordRatingReceived(db, rated(db.counter, 't-1')), recordRatingReceived(db, rated(db.counter, 't-1'))]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await recordRatingReceived(db, rated(db.counter, 't-1'))).toBeNull();
    await recordRatingReceived(db, rated(db.counter, 't-2', 1));
    const events = (await db.events.where('type').equals(RATING_RECEIVED).toArray()).filter((e) => e.type === RATING_RECEIVED);
    expect(events.map((e) => [e.payload['ticketId'], e.payload['value']])).toEqual([
      ['t-1', 4],
      ['t-2', 1],
    ]);
    expect(await localCounts(db)).toEqual({ events: 2, outbox: 2 });
  });

  it('ignores other windows’ ratings and notices without an answer', async () => {
    const db = freshDb();
    expect(await recordRatingReceived(db, rated(db.counter + 1, 't-1'))).toBeNull();
    const awaiting = RatingNotice.parse({ type: 'rating', counter: db.counter, ticketId: 't-1', status: 'awaiting', followUpId: null });
    expect(awaiting.value).toBeNull();
    expect(await recordRatingReceived(db, awaiting)).toBeNull();
    expect(await recordRatingReceived(db, { ...awaiting, status: 'not_rated' })).toBeNull();
    expect(await localCounts(db)).toEqual({ events: 0, outbox: 0 });
  });
});
