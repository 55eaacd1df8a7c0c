import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import type { DayReport } from '../../shared/figures/api.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { useNow } from '../queue/useQueue.js';
import { DateField } from '../ui/DateFields.js';
import { formatDate, formatDateTime, localDate } from '../ui/format.js';
import { activeSlots, slotsChart, waitDistributionChart } from './charts.js';
import { EChart } from './EChart.js';
import { ExportButtons, FigureTableView } from './FigureTableView.js';
import { fetchDayReport } from './figuresApi.js';
import { shiftDay } from './format.js';
import { PrintButtons, ReportState, TotalsTiles } from './ReportParts.js';
import { serviceName, servicesTable, slotsTable, tellersTable, windowsTable } from './tables.js';
import type { TableContext } from './tables.js';
import { useFetched } from './useFetched.js';
import './figures.css';

/** Today's report changes as the branch works: read again this often while it is shown. */
const TODAY_REFRESH_MS = 60_000;

/**
 * One business day of the branch (today by default, any past day by the picker): arrivals and
 * services per 15 minutes against the windows open, the waits against each service's target,
 * and the tables per service, teller, window and slot, each exported; printable as a report.
 */
export function DayFigures({ config }: { config: BranchConfig }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const tz = config.hours.timezone;
  const now = useNow(60_000);
  const today = localDate(now, tz);
  const [picked, setPicked] = useState<string | null>(null);
  const day = picked ?? today;
  const [typed, setTyped] = useState(day);
  const choose = (next: string) => {
    const d = next > today ? today : next;
    setPicked(d === today ? null : d);
    setTyped(d);
  };
  const load = useCallback((d: string) => fetchDayReport(d), []);
  const report = useFetched(day, load, day === today ? TODAY_REFRESH_MS : undefined);
  const ctx = useMemo<TableContext>(() => ({ t, lang, local, config }), [t, lang, local, config]);

  return (
    <div className="figures-report" data-testid="figures-day" data-day={day}>
      <div className="figures-toolbar" data-print="hide">
        <button type="button" className="button button--small" onClick={() => choose(shiftDay(day, -1))} data-testid="figures-day-prev" aria-label={t('figures.day.previous')}>
          ‹
        </button>
        <label className="figures-toolbar__field">
          <span>{t('figures.day.pick')}</span>
          <DateField value={typed} onChange={(v) => (v ? choose(v) : setTyped(''))} data-testid="figures-day-input" aria-label={t('figures.day.pick')} />
        </label>
        <button type="button" className="button button--small" onClick={() => choose(shiftDay(day, 1))} disabled={day >= today} data-testid="figures-day-next" aria-label={t('figures.day.next')}>
          ›
        </button>
        <button type="button" className="button button--small" onClick={() => choose(today)} disabled={day === today} data-testid="figures-day-today">
          {t('figures.day.today')}
        </button>
        <span className="figures-toolbar__spacer" />
        {report.data && <DayExports report={report.data} config={config} />}
      </div>
      <ReportState loading={report.loading} error={report.error} hasData={report.data !== null}>
        {() => <DayBody report={report.data!} config={config} ctx={ctx} title={formatDate(new Date(`${day}T12:00:00Z`), lang, 'UTC')} printedAt={formatDateTime(now, lang, tz)} />}
      </ReportState>
    </div>
  );
}

function dayTables(ctx: TableContext, report: DayReport) {
  return [servicesTable(ctx, report.services), tellersTable(ctx, report.tellers), windowsTable(ctx, report.windows), slotsTable(ctx, activeSlots(report.slots))] as const;
}

function DayExports({ report, config }: { report: DayReport; config: BranchConfig }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const tables = dayTables({ t, lang, local, config }, report);
  const stem = `${report.branchId}-${t('figures.file.day')}-${report.day}`;
  return (
    <>
      <ExportButtons tables={tables} fileName={stem} testId="figures-day-export-all" heading={`${local(config.name)} · ${t('figures.day.title')} · ${report.day}`} />
      <PrintButtons fileTitle={stem} testId="figures-day" />
    </>
  );
}

function DayBody({ report, config, ctx, title, printedAt }: { report: DayReport; config: BranchConfig; ctx: TableContext; title: string; printedAt: string }) {
  const { t, lang, local } = ctx;
  const [services, tellers, windows, slots] = useMemo(() => dayTables(ctx, report), [ctx, report]);
  const slotOption = useMemo(() => slotsChart(t, report.slots), [t, report.slots]);
  const waitOption = useMemo(() => waitDistributionChart(t, lang, report.services, (code) => serviceName(ctx, code)), [t, lang, report.services, ctx]);
  const stem = `${report.branchId}-${t('figures.file.day')}-${report.day}`;
  return (
    <>
      <h2 className="figures-report__title">
        {t('figures.day.heading', { branch: local(config.name), day: title })}
        <span className="figures-report__printed">{t('figures.printedAt', { at: printedAt })}</span>
      </h2>
      <TotalsTiles totals={report.totals} testId="figures-day-totals" />
      <div className="figures-charts">
        <figure className="figures-chart-box">
          <figcaption>{t('figures.day.slotsChart')}</figcaption>
          <EChart option={slotOption} height={320} testId="figures-day-slots-chart" label={t('figures.day.slotsChart')} />
        </figure>
        <figure className="figures-chart-box">
          <figcaption>{t('figures.day.waitChart')}</figcaption>
          <EChart option={waitOption} height={320} testId="figures-day-wait-chart" label={t('figures.day.waitChart')} />
        </figure>
      </div>
      <FigureTableView table={services} fileStem={stem} />
      <FigureTableView table={tellers} fileStem={stem} />
      <div className="figures-pair">
        <FigureTableView table={windows} fileStem={stem} />
        <FigureTableView table={slots} fileStem={stem} />
      </div>
    </>
  );
}
