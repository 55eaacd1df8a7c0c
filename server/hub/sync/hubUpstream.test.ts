import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SqlDb } from '../../db/sqlDb.js';
import type { QueueHub } from '../queue/queueHub.js';
import { HubUpstream, WAKE_DEBOUNCE_MS } from './hubUpstream.js';

/** Only what the constructor reads: wakeSoon itself touches neither the database nor the network. */
function upstream(): HubUpstream {
  const hub = { deviceId: 'h-test', branchConfig: { branchId: 'b-test' } } as unknown as QueueHub;
  return new HubUpstream({ db: {} as SqlDb, hub, upstreamUrl: 'http://hq.invalid' });
}

describe('waking the relay when devices push', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('turns a burst of pushes into one kick, after a short delay', () => {
    const u = upstream();
    const kick = vi.spyOn(u, 'kick').mockImplementation(() => undefined);
    for (let i = 0; i < 25; i++) u.wakeSoon();
    expect(kick).not.toHaveBeenCalled();
    vi.advanceTimersByTime(WAKE_DEBOUNCE_MS);
    expect(kick).toHaveBeenCalledTimes(1);
    // The next burst is the next kick.
    u.wakeSoon();
    u.wakeSoon();
    vi.advanceTimersByTime(WAKE_DEBOUNCE_MS);
    expect(kick).toHaveBeenCalledTimes(2);
  });

  it('does nothing once stopped, even for a wake-up already scheduled', async () => {
    const u = upstream();
    const kick = vi.spyOn(u, 'kick').mockImplementation(() => undefined);
    u.wakeSoon();
    await u.stop();
    u.wakeSoon();
    vi.advanceTimersByTime(10 * WAKE_DEBOUNCE_MS);
    expect(kick).not.toHaveBeenCalled();
  });
});
