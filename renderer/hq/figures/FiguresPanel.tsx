import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FigureLine, FiguresAnswer } from '../../../shared/hq/api.js';
import { HQ_TIME_ZONE } from '../../../shared/hq/api.js';
import { ExportButtons, FigureCells } from '../../figures/FigureTableView.js';
import { formatCount, formatMonth, formatRate, formatSeconds } from '../../figures/format.js';
import type { FigureTable } from '../../figures/table.js';
import { useFetched } from '../../figures/useFetched.js';
import { useLang, useLocalized } from '../../i18n/index.js';
import { errorText } from '../../i18n/errorText.js';
import { formatDateTime, formatDayMonth } from '../../ui/format.js';
import { lineColumns, lineName, lineTables } from './figureTables.js';
import type { LineContext } from './figureTables.js';
import { fetchFigures, figuresQuery } from './hqFiguresApi.js';
import type { FiguresScope } from './hqFiguresApi.js';
import { lastMonth, PeriodPicker } from './PeriodPicker.js';
import type { Period } from './PeriodPicker.js';
import '../../figures/figures.css';
import './hqFigures.css';

/** One step of the drill-down: where it leads and what the breadcrumb calls it. */
interface Step {
  scope: Omit<FiguresScope, 'period'>;
  label: string;
}

/** A row leads one level down; a teller is the bottom (their services are in the branch's own records). */
function stepOf(line: FigureLine, scope: Omit<FiguresScope, 'period'>): Omit<FiguresScope, 'period'> | null {
  // "No region" (empty id) cannot be asked for: its branches are listed beside it already.
  if (line.level === 'region') return line.id === '' ? null : { region: line.id };
  if (line.level === 'branch') return { branch: line.id };
  if (line.level === 'window' && scope.branch) return { branch: scope.branch, counter: Number(line.id) };
  return null;
}

