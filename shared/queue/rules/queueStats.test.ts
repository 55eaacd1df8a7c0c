import { describe, it, expect } from 'vitest';
import { queueStats } from './queueStats.js';
import { T0, minutesAfter, ticket } from '../testTickets.fixtures.js';

describe('queueStats', () => {
  it('counts waiting tickets per service and reports the longest wait in seconds', () => {
    const tickets = [
      ticket(0, { service: 'A' }),
      ticket(4, { service: 'A' }),
      ticket(-3, { service: 'A', status: 'serving', counter: 1 }),
      ticket(2, { service: 'B' }),
    ];
    expect(queueStats(tickets, ['A', 'B', 'V'], minutesAfter(T0, 10))).toEqual([
      { code: 'A', waiting: 2, longestWaitSeconds: 600 },
      { code: 'B', waiting: 1, longestWaitSeconds: 480 },
      { code: 'V', waiting: 0, longestWaitSeconds: 0 },
    ]);
  });

  it('never reports a negative wait when a kiosk clock runs ahead', () => {
    expect(queueStats([ticket(1)], ['A'], T0)).toEqual([{ code: 'A', waiting: 1, longestWaitSeconds: 0 }]);
  });
});
