import type { TFunction } from 'i18next';
import { WAIT_BUCKET_MINUTES } from '../../shared/figures/api.js';
import type { MonthDayRow, ServiceRow, SlotRow } from '../../shared/figures/api.js';
import type { Lang } from '../../shared/i18n/localized.js';
import { formatDayMonth, formatTarget } from '../ui/format.js';
import type { ChartOption } from './EChart.js';

/*
 * The options of the lead's charts, built from the report as the hub sent it. No animation: the
 * chart is read (and printed, and screenshotted) as it is, not watched growing.
 */

const COLORS = { arrivals: '#0b57a4', served: '#15803d', windows: '#e08a00', wait: '#c62828' };
const WITHIN = ['#1b7f3b', '#3a9a57', '#66b57c', '#97cfa5', '#c3e4cb', '#dff0e3', '#eef7f0', '#f5fbf6'];
const BEYOND = ['#f6c2b9', '#f0a090', '#e97f6b', '#df5c47', '#cf3e2c', '#b52b1d', '#931f15', '#70160f'];
const FONT = { fontFamily: 'inherit', fontSize: 13 };

/** Slots from the first with anything happening to the last: a day's night hours are no bars. */
export function activeSlots(slots: SlotRow[]): SlotRow[] {
  const busy = (s: SlotRow) => s.arrivals > 0 || s.served > 0 || s.windowsOpen > 0;
  const first = slots.findIndex(busy);
  if (first === -1) return [];
  let last = slots.length - 1;
  while (last > first && !busy(slots[last]!)) last--;
  return slots.slice(first, last + 1);
}

/** Up to two hours of slots, each is named under its bars; past that, the hours only, whatever slot the day starts in. */
export const SLOTS_ALL_LABELLED = 8;

/**
 * Which slots name their time under the axis. Every fourth slot was named, counted from the first
 * shown: a morning of three slots named only its first, and a day starting at 09:45 named 10:45.
 */
export function slotLabelShown(count: number): (index: number, slot: string) => boolean {
  return count <= SLOTS_ALL_LABELLED ? () => true : (_index, slot) => slot.endsWith(':00');
}

/** Arrivals and services per 15 minutes (bars) against the windows open (line, its own axis). */
export function slotsChart(t: TFunction, slots: SlotRow[]): ChartOption {
  const shown = activeSlots(slots);
  return {
    animation: false,
    textStyle: FONT,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, itemGap: 24, data: [t('figures.col.arrivals'), t('figures.col.served'), t('figures.col.windowsOpen')] },
    grid: { left: 48, right: 48, top: 40, bottom: 36 },
    xAxis: { type: 'category', data: shown.map((s) => s.slot), axisLabel: { interval: slotLabelShown(shown.length) } },
    yAxis: [
      { type: 'value', name: t('figures.chart.tickets'), minInterval: 1 },
      { type: 'value', name: t('figures.chart.windows'), minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: t('figures.col.arrivals'), type: 'bar', data: shown.map((s) => s.arrivals), itemStyle: { color: COLORS.arrivals } },
      { name: t('figures.col.served'), type: 'bar', data: shown.map((s) => s.served), itemStyle: { color: COLORS.served } },
      { name: t('figures.col.windowsOpen'), type: 'line', step: 'end', yAxisIndex: 1, data: shown.map((s) => s.windowsOpen), itemStyle: { color: COLORS.windows }, lineStyle: { width: 2 }, symbol: 'circle', symbolSize: 5 },
    ],
  };
}

/** The buckets' names: "≤5 分钟", "5–10 分钟", ..., "> 60 分钟". */
export function bucketLabels(t: TFunction): string[] {
  const bounds = WAIT_BUCKET_MINUTES;
  return [
    ...bounds.map((upper, i) => (i === 0 ? t('figures.chart.bucketFirst', { to: upper }) : t('figures.chart.bucket', { from: bounds[i - 1], to: upper }))),
    t('figures.chart.bucketLast', { from: bounds[bounds.length - 1] }),
  ];
}

