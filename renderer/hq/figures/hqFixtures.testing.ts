import { DEFAULT_TELLER_SHEET, scoreOf } from '../../../shared/evaluation/score.js';
import { starShares } from '../../../shared/evaluation/stars.js';
import { ConfigBranchList } from '../../../shared/config/versions.js';
import { FiguresAnswer, RankingsAnswer, ReportList } from '../../../shared/hq/api.js';
import type { FigureLine } from '../../../shared/hq/api.js';
import { complaintFigures, deriveFigures } from '../../../shared/hq/derive.js';
import { reasonsOf } from '../../../shared/hq/ranking.js';
import { zeroSums } from '../../../shared/hq/sums.js';
import type { HqSums } from '../../../shared/hq/sums.js';

/* Head office answers for the screens' tests, each parsed by its wire schema (shared/hq/api.ts). */

const L = (zh: string, tw: string, en: string) => ({ 'zh-CN': zh, 'zh-TW': tw, en });
const EAST = { id: 'east', name: L('华东区', '華東區', 'East') };
const PUDONG = L('浦东支行', '浦東支行', 'Pudong branch');
const XUHUI = L('徐汇支行', '徐匯支行', 'Xuhui branch');

function line(level: FigureLine['level'], id: string, name: FigureLine['name'], parent: FigureLine['parent'], sums: Partial<HqSums>, complaints = { received: 0, upheld: 0, overdue: 0, callbackRequired: 0, calledBack: 0 }): FigureLine {
  return { level, id, name, parent, figures: deriveFigures({ ...zeroSums(), ...sums }), complaints: complaintFigures(complaints) };
}

// Pudong: 400 tickets, waits 380 of 400 within target, 190 of 200 rated satisfied, 2 complaints (1 upheld, 1 overdue).
const pudong = { arrivals: 400, called: 392, served: 380, noShows: 8, waitCount: 400, waitSecondsSum: 400 * 300, waitWithinTarget: 380, handlingCount: 380, handlingSecondsSum: 380 * 240, handlingWithinTarget: 361, rated: 200, satisfied: 190, pauses: 6, pauseSeconds: 1800, greeted: 370, farewelled: 342, recordings: 350, recorded: 342, recordingsEmpty: 4, recordingsCut: 2 };
const xuhui = { arrivals: 100, called: 100, served: 100, waitCount: 100, waitSecondsSum: 100 * 900, waitWithinTarget: 60, handlingCount: 100, handlingSecondsSum: 100 * 600, handlingWithinTarget: 70, rated: 0, satisfied: 0 };

export const networkMonth = FiguresAnswer.parse({
  period: { kind: 'month', label: '2026-11', from: '2026-11-01', to: '2026-11-30' },
  scope: { level: 'network', region: null, branch: null, counter: null, timeZone: null },
  totals: line('network', 'network', L('全网', '全網', 'Network'), null, {
    arrivals: 500, called: 492, served: 480, noShows: 8, waitCount: 500, waitSecondsSum: 210_000, waitWithinTarget: 440, handlingCount: 480, handlingSecondsSum: 151_200, handlingWithinTarget: 431, rated: 200, satisfied: 190, pauses: 6, pauseSeconds: 1800, greeted: 370, farewelled: 342, recordings: 350, recorded: 342, recordingsEmpty: 4, recordingsCut: 2,
  }, { received: 2, upheld: 1, overdue: 1, callbackRequired: 2, calledBack: 1 }),
  rows: [
    line('region', 'east', EAST.name, null, pudong),
    line('branch', 'sh-pudong', PUDONG, EAST, pudong, { received: 2, upheld: 1, overdue: 1, callbackRequired: 2, calledBack: 1 }),
    line('branch', 'sh-xuhui', XUHUI, EAST, xuhui),
  ],
  generatedAt: '2026-12-01T02:00:00.000Z',
});

export const pudongMonth = FiguresAnswer.parse({
  period: { kind: 'month', label: '2026-11', from: '2026-11-01', to: '2026-11-30' },
  scope: { level: 'branch', region: EAST, branch: { id: 'sh-pudong', name: PUDONG }, counter: null, timeZone: 'Asia/Shanghai' },
  totals: line('branch', 'sh-pudong', PUDONG, EAST, pudong),
  rows: [
    line('window', '3', L('3', '3', '3'), null, { arrivals: 0, served: 200 }),
    line('teller', 's-1001', L('王丽', '王麗', 'Wang Li'), { id: 'sh-pudong', name: PUDONG }, { served: 200, rated: 100, satisfied: 99 }),
  ],
  generatedAt: '2026-12-01T02:00:00.000Z',
});

const branchScore = scoreOf({ satisfaction: 0.95, waitWithinTargetRate: 0.95, handlingWithinTargetRate: 0.95, greetingRate: 0.97, farewellRate: 0.9, upheldComplaints: 1, overdueComplaints: 1, inspectionScore: null, reviewScore: null });
const xuhuiScore = scoreOf({ satisfaction: null, waitWithinTargetRate: 0.6, handlingWithinTargetRate: 0.7, greetingRate: 0, farewellRate: 0, upheldComplaints: 0, overdueComplaints: 0, inspectionScore: null, reviewScore: null });

export const branchRankings = RankingsAnswer.parse({
  month: '2026-11',
  of: 'branches',
  passMark: 95,
  rows: [
    { rank: 1, id: 'sh-pudong', name: PUDONG, parent: EAST, score: branchScore, satisfaction: 0.95, served: 380, reasons: reasonsOf(branchScore), stars: null, starShortfalls: [] },
    { rank: 2, id: 'sh-xuhui', name: XUHUI, parent: EAST, score: xuhuiScore, satisfaction: null, served: 100, reasons: reasonsOf(xuhuiScore), stars: null, starShortfalls: [] },
  ],
  starShares: null,
});

const tellerScore = scoreOf({ satisfaction: 0.99, waitWithinTargetRate: 1, handlingWithinTargetRate: 1, greetingRate: 1, farewellRate: 1, upheldComplaints: 0, overdueComplaints: 0, inspectionScore: 96, reviewScore: 98 }, DEFAULT_TELLER_SHEET);

export const tellerRankings = RankingsAnswer.parse({
  month: '2026-11',
  of: 'tellers',
  passMark: 95,
  rows: [
    {
      rank: 1, id: 's-1001', name: L('王丽', '王麗', 'Wang Li'), parent: { id: 'sh-pudong', name: PUDONG }, score: tellerScore, satisfaction: 0.99, served: 200, reasons: reasonsOf(tellerScore), stars: 2,
      starShortfalls: [{ level: 3, code: 'too_few_ratings', actual: 100, required: 120 }],
    },
  ],
  starShares: starShares([2]),
});

export const reportList = ReportList.parse({
  reports: [
    { month: '2026-11', scope: 'network', name: L('全网', '全網', 'Network'), format: 'pdf', lang: 'zh-CN', bytes: 40_960, generatedAt: '2026-12-01T01:00:00.000Z', timeZone: 'Asia/Shanghai' },
    { month: '2026-11', scope: 'sh-pudong', name: PUDONG, format: 'pdf', lang: 'en', bytes: 20_480, generatedAt: '2026-12-01T01:00:00.000Z', timeZone: 'Europe/Paris' },
  ],
});

export const configBranches = ConfigBranchList.parse({ branches: [{ branchId: 'sh-pudong', name: PUDONG, current: 3, applied: null, refused: null }, { branchId: 'sh-xuhui', name: XUHUI, current: 1, applied: null, refused: null }] });
