import type { TFunction } from 'i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import type { LiveQueueRow, MonthDayRow, ServiceRow, SlotRow, TellerRow, WindowRow } from '../../shared/figures/api.js';
import type { Lang, Localized } from '../../shared/i18n/localized.js';
import { formatDayMonth, formatTarget } from '../ui/format.js';
import type { Column, FigureTable, Level } from './table.js';

/** What every table builder needs from the screen: its words, its language, the branch's names. */
export interface TableContext {
  t: TFunction;
  lang: Lang;
  local: (text: Localized) => string;
  config: BranchConfig;
}

/** Over its target: red; at or under: plain. */
export const over = (value: number | null, target: number): Level | undefined => (value === null ? undefined : value > target ? 'alert' : 'ok');

export function serviceName(ctx: TableContext, code: string): string {
  const service = ctx.config.services.find((s) => s.code === code);
  return service ? `${code} ${ctx.local(service.name)}` : code;
}

/** The teller's name in the screen's language when the branch lists them, else as the hub named them. */
export function tellerName(ctx: TableContext, row: Pick<TellerRow, 'staffId' | 'name'>): string {
  const staff = ctx.config.staff.find((s) => s.id === row.staffId);
  return staff ? ctx.local(staff.name) : row.name || row.staffId;
}

/** Per service: arrivals, services, no-shows, waits and handling against the service's targets. */
export function servicesTable(ctx: TableContext, rows: ServiceRow[]): FigureTable<ServiceRow> {
  const { t } = ctx;
  const columns: Column<ServiceRow>[] = [
    { id: 'service', header: t('figures.col.service'), kind: 'text', value: (r) => serviceName(ctx, r.service) },
    { id: 'arrivals', header: t('figures.col.arrivals'), kind: 'count', value: (r) => r.arrivals },
    { id: 'served', header: t('figures.col.served'), kind: 'count', value: (r) => r.served },
    { id: 'noShows', header: t('figures.col.noShows'), kind: 'count', value: (r) => r.noShows },
    { id: 'transfers', header: t('figures.col.transfers'), kind: 'count', value: (r) => r.transfers },
    { id: 'averageWait', header: t('figures.col.averageWait'), kind: 'seconds', value: (r) => r.averageWaitSeconds, level: (r) => over(r.averageWaitSeconds, r.targetWaitSeconds) },
    { id: 'targetWait', header: t('figures.col.targetWait'), kind: 'seconds', value: (r) => r.targetWaitSeconds, display: (r) => formatTarget(r.targetWaitSeconds, ctx.lang) },
    { id: 'waitWithinTarget', header: t('figures.col.waitWithinTarget'), kind: 'rate', value: (r) => r.waitWithinTargetRate },
    { id: 'averageHandling', header: t('figures.col.averageHandling'), kind: 'seconds', value: (r) => r.averageHandlingSeconds, level: (r) => over(r.averageHandlingSeconds, r.targetHandlingSeconds) },
    { id: 'targetHandling', header: t('figures.col.targetHandling'), kind: 'seconds', value: (r) => r.targetHandlingSeconds, display: (r) => formatTarget(r.targetHandlingSeconds, ctx.lang) },
  ];
  return { name: 'services', title: t('figures.tables.services'), columns, rows, rowKey: (r) => r.service };
}

/** Per teller: what the staff view lists (served, handling, no-shows, transfers, pauses, ratings, phrases). */
export function tellersTable(ctx: TableContext, rows: TellerRow[], name = 'tellers'): FigureTable<TellerRow> {
  const { t } = ctx;
  const columns: Column<TellerRow>[] = [
    { id: 'teller', header: t('figures.col.teller'), kind: 'text', value: (r) => tellerName(ctx, r) },
    { id: 'served', header: t('figures.col.served'), kind: 'count', value: (r) => r.served },
    { id: 'averageHandling', header: t('figures.col.averageHandling'), kind: 'seconds', value: (r) => r.averageHandlingSeconds },
    { id: 'noShows', header: t('figures.col.noShows'), kind: 'count', value: (r) => r.noShows },
    { id: 'transfers', header: t('figures.col.transfers'), kind: 'count', value: (r) => r.transfers },
    { id: 'pauses', header: t('figures.col.pauses'), kind: 'count', value: (r) => r.pauses },
    { id: 'pauseTime', header: t('figures.col.pauseTime'), kind: 'seconds', value: (r) => r.pauseSeconds },
    { id: 'rated', header: t('figures.col.rated'), kind: 'count', value: (r) => r.rated },
    { id: 'satisfaction', header: t('figures.col.satisfaction'), kind: 'rate', value: (r) => r.satisfaction },
    { id: 'greetingRate', header: t('figures.col.greetingRate'), kind: 'rate', value: (r) => r.greetingRate },
    { id: 'farewellRate', header: t('figures.col.farewellRate'), kind: 'rate', value: (r) => r.farewellRate },
  ];
  return { name, title: t('figures.tables.tellers'), columns, rows, rowKey: (r) => r.staffId };
}

