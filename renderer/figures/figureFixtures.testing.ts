import { DayReport, MonthReport } from '../../shared/figures/api.js';
import type { FigureSums } from '../../shared/figures/api.js';

/*
 * Reports as the hub sends them, parsed by the contract's schemas (shared/figures/api.ts), so a
 * change to the wire shape breaks these fixtures and the tests that read them.
 */

const sums = (o: Partial<FigureSums> = {}): FigureSums => ({
  arrivals: 0,
  called: 0,
  served: 0,
  noShows: 0,
  transfers: 0,
  recalls: 0,
  waitSecondsSum: 0,
  waitCount: 0,
  waitWithinTarget: 0,
  handlingSecondsSum: 0,
  handlingCount: 0,
  handlingWithinTarget: 0,
  ...o,
});

const figure = (o: Partial<FigureSums>) => {
  const s = sums(o);
  return {
    ...s,
    averageWaitSeconds: s.waitCount ? Math.round(s.waitSecondsSum / s.waitCount) : null,
    averageHandlingSeconds: s.handlingCount ? Math.round(s.handlingSecondsSum / s.handlingCount) : null,
    waitWithinTargetRate: s.waitCount ? s.waitWithinTarget / s.waitCount : null,
  };
};

const slots = Array.from({ length: 96 }, (_, i) => {
  const slot = `${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`;
  const open = i >= 36 && i < 68; // 09:00 to 17:00
  return { slot, arrivals: open ? (i % 5) + 1 : 0, served: open ? (i % 4) + 1 : 0, windowsOpen: open ? 3 : 0 };
});

export const dayFixture: DayReport = DayReport.parse({
  branchId: 'demo-001',
  day: '2025-01-06',
  totals: figure({ arrivals: 120, called: 110, served: 104, noShows: 6, transfers: 3, waitSecondsSum: 110 * 500, waitCount: 110, waitWithinTarget: 88, handlingSecondsSum: 104 * 400, handlingCount: 104, handlingWithinTarget: 90 }),
  slots,
  services: [
    // A: average wait 1200 s against a 900 s target (over), 12:30 of handling.
    { ...figure({ arrivals: 70, called: 66, served: 63, noShows: 3, transfers: 2, waitSecondsSum: 66 * 1200, waitCount: 66, waitWithinTarget: 33, handlingSecondsSum: 63 * 750, handlingCount: 63, handlingWithinTarget: 40 }), service: 'A', targetWaitSeconds: 900, targetHandlingSeconds: 480, waitDistribution: [10, 10, 13, 10, 10, 8, 3, 2] },
    { ...figure({ arrivals: 50, called: 44, served: 41, noShows: 3, transfers: 1, waitSecondsSum: 44 * 300, waitCount: 44, waitWithinTarget: 44, handlingSecondsSum: 41 * 300, handlingCount: 41, handlingWithinTarget: 41 }), service: 'B', targetWaitSeconds: 1200, targetHandlingSeconds: 900, waitDistribution: [30, 14, 0, 0, 0, 0, 0, 0] },
    { ...figure({}), service: 'V', targetWaitSeconds: 600, targetHandlingSeconds: 1200, waitDistribution: [0, 0, 0, 0, 0, 0, 0, 0] },
  ],
  tellers: [
    { ...figure({ served: 60, noShows: 2, transfers: 1, handlingSecondsSum: 60 * 420, handlingCount: 60 }), staffId: 's-1001', name: '王芳', pauses: 2, pauseSeconds: 1250, rated: 40, satisfied: 38, satisfaction: 0.95, greetingRate: 0.9, farewellRate: 0.85 },
    { ...figure({ served: 44, noShows: 4, transfers: 2, handlingSecondsSum: 44 * 380, handlingCount: 44 }), staffId: 's-1002', name: '李强', pauses: 0, pauseSeconds: 0, rated: 0, satisfied: 0, satisfaction: null, greetingRate: null, farewellRate: null },
  ],
  windows: [
    { ...figure({ served: 60, handlingSecondsSum: 60 * 420, handlingCount: 60 }), counter: 1 },
    { ...figure({ served: 44, handlingSecondsSum: 44 * 380, handlingCount: 44 }), counter: 2 },
  ],
});

export const monthFixture: MonthReport = MonthReport.parse({
  branchId: 'demo-001',
  month: '2025-01',
  totals: dayFixture.totals,
  days: [
    { ...dayFixture.totals, day: '2025-01-02', satisfaction: 0.9 },
    { ...dayFixture.totals, day: '2025-01-03', satisfaction: null },
    { ...dayFixture.totals, day: '2025-01-06', satisfaction: 0.95 },
  ],
  services: dayFixture.services,
  tellers: dayFixture.tellers,
});
