// Test support, never imported by the app. Counter databases for a renderer test file (with fake-indexeddb loaded first): each call gives
// a fresh window number, and every database made is deleted after each test.
import { afterEach } from 'vitest';
import { CounterDb } from './db.js';
import type { WalkInFinishedPayload, WalkInStartedPayload } from './localEvents.js';

export function counterDbs(firstNumber = 70): () => CounterDb {
  let n = 0;
  const dbs: CounterDb[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.delete();
  });
  return () => {
    const db = new CounterDb(firstNumber + n++);
    dbs.push(db);
    return db;
  };
}

// Every write is checked against its kind's schema, so tests that need "some events" and do not
// care which write these: distinct per `n`, valid, and cheap.

export function walkInStarted(n: number | string = 1): WalkInStartedPayload {
  return { walkInId: `walk-in-${n}`, service: 'A' };
}

export function walkInFinished(n: number | string = 1): WalkInFinishedPayload {
  return { ...walkInStarted(n), startedAt: '2025-01-06T02:00:00.000Z', outcome: 'completed', handlingSeconds: 60 };
}
