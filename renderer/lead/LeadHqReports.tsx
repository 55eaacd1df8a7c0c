import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchReportFormat, HubMonthReport, HubReportFile } from '../../shared/hq/branchReports.js';
import { REPORT_NOT_FETCHED } from '../../shared/hq/branchReports.js';
import type { Lang } from '../../shared/i18n/localized.js';
import { download } from '../figures/exportTable.js';
import { formatCount, formatMonth, formatRate, formatSeconds } from '../figures/format.js';
import { useFetched } from '../figures/useFetched.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { errorText } from '../i18n/errorText.js';
import { formatDateTime } from '../ui/format.js';
import { fetchHqReportFile, fetchHqReports } from './hqReportsApi.js';
import './leadHqReports.css';

/** The file to offer in the screen's language, else Simplified Chinese (what head office always makes), else any. */
export function fileFor(files: readonly HubReportFile[], format: BranchReportFormat, lang: Lang): HubReportFile | null {
  const of = files.filter((f) => f.format === format);
  return of.find((f) => f.lang === lang) ?? of.find((f) => f.lang === 'zh-CN') ?? of[0] ?? null;
}

/**
 * "Reports from head office" on the lead's Month tab (issue 15): the branch's monthly reports as
 * head office sent them through the sync, with the branch's score, rank and the month's figures;
 * the PDF opens (and the XLSX saves) from the copy the hub keeps, so also without head office.
 */
export function LeadHqReports() {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const load = useCallback(() => fetchHqReports(), []);
  const list = useFetched('all', load);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const get = async (r: HubMonthReport, f: HubReportFile) => {
    setBusy(`${r.month}-${f.format}`);
    setFailure(null);
    try {
      const blob = await fetchHqReportFile(r.month, f.format, f.lang);
      const name = `guichet-report-${r.month}-${f.lang}.${f.format}`;
      if (f.format === 'pdf') {
        const url = URL.createObjectURL(blob);
        // A blocked pop-up (or a host that opens no windows) saves the file instead.
        if (!window.open(url, '_blank')) download(await blob.arrayBuffer(), blob.type, name);
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } else {
        download(await blob.arrayBuffer(), blob.type, name);
      }
      list.reload();
    } catch (err) {
      setFailure(errorText(t, err, { [REPORT_NOT_FETCHED]: t('hqReports.notFetched') }));
    } finally {
      setBusy(null);
    }
  };

  const reports = list.data ?? [];
  const newest = reports[0] ?? null;
  return (
    <section className="lead-hqr" data-testid="lead-hq-reports" data-print="hide">
      <h2 className="lead-hqr__title">{t('hqReports.title')}</h2>
      <p className="muted lead-hqr__hint">{t('hqReports.hint')}</p>
      {failure && (
        <p className="board__alert" role="alert" data-testid="lead-hqr-failure">
          {failure}
        </p>
      )}
      {list.error !== null && (
        <p className="board__alert" role="alert">
          {t('hqReports.error', { message: errorText(t, list.error) })}
        </p>
      )}
      {!list.data && list.loading && <p className="muted">{t('hqReports.loading')}</p>}
      {list.data && reports.length === 0 && (
        <p className="muted" data-testid="lead-hqr-none">
          {t('hqReports.none')}
        </p>
      )}
      {reports.length > 0 && (
        <table className="board__table lead-hqr__table" data-testid="lead-hqr-table">
          <thead>
            <tr>
              <th>{t('hqReports.col.month')}</th>
              <th>{t('hqReports.col.score')}</th>
              <th>{t('hqReports.col.rank')}</th>
              <th className="num">{t('hqReports.col.arrivals')}</th>
              <th className="num">{t('hqReports.col.served')}</th>
              <th className="num">{t('hqReports.col.averageWait')}</th>
              <th className="num">{t('hqReports.col.withinTarget')}</th>
              <th className="num">{t('hqReports.col.satisfaction')}</th>
              <th>{t('hqReports.col.complaints')}</th>
              <th>{t('hqReports.col.files')}</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => {
              const pdf = fileFor(r.files, 'pdf', lang);
              const xlsx = fileFor(r.files, 'xlsx', lang);
              return (
                <tr key={r.month} data-testid="lead-hqr-row" data-month={r.month}>
                  <td className="strong">{formatMonth(r.month, lang)}</td>
                  <td>
                    <span className="strong">{r.score === null ? '–' : r.score.toFixed(1)}</span>{' '}
                    {r.passed !== null && <span className={`lead-hqr__pill ${r.passed ? 'is-ok' : 'is-bad'}`}>{r.passed ? t('hqReports.passed') : t('hqReports.failed')}</span>}
                    <div className="muted lead-hqr__small">{t('hqReports.passMark', { mark: r.passMark })}</div>
                  </td>
                  <td>{r.rank === null ? <span className="muted">{t('hqReports.notRanked')}</span> : t('hqReports.rank', { rank: r.rank, of: r.of })}</td>
                  <td className="num">{formatCount(r.figures.arrivals, lang)}</td>
                  <td className="num">{formatCount(r.figures.served, lang)}</td>
                  <td className="num">{formatSeconds(r.figures.averageWaitSeconds)}</td>
                  <td className="num">{formatRate(r.figures.waitWithinTargetRate, lang)}</td>
                  <td className="num">{formatRate(r.figures.satisfaction, lang)}</td>
                  <td>{t('hqReports.complaints', { received: r.complaints.received, upheld: r.complaints.upheld })}</td>
                  <td className="lead-hqr__files">
                    <div className="lead-hqr__buttons">
                      {[pdf, xlsx].map(
                        (f) =>
                          f && (
                            <button
                              key={f.format}
                              type="button"
                              className={`button button--small${f.format === 'pdf' ? ' button--primary' : ''}`}
                              disabled={busy !== null}
                              onClick={() => void get(r, f)}
                              data-testid={`lead-hqr-${f.format}-${r.month}`}
                              data-here={f.here}
                            >
                              {busy === `${r.month}-${f.format}` ? t('hqReports.opening') : f.format === 'pdf' ? t('hqReports.open') : t('hqReports.xlsx')}
                              {f.lang !== lang && ` · ${t('hqReports.inLang', { lang: t(`hqReports.langs.${f.lang}`) })}`}
                            </button>
                          ),
                      )}
                    </div>
                    <div className="muted lead-hqr__small">
                      {(pdf ?? xlsx)?.here === false ? t('hqReports.notHere') : t('hqReports.here')} · {t('hqReports.generatedAt', { time: formatDateTime(new Date(r.generatedAt), lang, r.timeZone), zone: r.timeZone })}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {newest && newest.tellers.length > 0 && (
        <details className="lead-hqr__tellers" data-testid="lead-hqr-tellers">
          <summary>
            {formatMonth(newest.month, lang)} · {t('hqReports.tellers', { n: newest.tellers.length })}
          </summary>
          <table className="board__table">
            <thead>
              <tr>
                <th className="num">{t('hqReports.tellerCol.rank')}</th>
                <th>{t('hqReports.tellerCol.name')}</th>
                <th className="num">{t('hqReports.tellerCol.score')}</th>
                <th>{t('hqReports.tellerCol.stars')}</th>
              </tr>
            </thead>
            <tbody>
              {newest.tellers.map((p) => (
                <tr key={p.staffId}>
                  <td className="num">{p.rank}</td>
                  <td>{local(p.name)}</td>
                  <td className="num">{p.score === null ? '–' : p.score.toFixed(1)}</td>
                  <td>{p.stars === null ? '–' : t(`hqReports.stars.${String(p.stars) as "0" | "1" | "2" | "3"}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
