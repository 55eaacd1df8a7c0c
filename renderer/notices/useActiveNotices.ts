import { useEffect, useState } from 'react';
import type { Notice } from '../../shared/notices/schema.js';
import { fetchActiveNotices } from './noticesApi.js';

/** How often the hall asks for the notices in force (a schedule starts or ends within this). */
export const NOTICE_POLL_MS = 30_000;

/**
 * The notices in force now, as the hub says (its clock, the branch's zone), asked again every
 * NOTICE_POLL_MS. A failed ask keeps what the hall showed: a notice does not vanish because the
 * hub was unreachable for a moment.
 */
export function useActiveNotices(pollMs: number = NOTICE_POLL_MS): Notice[] {
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => {
    let alive = true;
    const load = () =>
      fetchActiveNotices().then(
        (list) => alive && setNotices(list),
        () => undefined,
      );
    void load();
    const id = setInterval(() => void load(), pollMs);
    return () => {
      alive = false;
      clearInterval(id);
    };
  }, [pollMs]);
  return notices;
}
