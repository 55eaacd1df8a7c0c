import { useEffect } from 'react';
import { counterDb } from '../device/db.js';
import { CounterSync } from '../device/counterSync.js';
import { currentIdentity } from '../device/identity.js';

let current: CounterSync | null = null;

/** The sync client of the counter screen on this page (the pill's "sync now" and enrol use it). */
export function currentCounterSync(): CounterSync | null {
  return current;
}

/** Runs the counter's sync (push, pull, enrolment) while the calling screen is mounted. */
export function useCounterSync(counter: number): void {
  useEffect(() => {
    // The screen's own enrolment (device/identity.ts) serves the sync too: one token per device.
    const identity = currentIdentity();
    const shared = identity && identity.slot.kind === 'counter' && identity.slot.window === counter ? identity : undefined;
    const sync = new CounterSync({ db: counterDb(counter), ...(shared ? { enrolment: shared } : {}) });
    current = sync;
    sync.start();
    return () => {
      if (current === sync) current = null;
      void sync.stop();
    };
  }, [counter]);
}
