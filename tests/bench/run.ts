import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signInCost } from './accessBench.js';
import { ingestPglite, ingestPostgres } from './ingestBench.js';
import { callLatency, dayMemory, issueRate } from './queueBench.js';
import { recordingBench, recordingCaptureBench } from './recordingBench.js';
import { recordingLiveBenches } from './recordingLiveBench.js';
import { serviceRecordBench } from './serviceRecordBench.js';
import { counterDay, weekCatchUp } from './syncBench.js';
import { complaintListHq, complaintListHqPostgres, complaintListHub } from './complaintBench.js';
import { hqFiguresBench } from './hqFiguresBench.js';
import { figuresBench } from './figuresBench.js';

const benches: Record<string, () => Promise<string[]>> = {
  'access:sign-in': () => signInCost(Number(process.env.BENCH_SIGN_INS ?? 40)),
  'queue:latency': () => callLatency(Number(process.env.BENCH_CALLS ?? 2000)),
  'queue:issue': () => issueRate(2000),
  'queue:day': () => dayMemory(300),
  'ingest:pglite': () => ingestPglite(200_000),
  'ingest:postgres': () => ingestPostgres(200_000),
  'sync:day': () => counterDay(3000),
  'sync:week': () => weekCatchUp(),
  recording: () => recordingBench(),
  'recording:capture': () => recordingCaptureBench(),
  'recording:live': () => recordingLiveBenches(Number(process.env.BENCH_BURSTS ?? 20)),
  // A branch day of 4 x 180 services (~3,000 queue events, ~2,900 counter records).
  'service-record': () => serviceRecordBench(Number(process.env.BENCH_SERVICES_PER_WINDOW ?? 180), Number(process.env.BENCH_SAMPLES ?? 300)),
  'complaints:hub': () => complaintListHub(5000),
  'complaints:hq': () => complaintListHq(100_000),
  'complaints:hq-postgres': () => complaintListHqPostgres(100_000),
  // Head office's figures on PostgreSQL (issue 15): sizes in events, ascending, e.g. BENCH_HQ_EVENTS=2000000,20000000.
  'hq:figures': () =>
    hqFiguresBench(
      (process.env.BENCH_HQ_EVENTS ?? '2000000,20000000').split(',').map(Number),
      Number(process.env.BENCH_HQ_BRANCHES ?? 200),
      Number(process.env.BENCH_HQ_INGEST ?? 60_000),
      20,
      (process.env.BENCH_HQ_PUSHERS ?? '1,4').split(',').map(Number),
    ),
  // A year of a ten-window branch, 300 services per window per day (~1M tickets); BENCH_FIGURES_DAYS=30 for a quick run.
  'figures:year': () =>
    figuresBench(Number(process.env.BENCH_FIGURES_DAYS ?? 365), Number(process.env.BENCH_FIGURES_PER_WINDOW ?? 300), Number(process.env.BENCH_SAMPLES ?? 100), Number(process.env.BENCH_CALLS ?? 3000)),
};

/**
 * `npm run bench [prefix]`: prints figures; nothing here passes or fails on time. Each bench runs
 * in its own process so memory figures are not inflated by the one before.
 */
async function main(): Promise<void> {
  const [mode, name] = process.argv.slice(2);
  if (mode === '--one' && name && benches[name]) {
    const started = Date.now();
    for (const l of await benches[name]()) console.log(`[${name}] ${l}`);
    console.log(`[${name}] (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return;
  }
  for (const bench of Object.keys(benches)) {
    if (mode && !bench.startsWith(mode)) continue;
    const code = await new Promise<number>((resolve) =>
      fork(fileURLToPath(import.meta.url), ['--one', bench], { execArgv: ['--expose-gc'], stdio: 'inherit' }).on('exit', (c) => resolve(c ?? 1)),
    );
    if (code !== 0) process.exitCode = code;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
