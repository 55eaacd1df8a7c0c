import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import type { MergedDoc } from '../../shared/sync/lww.js';
import type { CounterDb } from '../device/db.js';
import { businessDocsOfDay } from './counterDocs.js';

/** The day's business-day documents on this counter, kept current (null while loading). */
export function useLocalDocs(db: CounterDb, day: string): MergedDoc[] | null {
  const [docs, setDocs] = useState<MergedDoc[] | null>(null);
  useEffect(() => {
    setDocs(null);
    const sub = liveQuery(() => businessDocsOfDay(db, day)).subscribe({
      next: setDocs,
      error: () => setDocs([]),
    });
    return () => sub.unsubscribe();
  }, [db, day]);
  return docs;
}
