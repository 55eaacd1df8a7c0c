import type { TFunction } from 'i18next';
import type { FigureLine } from '../../../shared/hq/api.js';
import type { Lang, Localized } from '../../../shared/i18n/localized.js';
import type { Column, FigureTable, Level } from '../../figures/table.js';

/*
 * Head office's figure lines as the figures feature's table description, so the screen and the
 * XLSX/CSV exports share one list of columns (renderer/figures/table.ts).
 */

export interface LineContext {
  t: TFunction;
  lang: Lang;
  local: (text: Localized) => string;
}

/** A share under the target colours amber, far under red: the seed's pass mark is 95 of 100. */
const share = (v: number | null): Level | undefined => (v === null ? undefined : v >= 0.95 ? 'ok' : v >= 0.85 ? 'warn' : 'alert');
const none = (v: number): Level | undefined => (v > 0 ? 'alert' : undefined);

/** The line's name: a window is named by its number in the screen's language. */
export function lineName(ctx: LineContext, line: FigureLine): string {
  if (line.level === 'window' && /^\d+$/.test(line.id)) return ctx.t('hqFigures.scope.windowN', { n: Number(line.id) });
  return ctx.local(line.name);
}

export function lineColumns(ctx: LineContext, withParent: boolean): Column<FigureLine>[] {
  const { t } = ctx;
  const c = (k: string) => t(`hqFigures.col.${k}` as never);
  const cols: Column<FigureLine>[] = [{ id: 'name', header: c('name'), kind: 'text', value: (r) => lineName(ctx, r) }];
  if (withParent) cols.push({ id: 'parent', header: c('parent'), kind: 'text', value: (r) => (r.parent ? ctx.local(r.parent.name) : null) });
  cols.push(
    { id: 'arrivals', header: c('arrivals'), kind: 'count', value: (r) => r.figures.arrivals },
    { id: 'served', header: c('served'), kind: 'count', value: (r) => r.figures.served },
    { id: 'averageWait', header: c('averageWait'), kind: 'seconds', value: (r) => r.figures.averageWaitSeconds },
    { id: 'waitWithinTarget', header: c('waitWithinTarget'), kind: 'rate', value: (r) => r.figures.waitWithinTargetRate, level: (r) => share(r.figures.waitWithinTargetRate) },
    { id: 'averageHandling', header: c('averageHandling'), kind: 'seconds', value: (r) => r.figures.averageHandlingSeconds },
    { id: 'handlingWithinTarget', header: c('handlingWithinTarget'), kind: 'rate', value: (r) => r.figures.handlingWithinTargetRate, level: (r) => share(r.figures.handlingWithinTargetRate) },
    { id: 'rated', header: c('rated'), kind: 'count', value: (r) => r.figures.rated },
    { id: 'satisfaction', header: c('satisfaction'), kind: 'rate', value: (r) => r.figures.satisfaction, level: (r) => share(r.figures.satisfaction) },
    { id: 'noShows', header: c('noShows'), kind: 'count', value: (r) => r.figures.noShows },
    { id: 'noShowRate', header: c('noShowRate'), kind: 'rate', value: (r) => r.figures.noShowRate },
    { id: 'pauses', header: c('pauses'), kind: 'count', value: (r) => r.figures.pauses },
    { id: 'pauseTime', header: c('pauseTime'), kind: 'seconds', value: (r) => r.figures.pauseSeconds },
    { id: 'greetingRate', header: c('greetingRate'), kind: 'rate', value: (r) => r.figures.greetingRate, level: (r) => share(r.figures.greetingRate) },
    { id: 'farewellRate', header: c('farewellRate'), kind: 'rate', value: (r) => r.figures.farewellRate, level: (r) => share(r.figures.farewellRate) },
    { id: 'complaints', header: c('complaints'), kind: 'count', value: (r) => r.complaints.received },
    { id: 'upheld', header: c('upheld'), kind: 'count', value: (r) => r.complaints.upheld, level: (r) => none(r.complaints.upheld) },
    { id: 'overdue', header: c('overdue'), kind: 'count', value: (r) => r.complaints.overdue, level: (r) => none(r.complaints.overdue) },
    { id: 'callbackRate', header: c('callbackRate'), kind: 'rate', value: (r) => r.complaints.callbackRate },
    // Recordings coverage: services recorded of those served; files with nothing to hear, and files cut short.
    { id: 'recorded', header: c('recorded'), kind: 'count', value: (r) => r.figures.recorded },
    { id: 'recordingCoverage', header: c('recordingCoverage'), kind: 'rate', value: (r) => r.figures.recordingCoverage, level: (r) => share(r.figures.recordingCoverage) },
    { id: 'recordingsEmpty', header: c('recordingsEmpty'), kind: 'count', value: (r) => r.figures.recordingsEmpty, level: (r) => none(r.figures.recordingsEmpty) },
    { id: 'recordingsCut', header: c('recordingsCut'), kind: 'count', value: (r) => r.figures.recordingsCut, level: (r) => none(r.figures.recordingsCut) },
  );
  return cols;
}

/** One table per level below the scope (regions, branches, windows, tellers), in that order. */
export function lineTables(ctx: LineContext, rows: FigureLine[]): FigureTable<FigureLine>[] {
  const order: Array<{ level: FigureLine['level']; key: string }> = [
    { level: 'region', key: 'regions' },
    { level: 'branch', key: 'branches' },
    { level: 'window', key: 'windows' },
    { level: 'teller', key: 'tellers' },
  ];
  return order
    .map(({ level, key }) => ({ level, key, rows: rows.filter((r) => r.level === level) }))
    .filter((g) => g.rows.length > 0)
    .map((g) => ({
      name: g.key,
      title: ctx.t(`hqFigures.scope.${g.key}` as never),
      // Branches under a network show their region; tellers under a branch, their branch is the scope.
      columns: lineColumns(ctx, g.level === 'branch'),
      rows: g.rows,
      rowKey: (r: FigureLine) => `${r.level}:${r.id}`,
    }));
}
