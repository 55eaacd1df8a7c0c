import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FigureRow } from '../../shared/figures/api.js';
import { useLang } from '../i18n/index.js';
import { errorText } from '../i18n/errorText.js';
import { formatCount, formatRate, formatSeconds } from './format.js';

/** The report's headline figures, one tile each. */
export function TotalsTiles({ totals, testId }: { totals: FigureRow; testId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const tiles: Array<['arrivals' | 'served' | 'noShows' | 'averageWait' | 'waitWithinTarget' | 'averageHandling', string]> = [
    ['arrivals', formatCount(totals.arrivals, lang)],
    ['served', formatCount(totals.served, lang)],
    ['noShows', formatCount(totals.noShows, lang)],
    ['averageWait', formatSeconds(totals.averageWaitSeconds)],
    ['waitWithinTarget', formatRate(totals.waitWithinTargetRate, lang)],
    ['averageHandling', formatSeconds(totals.averageHandlingSeconds)],
  ];
  return (
    <dl className="figures-tiles" data-testid={testId}>
      {tiles.map(([id, value]) => (
        <div key={id} className="figures-tile" data-figure={id}>
          <dt>{t(`figures.col.${id}`)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Loading, or the hub's refusal in the screen's words, or the report. */
export function ReportState({ loading, error, hasData, children }: { loading: boolean; error: unknown; hasData: boolean; children: () => ReactNode }) {
  const { t } = useTranslation();
  if (error && !hasData)
    return (
      <p className="lead-station__error" role="alert" data-testid="figures-error">
        {t('figures.error', { message: errorText(t, error) })}
      </p>
    );
  if (!hasData) return <p className="muted">{loading ? t('common.loading') : t('figures.empty')}</p>;
  return <>{children()}</>;
}

/**
 * Prints the report through the browser's print window (as the service record does): the print
 * stylesheet keeps the report and drops the station around it; "Save as PDF" there makes the PDF,
 * named after the document's title, set here for the time of the print.
 */
export function printReport(fileTitle: string): void {
  const title = document.title;
  document.title = fileTitle;
  const restore = () => {
    document.title = title;
    window.removeEventListener('afterprint', restore);
  };
  window.addEventListener('afterprint', restore);
  window.print();
}

export function PrintButtons({ fileTitle, testId }: { fileTitle: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <span className="figures-export" data-print="hide">
      <button type="button" className="button button--small" onClick={() => printReport(fileTitle)} data-testid={`${testId}-print`}>
        {t('figures.print')}
      </button>
      <button type="button" className="button button--small" onClick={() => printReport(fileTitle)} title={t('figures.pdfHint')} data-testid={`${testId}-pdf`}>
        {t('figures.exportPdf')}
      </button>
    </span>
  );
}
