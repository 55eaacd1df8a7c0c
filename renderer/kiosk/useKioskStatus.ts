import { useCallback, useEffect, useState } from 'react';
import { QueueError } from '../../shared/api/errors.js';
import { fetchKioskStatus } from '../api/hub.js';
import type { KioskStatus } from '../api/schemas.js';

export type KioskAvailability = { kind: 'unknown' } | { kind: 'unreachable' } | ({ kind: 'known' } & KioskStatus);

const POLL_MS = 30_000;
const RETRY_MS = 5_000;

/** Whether the kiosk may issue tickets, from GET /api/v1/kiosk, polled; `refresh` asks again now. */
export function useKioskStatus(): [KioskAvailability, () => void] {
  const [state, setState] = useState<KioskAvailability>({ kind: 'unknown' });
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      let wait = POLL_MS;
      try {
        const status = await fetchKioskStatus();
        if (alive) setState({ kind: 'known', ...status });
      } catch (err) {
        if (alive && err instanceof QueueError && err.code === 'hub_unreachable') setState({ kind: 'unreachable' });
        wait = RETRY_MS;
      }
      if (alive) timer = setTimeout(() => void poll(), wait);
    };
    void poll();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [tick]);
  return [state, refresh];
}
