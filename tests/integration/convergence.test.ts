import { describe, expect, it } from 'vitest';
import { CONFIG_BRANCH } from '../../shared/sync/kinds.js';
import { putConfigDoc } from '../../server/sync/configDocs.js';
import { withoutPinHashes } from '../../server/hub/access/publicConfig.js';
import { DEFAULT_FAULTS } from '../support/faultProxy.js';
import { testSeed } from '../support/seededRandom.js';
import { DB_TARGETS } from '../support/testDatabases.js';
import { COUNTER_CRASHES, EventPuller, SyncWorld, convergenceProblems, sleep, waitUntil } from '../support/syncWorld.js';
import type { Collected } from '../support/syncWorld.js';

/**
 * DESIGN.md §9, "sync under faults": counters -> hubs -> HQ over proxies that drop, delay,
 * duplicate, reorder and cut requests, with hubs and counter renderers crashing at random points;
 * after a quiet period HQ holds exactly the union of what the devices wrote, each record once.
 *
 * Randomized: the seed is printed, and GUICHET_SEED=<seed> replays the same choices (the
 * timing of sockets and timers still varies from run to run).
 */
const seed = testSeed();
console.log(`convergence: seed ${seed} (replay with GUICHET_SEED=${seed})`);

/** Rethrows any failure with the seed and what happened, so a red run can be replayed. */
async function withSeed<T>(world: () => SyncWorld | null, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    const w = world();
    const e = err instanceof Error ? err : new Error(String(err));
    e.message = `[seed ${seed}; replay with GUICHET_SEED=${seed}] ${e.message}${w ? `\nwhat happened: ${w.events.join('; ') || 'no crashes'}` : ''}`;
    throw e;
  }
}

function everythingProblems(c: Collected): string[] {
  const problems = convergenceProblems(c.written, c.held);
  for (const k of c.counters) {
    if (k.outbox > 0) problems.push(`${k.name} (${k.deviceId}) still has ${k.outbox} records in its outbox`);
    if (k.deadLetters > 0) problems.push(`${k.name} dead-lettered ${k.deadLetters} records`);
    if (k.lostWrites.length > 0) problems.push(`${k.name} lost events it had written: ${k.lostWrites.slice(0, 5).join(', ')}`);
  }
  if (c.hubDeadLetters > 0) problems.push(`the hubs dead-lettered ${c.hubDeadLetters} records`);
  if (c.hqDeadLetters > 0) problems.push(`HQ dead-lettered ${c.hqDeadLetters} records`);
  return problems;
}

const ROUNDS = 20;

describe.each(DB_TARGETS)('convergence under faults and crashes (HQ on %s)', (target) => {
  it(
    'HQ ends holding exactly the union of what every device wrote, once each, every device contiguous',
    async () => {
      let world: SyncWorld | null = null;
      await withSeed(
        () => world,
        async () => {
          const w = (world = await SyncWorld.start({
            seed: seed + (target === 'postgres' ? 1 : 0),
            hq: target,
            faults: DEFAULT_FAULTS,
            // PostgreSQL: 2 hubs + 6 devices enrolled at HQ = 8 pushers at once.
            directPushers: target === 'postgres' ? 6 : 0,
          }));
          try {
            const puller = target === 'postgres' ? new EventPuller(w.hq.url, w.hq.adminToken, w.random) : null;
            puller?.start();
            w.noisy();
            const started = Date.now();
            for (let round = 0; round < ROUNDS; round++) {
              await w.randomWork();
              const x = w.random();
              if (x < 0.15) await w.crashHub(Math.floor(w.random() * w.hubs.length), w.pick([0, 100, 400]));
              else if (x < 0.45) await w.crashCounter(Math.floor(w.random() * w.counters.length), w.pick(COUNTER_CRASHES));
              await sleep(50 + Math.floor(w.random() * 250));
            }
            // A last burst, so the quiet period starts with records on their way at every level.
            await w.randomWork();
            const inFlight = await w.pending();
            const settledIn = await w.settle();
            const c = await w.collect();
            console.log(
              `convergence (${target}, seed ${seed}): ${c.written.length} records by ${new Set(c.written.map((r) => r.deviceId)).size} devices in ${ROUNDS} rounds ` +
                `(${((Date.now() - started) / 1000).toFixed(1)} s; at the quiet period: ${inFlight.join(', ') || 'nothing in flight'}; settled in ${(settledIn / 1000).toFixed(1)} s); faults ${JSON.stringify(w.faultCounts())}; ` +
                `${w.events.length} crashes: ${w.events.join('; ')}`,
            );
            expect(everythingProblems(c), 'what diverged between the devices and HQ').toEqual([]);
            expect(c.held.length).toBe(c.written.length);

            if (puller) {
              await puller.stop();
              await puller.catchUp();
              const heldSeqs = c.held.map((h) => h.serverSeq);
              expect(puller.problems, 'pages out of order').toEqual([]);
              const seen = new Set(puller.seen);
              const skipped = heldSeqs.filter((s) => !seen.has(s));
              expect(skipped, `the puller (${puller.pages} pages) skipped these seqs`).toEqual([]);
              expect(puller.seen).toEqual(heldSeqs);
              // No hole in the sequence: every number up to the last is a record or a config change.
              const { rows } = await w.hq.db.query<{ changes: number | string }>('select coalesce(sum(version), 0) as changes from config_docs');
              expect(heldSeqs.at(-1)).toBe(heldSeqs.length + Number(rows[0]!.changes));
              console.log(`convergence (${target}): the puller saw ${puller.seen.length} records in ${puller.pages} pages, none skipped`);
            }
          } finally {
            await w.close();
          }
        },
      );
    },
    150_000,
  );
});