/** Business figures of the network, a region, a branch or a window, for a month or a day; drill down by clicking a row. */
export function FiguresPanel({ token }: { token: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const [period, setPeriod] = useState<Period>(() => ({ kind: 'month', value: lastMonth() }));
  const [trail, setTrail] = useState<Step[]>([]);
  const here = trail.at(-1)?.scope ?? {};
  // The query is the fetch key: a slow answer for a scope left behind never replaces the one shown.
  const key = figuresQuery({ period, ...here });
  const load = useCallback((query: string) => fetchFigures(token, query), [token]);
  const answer = useFetched<FiguresAnswer>(key, load);
  const ctx = useMemo<LineContext>(() => ({ t, lang, local }), [t, lang, local]);
  const data = answer.data;
  const tables = useMemo(() => (data ? lineTables(ctx, data.rows) : []), [ctx, data]);
  const totalsTable = useMemo<FigureTable<FigureLine> | null>(
    () => (data ? { name: 'totals', title: t('hqFigures.scope.totals'), columns: lineColumns(ctx, false), rows: [data.totals], rowKey: () => 'totals' } : null),
    [ctx, data, t],
  );
  const scopeName = data ? lineName(ctx, data.totals) : '';
  const fileStem = `hq-figures-${period.value}${here.branch ? `-${here.branch}` : here.region ? `-${here.region}` : ''}${here.counter ? `-${here.counter}` : ''}`;

  return (
    <div className="figures-report hqf" data-testid="hq-figures" data-period={period.value}>
      <div className="hqf-bar">
        <PeriodPicker period={period} onChange={setPeriod} allowDay testId="hqf-period" />
        <nav className="hqf-crumbs" aria-label="breadcrumb" data-testid="hqf-crumbs">
          <button type="button" className="hqf-crumb" onClick={() => setTrail([])} aria-current={trail.length === 0 ? 'page' : undefined}>
            {t('hqFigures.scope.network')}
          </button>
          {trail.map((s, i) => (
            <span key={i}>
              <span className="hqf-crumb-sep">›</span>
              <button type="button" className="hqf-crumb" onClick={() => setTrail(trail.slice(0, i + 1))} aria-current={i === trail.length - 1 ? 'page' : undefined}>
                {s.label}
              </button>
            </span>
          ))}
        </nav>
        <span className="figures-toolbar__spacer" />
        {data && totalsTable && <ExportButtons tables={[totalsTable, ...tables]} fileName={fileStem} testId="hqf-export" heading={`${scopeName} ${data.period.label}`} />}
      </div>

      {answer.error !== null && (
        <p className="board__alert" role="alert" data-testid="hqf-error">
          {t('hqFigures.error', { message: errorText(t, answer.error) })}
        </p>
      )}
      {!data && answer.loading && <p className="muted">{t('hqFigures.loading')}</p>}

      {data && (
        <>
          <h2 className="figures-report__title" data-testid="hqf-title">
            <span>{scopeName}</span>
            <span className="muted hqf-sub">{data.period.kind === 'month' ? formatMonth(data.period.label, lang) : formatDayMonth(data.period.label, lang, true)}</span>
            {data.scope.timeZone && <span className="muted hqf-sub">{t('hqFigures.scope.zone', { zone: data.scope.timeZone })}</span>}
            <span className="muted hqf-sub">{t('hqFigures.generatedAt', { time: formatDateTime(new Date(data.generatedAt), lang, data.scope.timeZone ?? HQ_TIME_ZONE) })}</span>
          </h2>
          <dl className="figures-tiles" data-testid="hqf-tiles">
            {(
              [
                ['arrivals', formatCount(data.totals.figures.arrivals, lang)],
                ['served', formatCount(data.totals.figures.served, lang)],
                ['averageWait', formatSeconds(data.totals.figures.averageWaitSeconds)],
                ['waitWithinTarget', formatRate(data.totals.figures.waitWithinTargetRate, lang)],
                ['satisfaction', formatRate(data.totals.figures.satisfaction, lang)],
                ['complaints', formatCount(data.totals.complaints.received, lang)],
                ['recordingCoverage', formatRate(data.totals.figures.recordingCoverage, lang)],
              ] as const
            ).map(([k, v]) => (
              <div key={k} className="figures-tile" data-testid={`hqf-tile-${k}`}>
                <dt>{t(`hqFigures.tiles.${k}`)}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          {tables.length === 0 && <p className="muted">{t('hqFigures.empty')}</p>}
          {tables.map((table) => (
            <LineTable
              key={table.name}
              table={table}
              onOpen={(line) => {
                const next = stepOf(line, here);
                if (next) setTrail([...trail, { scope: next, label: lineName(ctx, line) }]);
              }}
              canOpen={(line) => stepOf(line, here) !== null}
            />
          ))}
        </>
      )}
    </div>
  );
}

/** A table of figure lines whose rows open the level below. */
function LineTable({ table, onOpen, canOpen }: { table: FigureTable<FigureLine>; onOpen: (line: FigureLine) => void; canOpen: (line: FigureLine) => boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const openable = table.rows.some(canOpen);
  return (
    <section className="figures-table" data-testid={`hqf-table-${table.name}`}>
      <header className="figures-table__head">
        <h3>{table.title}</h3>
        {openable && <span className="muted">{t('hqFigures.scope.drillHint')}</span>}
      </header>
      <div className="figures-table__scroll">
        <table className="board__table figures-table__table hqf-table">
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c.id} className={c.kind === 'text' ? undefined : 'num'} scope="col">
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => {
              const open = canOpen(row);
              return (
                <tr
                  key={table.rowKey(row)}
                  data-row={table.rowKey(row)}
                  className={open ? 'hqf-row--open' : undefined}
                  tabIndex={open ? 0 : undefined}
                  onClick={open ? () => onOpen(row) : undefined}
                  onKeyDown={open ? (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onOpen(row)) : undefined}
                >
                  <FigureCells table={table} row={row} lang={lang} />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
