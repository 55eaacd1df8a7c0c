import { useEffect } from 'react';
import { counterDb } from '../counter/db.js';
import { CounterSync } from './counterSync.js';

let current: CounterSync | null = null;

/** The sync client of the counter screen on this page (the pill's "sync now" and enrol use it). */
export function currentCounterSync(): CounterSync | null {
  return current;
}

/** Runs the counter's sync (push, pull, enrolment) while the calling screen is mounted. */
export function useCounterSync(counter: number): void {
  useEffect(() => {
    const sync = new CounterSync({ db: counterDb(counter) });
    current = sync;
    sync.start();
    return () => {
      if (current === sync) current = null;
      void sync.stop();
    };
  }, [counter]);
}
