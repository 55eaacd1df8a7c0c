import { describe, expect, it } from 'vitest';
import { bankCatalogue } from './data/index.js';
import { counterMoment, momentContext } from './moment.js';
import type { CounterMomentInput } from './moment.js';
import { phrasesForMoment } from './select.js';

const services = [{ code: 'A', targetWaitMinutes: 15 }];
const ticket = (status: 'called' | 'serving', waitedMinutes: number) => ({
  id: 't1',
  status,
  service: 'A',
  issuedAt: '2025-03-12T01:00:00.000Z',
  calledAt: new Date(Date.parse('2025-03-12T01:00:00.000Z') + waitedMinutes * 60_000).toISOString(),
});
const input = (extra: Partial<CounterMomentInput>): CounterMomentInput => ({ current: null, lastFinished: null, services, specialPrompts: [], ...extra });
const offered = (m: ReturnType<typeof counterMoment>, specialPrompts: string[] = []) =>
  phrasesForMoment(bankCatalogue, m.moment, momentContext(m, { date: new Date('2025-03-12T02:00:00Z'), timezone: 'Asia/Shanghai', specialPrompts })).map((p) => p.id);

describe('counterMoment', () => {
  it('is ticket_called while a ticket is called to the window, with its wait against the target', () => {
    const m = counterMoment(input({ current: ticket('called', 5) }));
    expect(m).toEqual({ moment: 'ticket_called', ticketId: 't1', waitedSeconds: 300, targetWaitSeconds: 900, overdue: false });
    expect(offered(m)).toEqual(['bank.greeting', 'bank.greeting.help']);
  });

  it('adds the apology when the wait was over the service target, not at it', () => {
    const over = counterMoment(input({ current: ticket('called', 16) }));
    expect(over).toMatchObject({ moment: 'ticket_called', overdue: true, waitedSeconds: 960 });
    expect(offered(over)).toContain('bank.sorry_for_wait');
    const exactly = counterMoment(input({ current: ticket('called', 15) }));
    expect(exactly.overdue).toBe(false);
    expect(offered(exactly)).not.toContain('bank.sorry_for_wait');
  });

  it('has no target for a service the configuration does not know, so no apology', () => {
    const m = counterMoment(input({ current: { ...ticket('called', 60), service: 'Z' } }));
    expect(m).toMatchObject({ overdue: false, waitedSeconds: 3600 });
    expect(m.targetWaitSeconds).toBeUndefined();
  });

  it('is serving during the service, service_finished after it until the next call', () => {
    expect(counterMoment(input({ current: ticket('serving', 1) }))).toEqual({ moment: 'serving', ticketId: 't1', overdue: false });
    const finished = counterMoment(input({ lastFinished: { ticketId: 't0' } }));
    expect(finished).toEqual({ moment: 'service_finished', ticketId: 't0', overdue: false });
    expect(offered(finished)).toEqual(['bank.finished', 'bank.farewell']);
    // A new call ends the farewell moment.
    expect(counterMoment(input({ current: ticket('called', 1), lastFinished: { ticketId: 't0' } })).moment).toBe('ticket_called');
  });

  it('is special when the window is free and the lead switched prompts on, else holiday', () => {
    expect(counterMoment(input({ specialPrompts: ['bank.weather.rain'] }))).toEqual({ moment: 'special', ticketId: null, overdue: false });
    expect(counterMoment(input({})).moment).toBe('holiday');
    const m = counterMoment(input({ specialPrompts: ['bank.weather.rain'] }));
    expect(offered(m, ['bank.weather.rain'])).toEqual(['bank.weather.rain']);
  });
});
