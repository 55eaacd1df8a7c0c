import { useEffect, useState } from 'react';
import { retainQueueStream, useQueueStore } from './store.js';
import type { QueueState } from './store.js';

/** Subscribes the calling screen to the live queue; the stream stays up while any screen uses it. */
export function useQueueStream(): void {
  useEffect(() => retainQueueStream(), []);
}

export function useQueue<T>(select: (s: QueueState) => T): T {
  return useQueueStore(select);
}

/** The current time, refreshed every `intervalMs` (timers, clocks, countdowns). */
export function useNow(intervalMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