describe('a counter offline for a week', () => {
  it('catches up: pulls every page since its cursor, works on the new configuration, and its week of records reaches HQ', async () => {
    let world: SyncWorld | null = null;
    await withSeed(
      () => world,
      async () => {
        const w = (world = await SyncWorld.start({ seed, hubs: 1, counters: [{ branch: 0, counter: 1 }] }));
        try {
          const hub = w.hubs[0]!;
          const counter = w.counters[0]!;
          // Before: the counter has the first configuration.
          await waitUntil('the first configuration at the counter', async () => (await counter.inspect(w.client, (db) => w.client.readConfigDoc(db, hub.branchId)))?.body.services.length === 3, 10_000);
          const before = (await counter.inspect(w.client, (db) => w.client.readConfigDoc(db, hub.branchId)))!;

          counter.unplugged = true;
          let latest = hub.config;
          for (let day = 1; day <= 7; day++) {
            // Each day head office changes the services and the hours; the hub pulls them.
            latest = {
              ...latest,
              services: [...latest.services, { ...latest.services[0]!, code: 'CDEFGHJ'[day - 1]!, name: { 'zh-CN': `新${day}`, 'zh-TW': `新${day}`, en: `New ${day}` } }],
              hours: { ...latest.hours, closedDates: [...latest.hours.closedDates, `2030-01-0${day}`] },
            };
            await putConfigDoc(w.hq.db, CONFIG_BRANCH, hub.branchId, latest);
            await hub.host!.upstream!.pullNow();
            // The branch works on: tickets at the hub, and the offline counter records its own events.
            await w.hubWork(0, 5, 2);
            await w.counterWork(0, 30);
          }
          expect(hub.host!.hub.branchConfig.services.map((s) => s.code)).toEqual(latest.services.map((s) => s.code));
          // Offline all week: it still has the old configuration and all its records.
          expect((await counter.inspect(w.client, (db) => w.client.readConfigDoc(db, hub.branchId)))!.version).toBe(before.version);
          expect(await counter.inspect(w.client, (db) => db.outbox.count())).toBeGreaterThanOrEqual(7 * 30);

          const cursorBefore = await counter.inspect(w.client, (db) => w.client.readCursor(db));
          counter.pulls.length = 0;
          counter.unplugged = false;
          counter.life!.sync.nudge();
          await waitUntil(
            'the counter to use the newest configuration',
            async () => (await counter.inspect(w.client, (db) => w.client.readConfigDoc(db, hub.branchId)))?.version === before.version + 7,
            15_000,
          );
          const doc = (await counter.inspect(w.client, (db) => w.client.readConfigDoc(db, hub.branchId)))!;
          // Counters get the configuration as it may leave the hub: without the staff's PIN hashes.
          expect(doc.body).toEqual(withoutPinHashes(latest));
          // Every page since the old cursor, each from where the last one ended, to the end.
          const pulls = counter.pulls.slice();
          expect(pulls.length).toBeGreaterThan(0);
          expect(pulls[0]!.since).toBe(cursorBefore);
          const chain = pulls.slice(0, pulls.findIndex((p) => !p.hasMore) + 1);
          expect(chain.length, `pages: ${JSON.stringify(pulls)}`).toBeGreaterThan(0);
          for (let i = 1; i < chain.length; i++) expect(chain[i]!.since).toBe(chain[i - 1]!.next);
          const { rows } = await hub.host!.db.query<{ seq: number | string }>("select max(seq) as seq from config_docs where key = $1 or key = '*'", [hub.branchId]);
          expect(chain.at(-1)!.next).toBe(Number(rows[0]!.seq));
          expect(await counter.inspect(w.client, (db) => w.client.readCursor(db))).toBe(Number(rows[0]!.seq));

          // And its week of records reaches head office.
          await w.settle(30_000);
          expect(everythingProblems(await w.collect())).toEqual([]);
        } finally {
          await w.close();
        }
      },
    );
  }, 90_000);

});
