import type { Page } from '@playwright/test';

/** The rows of one table of window n's own IndexedDB (Dexie database guichet-counter-{n}), read in the page. */
export async function counterStoreRows<T = unknown>(page: Page, n: number, table: string): Promise<T[]> {
  return page.evaluate(
    async ([name, store]) => {
      const open = indexedDB.open(name);
      const conn: IDBDatabase = await new Promise((res, rej) => {
        open.onsuccess = () => res(open.result);
        open.onerror = () => rej(open.error);
      });
      try {
        return await new Promise<unknown[]>((res, rej) => {
          const req = conn.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => res(req.result);
          req.onerror = () => rej(req.error);
        });
      } finally {
        conn.close();
      }
    },
    [`guichet-counter-${n}`, table] as const,
  ) as Promise<T[]>;
}

/** A local event of a counter (renderer/device/localEvents.ts LocalEvent), as much as tests look at. */
export interface CounterEventRow {
  id: string;
  type: string;
  counter: number;
  payload: Record<string, any>;
}

export const counterEvents = (page: Page, n: number) => counterStoreRows<CounterEventRow>(page, n, 'events');