/**
 * Each service's waits as shares of its waits per bucket, stacked; a bucket whose waits all end
 * within the service's target is green, one beyond it red, so "against target" reads at a glance.
 */
export function waitDistributionChart(t: TFunction, lang: Lang, services: ServiceRow[], name: (code: string) => string): ChartOption {
  const labels = bucketLabels(t);
  const within = t('figures.chart.withinTarget');
  const beyond = t('figures.chart.overTarget');
  const rows = [...services].reverse(); // the first service on top of a horizontal chart
  return {
    animation: false,
    textStyle: FONT,
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => `${Number(v).toFixed(1)}%` },
    legend: { top: 0, itemGap: 24, data: [within, beyond] },
    // Room for the services' names and targets, two lines each, whatever the language.
    grid: { left: 150, right: 24, top: 40, bottom: 28, outerBoundsMode: 'none' },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      data: rows.map((s) => `${name(s.service)}\n${t('figures.chart.target', { target: formatTarget(s.targetWaitSeconds, lang) })}`),
      axisLabel: { width: 140, overflow: 'truncate', lineHeight: 18, fontSize: 12 },
    },
    series: [
      // Legend entries only: the bucket series below colour each piece against its own service's target.
      { name: within, type: 'bar', stack: 'legend', data: [], itemStyle: { color: WITHIN[1] } },
      { name: beyond, type: 'bar', stack: 'legend', data: [], itemStyle: { color: BEYOND[3] } },
      ...labels.map((label, b) => ({
        name: label,
        type: 'bar',
        stack: 'waits',
        barMaxWidth: 28,
        data: rows.map((s) => {
          const total = s.waitDistribution.reduce((n, x) => n + x, 0);
          const upper = WAIT_BUCKET_MINUTES[b];
          const ok = upper !== undefined && upper * 60 <= s.targetWaitSeconds;
          return { value: total === 0 ? 0 : (100 * s.waitDistribution[b]!) / total, itemStyle: { color: ok ? WITHIN[b] : BEYOND[b] } };
        }),
      })),
    ],
  };
}

/**
 * Every day of the month "YYYY-MM", so the first days of a month (or a month with one day worked)
 * read against the whole month instead of as lone points filling the chart's width.
 */
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** The month, day by day: arrivals and services, and the average wait on its own axis; a day with nothing is a gap the lines bridge. */
export function monthChart(t: TFunction, lang: Lang, month: string, rows: MonthDayRow[]): ChartOption {
  const byDay = new Map(rows.map((d) => [d.day, d]));
  const days = daysOfMonth(month).map((day) => ({ day, row: byDay.get(day) ?? null }));
  return {
    animation: false,
    textStyle: FONT,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, itemGap: 24, data: [t('figures.col.arrivals'), t('figures.col.served'), t('figures.chart.averageWaitMinutes')] },
    grid: { left: 48, right: 56, top: 40, bottom: 36 },
    xAxis: { type: 'category', data: days.map((d) => formatDayMonth(d.day, lang)) },
    yAxis: [
      { type: 'value', name: t('figures.chart.tickets'), minInterval: 1 },
      { type: 'value', name: t('figures.chart.minutes'), splitLine: { show: false } },
    ],
    series: [
      { name: t('figures.col.arrivals'), type: 'line', connectNulls: true, data: days.map((d) => d.row?.arrivals ?? null), itemStyle: { color: COLORS.arrivals } },
      { name: t('figures.col.served'), type: 'line', connectNulls: true, data: days.map((d) => d.row?.served ?? null), itemStyle: { color: COLORS.served } },
      {
        name: t('figures.chart.averageWaitMinutes'),
        type: 'line',
        yAxisIndex: 1,
        connectNulls: true,
        data: days.map((d) => (d.row?.averageWaitSeconds == null ? null : Math.round(d.row.averageWaitSeconds / 6) / 10)),
        itemStyle: { color: COLORS.wait },
        lineStyle: { type: 'dashed' },
      },
    ],
  };
}
