import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import type { HqFigures } from '../../../shared/hq/derive.js';
import type { Lang } from '../../../shared/i18n/localized.js';
import { PART_TEXT, reportWord, STAR_MARKS } from '../../../shared/hq/reportText.js';
import type { RankingRow } from '../../../shared/hq/api.js';
import type { ReportData } from './reportData.js';

/** A share (0..1) is shown as a percentage: "97.5%" in the PDF, a percent-formatted number in the XLSX. */
export type Cell = string | number | null | { share: number | null };
const share = (x: number | null): Cell => ({ share: x });

/** One table of the report: what the PDF draws and the XLSX puts on a sheet. */
export interface ReportTable {
  title: string;
  header: string[];
  rows: Cell[][];
}

export interface ReportDoc {
  title: string;
  /** Lines under the title: month, time zone, generated at, score. */
  heading: string[];
  tables: ReportTable[];
}

const minutes = (s: number | null): number | null => (s === null ? null : Math.round(s / 6) / 10);

/** A share as text ("97.5%"), or "—". */
export function percentText(x: number | null): string {
  return x === null ? '—' : `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}

function summary(d: ReportData, lang: Lang): ReportTable {
  const t = d.totals;
  const c = d.complaints;
  const w = (k: Parameters<typeof reportWord>[0]) => reportWord(k, lang);
  const rows: Cell[][] = [
    [w('arrivals'), t.arrivals],
    [w('served'), t.served],
    [w('noShows'), t.noShows],
    [w('averageWait'), minutes(t.averageWaitSeconds)],
    [w('waitWithinTarget'), share(t.waitWithinTargetRate)],
    [w('averageHandling'), minutes(t.averageHandlingSeconds)],
    [w('handlingWithinTarget'), share(t.handlingWithinTargetRate)],
    [w('rated'), t.rated],
    [w('satisfaction'), share(t.satisfaction)],
    [w('greetingRate'), share(t.greetingRate)],
    [w('farewellRate'), share(t.farewellRate)],
    [w('pauses'), t.pauses],
    [w('pauseMinutes'), Math.round(t.pauseSeconds / 60)],
    [w('complaintsReceived'), c.received],
    [w('complaintsUpheld'), c.upheld],
    [w('complaintsOverdue'), c.overdue],
    [w('callbackRate'), share(c.callbackRate)],
  ];
  return { title: w('summary'), header: [w('figure'), w('value')], rows };
}

function reasonText(r: RankingRow, lang: Lang): string {
  const lost = r.reasons.filter((x) => x.kind === 'lost').map((x) => `${PART_TEXT[x.part]![lang]} -${x.lost}`);
  return lost.length === 0 ? reportWord('none', lang) : lost.join(', ');
}

function tellerTable(d: ReportData, lang: Lang): ReportTable {
  const w = (k: Parameters<typeof reportWord>[0]) => reportWord(k, lang);
  return {
    title: w('tellers'),
    header: [w('rank'), w('teller'), w('served'), w('averageHandling'), w('satisfaction'), w('greetingRate'), w('score'), w('stars'), w('reasons')],
    rows: d.tellers.map((r) => {
      const f: HqFigures | undefined = d.tellerFigures.get(r.id);
      return [r.rank, r.name[lang], r.served, minutes(f?.averageHandlingSeconds ?? null), share(r.satisfaction), share(f?.greetingRate ?? null), r.score.score, STAR_MARKS[r.stars ?? 0] ?? '—', reasonText(r, lang)];
    }),
  };
}

function branchTable(d: ReportData, lang: Lang): ReportTable {
  const w = (k: Parameters<typeof reportWord>[0]) => reportWord(k, lang);
  return {
    title: w('branches'),
    header: [w('rank'), w('branch'), w('region'), w('served'), w('satisfaction'), w('score'), w('result'), w('reasons')],
    rows: d.branches.map((r) => [r.rank, r.name[lang], r.parent?.name[lang] ?? '', r.served, share(r.satisfaction), r.score.score, r.score.passed ? w('passed') : w('failed'), reasonText(r, lang)]),
  };
}

function dayTable(d: ReportData, lang: Lang): ReportTable {
  const w = (k: Parameters<typeof reportWord>[0]) => reportWord(k, lang);
  return {
    title: w('days'),
    header: [w('day'), w('arrivals'), w('served'), w('averageWait'), w('waitWithinTarget'), w('satisfaction'), w('noShows')],
    rows: d.days.map((x) => [x.day, x.figures.arrivals, x.figures.served, minutes(x.figures.averageWaitSeconds), share(x.figures.waitWithinTargetRate), share(x.figures.satisfaction), x.figures.noShows]),
  };
}

/** The report in one language: titles, heading lines and tables, numbers as numbers. */
export function reportDoc(d: ReportData, lang: Lang): ReportDoc {
  const w = (k: Parameters<typeof reportWord>[0], v?: Record<string, string | number>) => reportWord(k, lang, v);
  const local = format(new TZDate(d.generatedAt, d.timeZone), 'yyyy-MM-dd HH:mm');
  const heading = [`${w('month')}: ${d.month}`, ...(d.region ? [`${w('region')}: ${d.region[lang]}`] : []), `${w('generatedAt')}: ${local} (${d.timeZone})`];
  if (d.ranking) {
    const s = d.ranking.row.score;
    heading.push(
      `${w('score')}: ${s.score ?? '—'} / ${w('passMark')} ${d.passMark} — ${s.passed ? w('passed') : w('failed')}`,
      `${w('rank')}: ${w('rankOf', { rank: d.ranking.row.rank, of: d.ranking.of })}`,
    );
  }
  if (d.starShares) {
    heading.push(`${w('starShares')}: ${d.starShares.map((s) => `${STAR_MARKS[s.level]} ${percentText(s.share)} (${percentText(s.target)})`).join('  ')}`);
  }
  const tables = [summary(d, lang), ...(d.scope === 'network' ? [branchTable(d, lang)] : [tellerTable(d, lang)]), dayTable(d, lang)];
  return { title: `${d.name[lang]} ${w('title')} ${d.month}`, heading, tables };
}
