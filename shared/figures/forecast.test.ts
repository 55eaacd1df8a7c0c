import { describe, expect, it } from 'vitest';
import { breachForecast, expectedWaitSeconds, handlingEstimateSeconds } from './forecast.js';
import { replayForecast } from './forecastReplay.js';
import { simulateDay } from './simulateDay.js';

const base = { recentHandlingSeconds: [300, 300, 300], fallbackHandlingSeconds: 480 };

describe('expected wait', () => {
  it('is nothing when a free window will call the ticket at once', () => {
    expect(expectedWaitSeconds({ ...base, peopleAhead: 1, windowsServing: 3, windowsIdle: 2 })).toBe(0);
  });

  it('grows with the people ahead and shrinks with the windows open', () => {
    const one = expectedWaitSeconds({ ...base, peopleAhead: 6, windowsServing: 1 })!;
    const three = expectedWaitSeconds({ ...base, peopleAhead: 6, windowsServing: 3 })!;
    const more = expectedWaitSeconds({ ...base, peopleAhead: 9, windowsServing: 3 })!;
    // 6 ahead on one busy window at 5 min each: 6 services plus half of the one under way.
    expect(one).toBe(6 * 300 + 150);
    expect(three).toBeLessThan(one);
    expect(more).toBeGreaterThan(three);
  });

  it('has no answer when no open window serves the service', () => {
    expect(expectedWaitSeconds({ ...base, peopleAhead: 2, windowsServing: 0 })).toBeNull();
  });

  it('uses the service target until a service of the day has finished', () => {
    expect(handlingEstimateSeconds([], 480)).toBe(480);
    expect(expectedWaitSeconds({ recentHandlingSeconds: [], fallbackHandlingSeconds: 480, peopleAhead: 0, windowsServing: 1 })).toBe(240);
  });

  it('follows the latest handling times more than older ones', () => {
    const slowingDown = handlingEstimateSeconds([100, 100, 100, 100, 400, 400, 400], 300);
    const speedingUp = handlingEstimateSeconds([400, 400, 400, 100, 100, 100, 100], 300);
    expect(slowingDown).toBeGreaterThan(speedingUp);
    // Same values, so the same plain mean: only the order moved the estimate.
    expect(slowingDown).toBeGreaterThan((4 * 100 + 3 * 400) / 7);
  });
});

describe('breach forecast', () => {
  const input = {
    targetWaitSeconds: 900,
    recentHandlingSeconds: [300],
    fallbackHandlingSeconds: 300,
    windowsServing: 1,
    closedCountersServing: [4, 6],
  };

  it('says when the oldest ticket will pass its target and which closed window to open', () => {
    // 800 s waited, called in 150 s on the one busy window: passes 900 s in 100 s.
    expect(breachForecast({ ...input, waitingAgesSeconds: [800, 10] })).toEqual({ breachInSeconds: 100, suggestOpenCounter: 4 });
  });

  it('finds a younger ticket that will breach sooner than the oldest one is called', () => {
    // The oldest (600 s) is called in 150 s, safely; the next (590 s) only after 450 s: breach at 310 s.
    expect(breachForecast({ ...input, waitingAgesSeconds: [600, 590] })?.breachInSeconds).toBe(310);
  });

  it('is quiet when everyone will be called within target, or past the horizon', () => {
    expect(breachForecast({ ...input, waitingAgesSeconds: [100, 50] })).toBeNull();
    expect(breachForecast({ ...input, windowsServing: 0, waitingAgesSeconds: [100] })).toBeNull();
    expect(breachForecast({ ...input, windowsServing: 0, waitingAgesSeconds: [100], horizonSeconds: 900 })).toEqual({ breachInSeconds: 800, suggestOpenCounter: 4 });
  });

  it('reports a wait already over target as a breach now, and names no window when none is closed', () => {
    expect(breachForecast({ ...input, closedCountersServing: [], waitingAgesSeconds: [1000] })).toEqual({ breachInSeconds: 0 });
  });

  it('says nothing with nobody waiting or no target', () => {
    expect(breachForecast({ ...input, waitingAgesSeconds: [] })).toBeNull();
    expect(breachForecast({ ...input, targetWaitSeconds: Number.POSITIVE_INFINITY, waitingAgesSeconds: [5000] })).toBeNull();
  });
});

describe('the forecast replayed on recorded days', () => {
  const counters = [
    { number: 1, services: ['A'] },
    { number: 2, services: ['A'] },
    { number: 3, services: ['A', 'B'] },
    { number: 4, services: ['B'] },
    { number: 5, services: ['C'] },
  ];
  const services = [
    { code: 'A', meanHandlingSeconds: 240, share: 5 },
    { code: 'B', meanHandlingSeconds: 420, share: 2 },
    { code: 'C', meanHandlingSeconds: 600, share: 1 },
  ];
  const open = Date.UTC(2026, 2, 2, 1, 0);

  it('beats "today\'s average wait so far" on busy days, and prints its error', () => {
    for (const seed of [1, 2, 3]) {
      const day = simulateDay({ seed, openAt: open, closeAt: open + 8 * 3600_000, tickets: 380, services, counters });
      const r = replayForecast(day, { counters, fallbackHandlingSeconds: () => 300 });
      console.log(
        `forecast on simulated day ${seed}: ${r.forecasts} tickets, mean wait ${r.meanWaitSeconds.toFixed(0)} s, ` +
          `MAE ${r.meanAbsoluteErrorSeconds.toFixed(0)} s (baseline: average so far, ${r.baselineMeanAbsoluteErrorSeconds.toFixed(0)} s)`,
      );
      expect(r.forecasts).toBe(day.length);
      expect(r.meanAbsoluteErrorSeconds).toBeLessThan(r.baselineMeanAbsoluteErrorSeconds);
      expect(r.meanAbsoluteErrorSeconds).toBeLessThan(0.5 * r.meanWaitSeconds);
    }
  });
});
