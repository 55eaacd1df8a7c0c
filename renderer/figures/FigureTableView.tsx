import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n/index.js';
import type { Lang } from '../../shared/i18n/localized.js';
import { errorText } from '../i18n/errorText.js';
import { downloadCsv, downloadXlsx } from './exportTable.js';
import { cellText } from './table.js';
import type { AnyTable, FigureTable } from './table.js';

/** The exports of a table: XLSX and CSV, named `fileName` (without extension). */
export function ExportButtons({ tables, fileName, testId, heading }: { tables: readonly AnyTable[]; fileName: string; testId: string; heading?: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const list = tables;
  const xlsx = async () => {
    setBusy(true);
    setError(null);
    try {
      await downloadXlsx(list, fileName, heading);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="figures-export" data-print="hide">
      <button type="button" className="button button--small" onClick={() => void xlsx()} disabled={busy} data-testid={`${testId}-xlsx`}>
        {t('figures.export.xlsx')}
      </button>
      {list.length === 1 && (
        <button type="button" className="button button--small" onClick={() => downloadCsv(list[0]!, fileName)} data-testid={`${testId}-csv`}>
          {t('figures.export.csv')}
        </button>
      )}
      {error && <span className="figures-export__error" role="alert">{t('figures.export.failed', { message: error })}</span>}
    </span>
  );
}

/**
 * A figures table with its exports. `fileStem` names the files ("figures-2026-12-07"), the table
 * adds its own name ("…-services.xlsx").
 */
export function FigureTableView<R>({ table, fileStem, empty }: { table: FigureTable<R>; fileStem: string; empty?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section className="figures-table" data-testid={`figures-table-${table.name}`}>
      <header className="figures-table__head">
        <h3>{table.title}</h3>
        <ExportButtons tables={[table]} fileName={`${fileStem}-${table.name}`} testId={`figures-export-${table.name}`} />
      </header>
      <div className="figures-table__scroll">
        <table className="board__table figures-table__table">
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
            {table.rows.length === 0 ? (
              <tr>
                <td colSpan={table.columns.length} className="muted">
                  {empty ?? t('figures.empty')}
                </td>
              </tr>
            ) : (
              table.rows.map((row) => (
                <tr key={table.rowKey(row)} data-row={table.rowKey(row)}>
                  <FigureCells table={table} row={row} lang={lang} />
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** One row's cells of a figure table, as the screen shows them (numbers right, levels coloured). */
export function FigureCells<R>({ table, row, lang }: { table: FigureTable<R>; row: R; lang: Lang }) {
  return (
    <>
      {table.columns.map((c) => {
        const level = c.level?.(row);
        return (
          <td key={c.id} className={[c.kind === 'text' ? '' : 'num', level ? `is-${level}` : ''].join(' ').trim() || undefined} data-col={c.id} data-level={level}>
            {cellText(c, row, lang)}
          </td>
        );
      })}
    </>
  );
}
