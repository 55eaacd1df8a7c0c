import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { loadBranchConfig } from '../../../server/config/loadBranchConfig.js';
import { startBranch } from '../../../server/startBranch.js';

/*
 * TEST ONLY: the branch of dist/server/main.js (the demo configuration, the embedded head office,
 * the built renderer) with the hub's clock in the test's hands, so an end-to-end spec can play a
 * business day in a minute (tests/e2e/leadDay.spec.ts). Built into dist/tests/e2e/support/ by
 * scripts/build.mjs and started by HubProcess.start({ clock }); the shipped product has no way to
 * move its clock.
 *
 * The clock stands still until told on stdin, one command a line:
 *   set <ISO instant>   the clock reads this instant from now on
 *   advance <ms>        the clock moves on by that many milliseconds
 * It never goes back (a hub's events are ordered by time). After each move the alert rules run
 * at once, as the desk's timer would have during the time skipped, and only then the answer
 * "clock ok <ISO instant>" (or "clock error <why>") is written on stdout.
 */

/** The answers' prefix (HubProcess looks for it): the hub's own log lines share stdout. */
const CLOCK_ANSWER = 'clock ';

const Env = z.object({
  GUICHET_E2E_CLOCK: z.iso.datetime({ offset: true }),
  GUICHET_PORT: z.coerce.number().int().min(0).max(65535),
  GUICHET_HQ_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  GUICHET_ADMIN_TOKEN: z.string().min(16).optional(),
  GUICHET_DATA_DIR: z.string().min(1),
  GUICHET_REMINDER_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
});

const Command = z.union([
  z.tuple([z.literal('set'), z.iso.datetime({ offset: true })]),
  z.tuple([z.literal('advance'), z.coerce.number().int().min(0)]),
]);

const repoRoot = resolve(import.meta.dirname, '../../../..');

async function main(): Promise<void> {
  const env = Env.parse(process.env);
  let nowMs = Date.parse(env.GUICHET_E2E_CLOCK);
  const now = (): Date => new Date(nowMs);
  const version = (JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const running = await startBranch({
    port: env.GUICHET_PORT,
    host: '127.0.0.1',
    dataDir: resolve(env.GUICHET_DATA_DIR),
    hostKind: 'browser',
    rendererDir: resolve(repoRoot, 'dist-renderer'),
    // The demo's appointments are made for the clock's day, not the machine's.
    config: await loadBranchConfig(undefined, now()),
    version,
    ...(env.GUICHET_HQ_PORT !== undefined ? { hqPort: env.GUICHET_HQ_PORT } : {}),
    ...(env.GUICHET_ADMIN_TOKEN ? { adminToken: env.GUICHET_ADMIN_TOKEN } : {}),
    ...(env.GUICHET_REMINDER_CHECK_SECONDS ? { complaintReminderMs: env.GUICHET_REMINDER_CHECK_SECONDS * 1000 } : {}),
    now,
  });
  console.log(`clocked hub at ${running.branch.url}, clock ${now().toISOString()}`);

  // One command at a time, in order: the test waits for each answer before the next request.
  let queue = Promise.resolve();
  createInterface({ input: process.stdin }).on('line', (line) => {
    queue = queue.then(async () => {
      try {
        const parsed = Command.safeParse(line.trim().split(/\s+/));
        if (!parsed.success) throw new Error(`not a clock command: "${line}"`);
        const [verb, arg] = parsed.data;
        const next = verb === 'set' ? Date.parse(arg) : nowMs + arg;
        if (next < nowMs) throw new Error(`the clock does not go back (${now().toISOString()} to ${new Date(next).toISOString()})`);
        nowMs = next;
        await running.branch.alerts.evaluateNow();
        process.stdout.write(`${CLOCK_ANSWER}ok ${now().toISOString()}\n`);
      } catch (err) {
        process.stdout.write(`${CLOCK_ANSWER}error ${(err as Error).message}\n`);
      }
    });
  });

  const stop = async (): Promise<void> => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
