/**
 * A recorded-like day of one branch, made up deterministically from a seed: what the forecast
 * tests replay (forecastReplay.ts) and what the figures bench seeds a year with
 * (tests/bench/figuresBench.ts). Arrivals peak mid-morning and mid-afternoon; handling times
 * scatter around each service's mean; every window calls the oldest ticket it serves as soon as
 * it is free, like call-next with no priorities. Pure: no clock, no I/O.
 */

export interface SimCounter {
  number: number;
  services: readonly string[];
}

export interface SimService {
  code: string;
  meanHandlingSeconds: number;
  /** Share of the day's arrivals (any positive weights). */
  share: number;
}

export interface SimulateDayInput {
  seed: number;
  /** Opening and closing instants (ms); arrivals fall between them, service may run past closing. */
  openAt: number;
  closeAt: number;
  tickets: number;
  services: readonly SimService[];
  counters: readonly SimCounter[];
  /** Chance a called customer never comes (default 0.03); the window waits `noShowAfterSeconds`. */
  noShowRate?: number;
  noShowAfterSeconds?: number;
  /** From the call to the start of service: the customer walking up (default 20 s). */
  walkSeconds?: number;
}

/** One ticket's life as the hub stores it (shared/queue/ticket.ts's times, in ms). */
export interface SimTicket {
  id: string;
  service: string;
  issuedAt: number;
  calledAt: number;
  /** null: a no-show. */
  startedAt: number | null;
  /** The service's end, or the no-show's moment. */
  finishedAt: number;
  counter: number;
}

/** mulberry32: a small, good-enough PRNG so a seed always gives the same day. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Arrival intensity over the opening (0..1 of the day): two humps over a base load. */
function intensity(x: number): number {
  const hump = (c: number, w: number) => Math.exp(-((x - c) ** 2) / (2 * w * w));
  return 0.35 + hump(0.2, 0.08) + 0.8 * hump(0.7, 0.1);
}

function pickService(services: readonly SimService[], r: number): SimService {
  const total = services.reduce((a, s) => a + s.share, 0);
  let acc = 0;
  for (const s of services) {
    acc += s.share / total;
    if (r < acc) return s;
  }
  return services[services.length - 1]!;
}

export function simulateDay(input: SimulateDayInput): SimTicket[] {
  const rnd = seededRandom(input.seed);
  const span = input.closeAt - input.openAt;
  const arrivals: Array<{ at: number; service: SimService }> = [];
  while (arrivals.length < input.tickets) {
    // Rejection sampling against the intensity's maximum (about 1.4).
    const x = rnd();
    if (rnd() * 1.5 > intensity(x)) continue;
    arrivals.push({ at: input.openAt + Math.floor(x * span / 1000) * 1000, service: pickService(input.services, rnd()) });
  }
  arrivals.sort((a, b) => a.at - b.at);
  const noShowRate = input.noShowRate ?? 0.03;
  const noShowMs = (input.noShowAfterSeconds ?? 60) * 1000;
  const walkMs = (input.walkSeconds ?? 20) * 1000;
  const handlingMs = (mean: number): number => {
    // Log-normal around the mean (sigma 0.45), whole seconds, at least 10 s.
    const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    const sigma = 0.45;
    return Math.max(10, Math.round(mean * Math.exp(sigma * z - (sigma * sigma) / 2))) * 1000;
  };

  const waiting: Array<{ i: number; at: number; service: SimService }> = [];
  const free = new Map(input.counters.map((c) => [c.number, input.openAt]));
  const out: SimTicket[] = [];
  let next = 0;
  while (free.size > 0) {
    let counter: SimCounter | undefined;
    let t = Number.POSITIVE_INFINITY;
    for (const c of input.counters) {
      const f = free.get(c.number);
      if (f !== undefined && f < t) [counter, t] = [c, f];
    }
    if (!counter) break;
    while (next < arrivals.length && arrivals[next]!.at <= t) {
      waiting.push({ i: next, ...arrivals[next]! });
      next++;
    }
    const k = waiting.findIndex((w) => counter.services.includes(w.service.code));
    if (k < 0) {
      if (next < arrivals.length) free.set(counter.number, arrivals[next]!.at);
      else free.delete(counter.number);
      continue;
    }
    const [w] = waiting.splice(k, 1) as [(typeof waiting)[number]];
    const id = `T${String(w.i).padStart(5, '0')}`;
    if (rnd() < noShowRate) {
      out.push({ id, service: w.service.code, issuedAt: w.at, calledAt: t, startedAt: null, finishedAt: t + noShowMs, counter: counter.number });
      free.set(counter.number, t + noShowMs);
    } else {
      const startedAt = t + walkMs;
      const finishedAt = startedAt + handlingMs(w.service.meanHandlingSeconds);
      out.push({ id, service: w.service.code, issuedAt: w.at, calledAt: t, startedAt, finishedAt, counter: counter.number });
      free.set(counter.number, finishedAt);
    }
  }
  return out.sort((a, b) => a.issuedAt - b.issuedAt || a.id.localeCompare(b.id));
}
