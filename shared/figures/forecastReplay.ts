import { expectedWaitSeconds, RECENT_HANDLING_COUNT } from './forecast.js';

/**
 * How good the expected wait would have been on a day already lived: at each ticket's issue,
 * the forecast is made from what the hub knew then (people ahead, the latest handling times,
 * windows busy), and compared with the wait that ticket really had. Pure, so the unit test
 * replays a simulated day (simulateDay.ts) and the bench replays seeded days from the hub's
 * tables with the same code.
 */

/** A ticket's life in ms since the epoch: what the tickets table keeps (calledAt: the first call). */
export interface ReplayTicket {
  id: string;
  service: string;
  issuedAt: number;
  calledAt: number | null;
  startedAt: number | null;
  /** End of service or the no-show; null while still in play. */
  finishedAt: number | null;
  counter: number | null;
}

export interface ReplayResult {
  /** Tickets forecast and then called (the ones with a real wait to compare with). */
  forecasts: number;
  meanAbsoluteErrorSeconds: number;
  meanWaitSeconds: number;
  /** The same error for the naive answer "today's average wait so far", to judge the forecast by. */
  baselineMeanAbsoluteErrorSeconds: number;
}

export interface ReplayContext {
  counters: ReadonlyArray<{ number: number; services: readonly string[] }>;
  fallbackHandlingSeconds: (service: string) => number;
}

export function replayForecast(tickets: readonly ReplayTicket[], ctx: ReplayContext): ReplayResult {
  const byIssue = [...tickets].sort((a, b) => a.issuedAt - b.issuedAt || a.id.localeCompare(b.id));
  const finished = tickets
    .filter((t) => t.startedAt !== null && t.finishedAt !== null)
    .sort((a, b) => (a.finishedAt as number) - (b.finishedAt as number));
  const calledByTime = tickets.filter((t) => t.calledAt !== null).sort((a, b) => (a.calledAt as number) - (b.calledAt as number));
  let n = 0;
  let errSum = 0;
  let waitSum = 0;
  let baseSum = 0;
  for (const t of byIssue) {
    if (t.calledAt === null) continue;
    const at = t.issuedAt;
    const serving = ctx.counters.filter((c) => c.services.includes(t.service));
    const busy = new Set(
      tickets.filter((o) => o.counter !== null && o.calledAt !== null && o.calledAt <= at && (o.finishedAt === null || o.finishedAt > at)).map((o) => o.counter),
    );
    const ahead = byIssue.filter(
      (o) => o.service === t.service && o.id !== t.id && (o.issuedAt < at || (o.issuedAt === at && o.id < t.id)) && (o.calledAt === null || o.calledAt > at),
    ).length;
    const recent = finished
      .filter((o) => o.service === t.service && (o.finishedAt as number) <= at)
      .slice(-RECENT_HANDLING_COUNT)
      .map((o) => ((o.finishedAt as number) - (o.calledAt as number)) / 1000);
    const forecast = expectedWaitSeconds({
      peopleAhead: ahead,
      recentHandlingSeconds: recent,
      fallbackHandlingSeconds: ctx.fallbackHandlingSeconds(t.service),
      windowsServing: serving.length,
      windowsIdle: serving.filter((c) => !busy.has(c.number)).length,
    });
    if (forecast === null) continue;
    const actual = (t.calledAt - t.issuedAt) / 1000;
    const calledBefore = calledByTime.filter((o) => (o.calledAt as number) <= at && o.service === t.service);
    const baseline = calledBefore.length === 0 ? 0 : calledBefore.reduce((a, o) => a + ((o.calledAt as number) - o.issuedAt) / 1000, 0) / calledBefore.length;
    n++;
    errSum += Math.abs(forecast - actual);
    baseSum += Math.abs(baseline - actual);
    waitSum += actual;
  }
  return {
    forecasts: n,
    meanAbsoluteErrorSeconds: n === 0 ? 0 : errSum / n,
    meanWaitSeconds: n === 0 ? 0 : waitSum / n,
    baselineMeanAbsoluteErrorSeconds: n === 0 ? 0 : baseSum / n,
  };
}
