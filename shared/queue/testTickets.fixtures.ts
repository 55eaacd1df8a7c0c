// Builders for the rules' and snapshot's tests; kept out of index.ts so nothing ships to use them.
import type { Counter, QueuePolicy } from '../config/schema.js';
import type { Ticket } from './ticket.js';
import { newTicket } from './ticket.js';

export const T0 = new Date('2025-06-03T02:00:00.000Z'); // Tuesday 10:00 in Asia/Shanghai

export function minutesAfter(base: Date, minutes: number): Date {
  return new Date(base.getTime() + minutes * 60_000);
}

export const policy: QueuePolicy = {
  maxConsecutivePriority: 3,
  maxWaitMinutes: 45,
  recallsBeforeNoShow: 2,
  minSecondsBetweenCalls: 30,
  appointmentEarlyMinutes: 30,
  appointmentLateMinutes: 15,
  alertWaitingCount: 20,
};

export const counterA: Counter = { number: 1, services: ['A'], staffId: 's-1' };
export const counterAB: Counter = { number: 2, services: ['A', 'B'], staffId: 's-2' };

let seq = 0;

/** A waiting ticket issued `minutes` after T0; override anything else. */
export function ticket(minutes: number, over: Partial<Ticket> = {}): Ticket {
  seq += 1;
  const service = over.service ?? 'A';
  return {
    ...newTicket({
      id: `t-${String(seq).padStart(4, '0')}`,
      businessDay: '2025-06-03',
      service,
      number: `${service}${String(seq % 1000).padStart(3, '0')}`,
      priority: 'none',
      issuedAt: minutesAfter(T0, minutes).toISOString(),
    }),
    ...over,
  };
}
