import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import { IsoMonth } from '../../shared/figures/api.js';
import type { MonthReport } from '../../shared/figures/api.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { useNow } from '../queue/useQueue.js';
import { formatDateTime, localDate } from '../ui/format.js';
import { monthChart } from './charts.js';
import { EChart } from './EChart.js';
import { ExportButtons, FigureTableView } from './FigureTableView.js';
import { fetchMonthReport } from './figuresApi.js';
import { formatMonth, shiftMonth } from './format.js';
import { PrintButtons, ReportState, TotalsTiles } from './ReportParts.js';
import { daysTable, servicesTable, tellersTable } from './tables.js';
import type { TableContext } from './tables.js';
import { useFetched } from './useFetched.js';
import './figures.css';

/** This month's report changes through the day; a past month does not. */
const THIS_MONTH_REFRESH_MS = 5 * 60_000;

/** One month of the branch: day by day (lines), per service and per teller; exported, printable. */
export function MonthFigures({ config }: { config: BranchConfig }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const tz = config.hours.timezone;
  const now = useNow(60_000);
  const thisMonth = localDate(now, tz).slice(0, 7);
  const [picked, setPicked] = useState<string | null>(null);
  const month = picked ?? thisMonth;
  const [typed, setTyped] = useState(month);
  const choose = (next: string) => {
    const m = next > thisMonth ? thisMonth : next;
    setPicked(m === thisMonth ? null : m);
    setTyped(m);
  };
  const load = useCallback((m: string) => fetchMonthReport(m), []);
  const report = useFetched(month, load, month === thisMonth ? THIS_MONTH_REFRESH_MS : undefined);
  const ctx = useMemo<TableContext>(() => ({ t, lang, local, config }), [t, lang, local, config]);

  return (
    <div className="figures-report" data-testid="figures-month" data-month={month}>
      <div className="figures-toolbar" data-print="hide">
        <button type="button" className="button button--small" onClick={() => choose(shiftMonth(month, -1))} data-testid="figures-month-prev" aria-label={t('figures.month.previous')}>
          ‹
        </button>
        <label className="figures-toolbar__field">
          <span>{t('figures.month.pick')}</span>
          <input
            type="text"
            inputMode="numeric"
            placeholder="YYYY-MM"
            maxLength={7}
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              const m = e.target.value.trim().replace(/^(\d{4})[-/.年](\d{1,2})月?$/, (_, y: string, mo: string) => `${y}-${mo.padStart(2, '0')}`);
              if (IsoMonth.safeParse(m).success) choose(m);
            }}
            data-testid="figures-month-input"
            aria-label={t('figures.month.pick')}
          />
        </label>
        <button type="button" className="button button--small" onClick={() => choose(shiftMonth(month, 1))} disabled={month >= thisMonth} data-testid="figures-month-next" aria-label={t('figures.month.next')}>
          ›
        </button>
        <button type="button" className="button button--small" onClick={() => choose(thisMonth)} disabled={month === thisMonth} data-testid="figures-month-this">
          {t('figures.month.thisMonth')}
        </button>
        <span className="figures-toolbar__spacer" />
        {report.data && <MonthExports report={report.data} ctx={ctx} />}
      </div>
      <ReportState loading={report.loading} error={report.error} hasData={report.data !== null}>
        {() => <MonthBody report={report.data!} ctx={ctx} printedAt={formatDateTime(now, lang, tz)} />}
      </ReportState>
    </div>
  );
}

function monthTables(ctx: TableContext, report: MonthReport) {
  return [daysTable(ctx, report.days), servicesTable(ctx, report.services), tellersTable(ctx, report.tellers)] as const;
}

function MonthExports({ report, ctx }: { report: MonthReport; ctx: TableContext }) {
  const { t, local, config } = ctx;
  const stem = `${report.branchId}-${t('figures.file.month')}-${report.month}`;
  return (
    <>
      <ExportButtons tables={monthTables(ctx, report)} fileName={stem} testId="figures-month-export-all" heading={`${local(config.name)} · ${t('figures.month.title')} · ${report.month}`} />
      <PrintButtons fileTitle={stem} testId="figures-month" />
    </>
  );
}

function MonthBody({ report, ctx, printedAt }: { report: MonthReport; ctx: TableContext; printedAt: string }) {
  const { t, lang, local, config } = ctx;
  const [days, services, tellers] = useMemo(() => monthTables(ctx, report), [ctx, report]);
  const option = useMemo(() => monthChart(t, lang, report.month, report.days), [t, lang, report.month, report.days]);
  const stem = `${report.branchId}-${t('figures.file.month')}-${report.month}`;
  return (
    <>
      <h2 className="figures-report__title">
        {t('figures.month.heading', { branch: local(config.name), month: formatMonth(report.month, lang) })}
        <span className="figures-report__printed">{t('figures.printedAt', { at: printedAt })}</span>
      </h2>
      <TotalsTiles totals={report.totals} testId="figures-month-totals" />
      <figure className="figures-chart-box">
        <figcaption>{t('figures.month.chart')}</figcaption>
        <EChart option={option} height={300} testId="figures-month-chart" label={t('figures.month.chart')} />
      </figure>
      <FigureTableView table={services} fileStem={stem} />
      <FigureTableView table={tellers} fileStem={stem} />
      <FigureTableView table={days} fileStem={stem} />
    </>
  );
}