export function windowsTable(ctx: TableContext, rows: WindowRow[]): FigureTable<WindowRow> {
  const { t } = ctx;
  const columns: Column<WindowRow>[] = [
    { id: 'window', header: t('figures.col.window'), kind: 'text', value: (r) => t('common.windowN', { n: r.counter }) },
    { id: 'served', header: t('figures.col.served'), kind: 'count', value: (r) => r.served },
    { id: 'noShows', header: t('figures.col.noShows'), kind: 'count', value: (r) => r.noShows },
    { id: 'transfers', header: t('figures.col.transfers'), kind: 'count', value: (r) => r.transfers },
    { id: 'averageWait', header: t('figures.col.averageWait'), kind: 'seconds', value: (r) => r.averageWaitSeconds },
    { id: 'averageHandling', header: t('figures.col.averageHandling'), kind: 'seconds', value: (r) => r.averageHandlingSeconds },
  ];
  return { name: 'windows', title: t('figures.tables.windows'), columns, rows, rowKey: (r) => String(r.counter) };
}

/** Per 15 minutes: arrivals and services against the windows open. */
export function slotsTable(ctx: TableContext, rows: SlotRow[]): FigureTable<SlotRow> {
  const { t } = ctx;
  const columns: Column<SlotRow>[] = [
    { id: 'slot', header: t('figures.col.slot'), kind: 'text', value: (r) => r.slot },
    { id: 'arrivals', header: t('figures.col.arrivals'), kind: 'count', value: (r) => r.arrivals },
    { id: 'served', header: t('figures.col.served'), kind: 'count', value: (r) => r.served },
    { id: 'windowsOpen', header: t('figures.col.windowsOpen'), kind: 'count', value: (r) => r.windowsOpen },
  ];
  return { name: 'slots', title: t('figures.tables.slots'), columns, rows, rowKey: (r) => r.slot };
}

/** One row per day of the month. */
export function daysTable(ctx: TableContext, rows: MonthDayRow[]): FigureTable<MonthDayRow> {
  const { t, lang } = ctx;
  const columns: Column<MonthDayRow>[] = [
    { id: 'day', header: t('figures.col.day'), kind: 'text', value: (r) => r.day, display: (r) => formatDayMonth(r.day, lang, true) },
    { id: 'arrivals', header: t('figures.col.arrivals'), kind: 'count', value: (r) => r.arrivals },
    { id: 'served', header: t('figures.col.served'), kind: 'count', value: (r) => r.served },
    { id: 'noShows', header: t('figures.col.noShows'), kind: 'count', value: (r) => r.noShows },
    { id: 'averageWait', header: t('figures.col.averageWait'), kind: 'seconds', value: (r) => r.averageWaitSeconds },
    { id: 'waitWithinTarget', header: t('figures.col.waitWithinTarget'), kind: 'rate', value: (r) => r.waitWithinTargetRate },
    { id: 'averageHandling', header: t('figures.col.averageHandling'), kind: 'seconds', value: (r) => r.averageHandlingSeconds },
    { id: 'satisfaction', header: t('figures.col.satisfaction'), kind: 'rate', value: (r) => r.satisfaction },
  ];
  return { name: 'days', title: t('figures.tables.days'), columns, rows, rowKey: (r) => r.day };
}

/** The live queues as the lead exports them (the board draws the same figures itself, live to the second). */
export function liveQueuesTable(ctx: TableContext, rows: LiveQueueRow[]): FigureTable<LiveQueueRow> {
  const { t } = ctx;
  const columns: Column<LiveQueueRow>[] = [
    { id: 'service', header: t('figures.col.service'), kind: 'text', value: (r) => serviceName(ctx, r.service) },
    { id: 'waiting', header: t('figures.col.waiting'), kind: 'count', value: (r) => r.waiting },
    { id: 'longestWait', header: t('figures.col.longestWait'), kind: 'seconds', value: (r) => (r.waiting > 0 ? r.longestWaitSeconds : null), level: (r) => (r.waiting > 0 ? over(r.longestWaitSeconds, r.targetWaitSeconds) : undefined) },
    { id: 'averageWait', header: t('figures.col.averageWaitToday'), kind: 'seconds', value: (r) => r.averageWaitSecondsToday, level: (r) => over(r.averageWaitSecondsToday, r.targetWaitSeconds) },
    { id: 'expectedWait', header: t('figures.col.expectedWait'), kind: 'seconds', value: (r) => r.expectedWaitSeconds, level: (r) => over(r.expectedWaitSeconds, r.targetWaitSeconds) },
    { id: 'targetWait', header: t('figures.col.targetWait'), kind: 'seconds', value: (r) => r.targetWaitSeconds, display: (r) => formatTarget(r.targetWaitSeconds, ctx.lang) },
    { id: 'windowsServing', header: t('figures.col.windowsServing'), kind: 'count', value: (r) => r.windowsServing },
  ];
  return { name: 'queues', title: t('figures.tables.queues'), columns, rows, rowKey: (r) => r.service };
}
