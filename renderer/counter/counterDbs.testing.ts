// Test support, never imported by the app. Counter databases for a renderer test file (with fake-indexeddb loaded first): each call gives
// a fresh window number, and every database made is deleted after each test.
import { afterEach } from 'vitest';
import { CounterDb } from './db.js';

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
