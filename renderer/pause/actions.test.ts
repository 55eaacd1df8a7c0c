import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { QueueError } from '../../shared/api/errors.js';
import { CounterDb, localCounts, recentEvents } from '../device/db.js';
import { runWindowCommand } from './actions.js';

const dbs: CounterDb[] = [];
let n = 0;
function freshDb(): CounterDb {
  const db = new CounterDb(80 + n++);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('runWindowCommand: the teller’s window commands, local first', () => {
  it('records the command before asking the hub, uses its id as the idempotency key, and records the answer', async () => {
    const db = freshDb();
    const keys: string[] = [];
    const outcome = await runWindowCommand(db, 'pause', { reason: 'break' }, async (key) => {
      keys.push(key);
      // Already on this device when the hub is asked.
      expect((await recentEvents(db)).map((e) => e.type)).toEqual(['teller.command']);
      return { ok: 'yes' };
    });
    expect(outcome).toEqual({ ok: true, value: { ok: 'yes' } });
    const [result, command] = await recentEvents(db);
    expect(command).toMatchObject({ id: keys[0], type: 'teller.command', payload: { command: 'pause', body: { reason: 'break' } } });
    expect(result).toMatchObject({ type: 'teller.command_result', payload: { eventId: keys[0], ok: true } });
    expect(await localCounts(db)).toEqual({ events: 2, outbox: 2 });
  });

  it('keeps the hub’s refusal with its reason, and the command stays recorded', async () => {
    const db = freshDb();
    const outcome = await runWindowCommand(db, 'pause', { reason: 'break' }, async () => {
      throw new QueueError('conflict', 'window 4 is the last open window for V', 'last_open_for_service');
    });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error.reason).toBe('last_open_for_service');
    const [result] = await recentEvents(db);
    expect(result!.payload).toMatchObject({ ok: false, code: 'conflict', reason: 'last_open_for_service' });
  });

  it('turns an unreachable hub into a typed failure', async () => {
    const outcome = await runWindowCommand(freshDb(), 'resume', {}, async () => {
      throw new TypeError('fetch failed');
    });
    expect(!outcome.ok && outcome.error.code).toBe('internal');
  });
});
