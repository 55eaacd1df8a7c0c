import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportEntry, ReportFormat } from '../../../shared/hq/api.js';
import type { Localized } from '../../../shared/i18n/localized.js';
import { download } from '../../figures/exportTable.js';
import { useFetched } from '../../figures/useFetched.js';
import { useLang, useLocalized } from '../../i18n/index.js';
import { errorText } from '../../i18n/errorText.js';
import { formatDateTime } from '../../ui/format.js';
import { fetchBranches } from '../evaluation/evaluationApi.js';
import { fetchReport, fetchReports, generateReports } from './hqFiguresApi.js';
import { lastMonth, PeriodPicker } from './PeriodPicker.js';
import { localizedName } from './useBranchNames.js';
import './hqFigures.css';

interface ReportLine {
  scope: string;
  name: Localized | null;
  kept: ReportEntry[];
}

/** The month's reports: the network's and each branch's, what is kept, and each as PDF or XLSX in the screen's language. */
export function ReportsPanel({ token }: { token: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const [month, setMonth] = useState(lastMonth);
  const [busy, setBusy] = useState<string | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const load = useCallback(
    async (m: string): Promise<ReportLine[]> => {
      const [kept, branches] = await Promise.all([fetchReports(token, m), fetchBranches(token)]);
      const names = new Map<string, Localized | null>(kept.map((r) => [r.scope, r.name]));
      for (const b of branches) if (!names.has(b.branchId) && b.name) names.set(b.branchId, localizedName(b.branchId, b.name));
      const scopes = ['network', ...[...new Set([...branches.map((b) => b.branchId), ...kept.map((r) => r.scope)])].filter((s) => s !== 'network').sort()];
      return scopes.map((scope) => ({ scope, name: names.get(scope) ?? null, kept: kept.filter((r) => r.scope === scope) }));
    },
    [token],
  );
  const list = useFetched(month, load);

  const get = async (scope: string, format: ReportFormat) => {
    setBusy(`${scope}-${format}`);
    setNote(null);
    try {
      const blob = await fetchReport(token, month, scope, format, lang);
      download(await blob.arrayBuffer(), blob.type, `guichet-${scope}-${month}-${lang}.${format}`);
      list.reload();
    } catch (err) {
      setNote({ ok: false, text: t('hqFigures.error', { message: errorText(t, err) }) });
    } finally {
      setBusy(null);
    }
  };

  const generate = async () => {
    setBusy('generate');
    setNote(null);
    try {
      const count = await generateReports(token, month, [lang]);
      setNote({ ok: true, text: t('hqFigures.reports.generated', { n: count }) });
      list.reload();
    } catch (err) {
      setNote({ ok: false, text: t('hqFigures.error', { message: errorText(t, err) }) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="figures-report hqf" data-testid="hq-reports" data-month={month}>
      <div className="hqf-bar">
        <PeriodPicker period={{ kind: 'month', value: month }} onChange={(p) => setMonth(p.value)} testId="hqp-month" />
        <span className="figures-toolbar__spacer" />
        <button type="button" className="button button--primary" disabled={busy !== null} onClick={() => void generate()} data-testid="hqp-generate">
          {busy === 'generate' ? t('hqFigures.reports.generating') : t('hqFigures.reports.generate')}
        </button>
      </div>
      <p className="muted">{t('hqFigures.reports.hint')}</p>
      {note && (
        <p className={note.ok ? 'hqf-ok' : 'board__alert'} role={note.ok ? 'status' : 'alert'} data-testid="hqp-note">
          {note.text}
        </p>
      )}
      {list.error !== null && (
        <p className="board__alert" role="alert">
          {t('hqFigures.error', { message: errorText(t, list.error) })}
        </p>
      )}
      {!list.data && list.loading && <p className="muted">{t('hqFigures.loading')}</p>}
      {list.data && (
        <table className="board__table hqp-table" data-testid="hqp-table">
          <thead>
            <tr>
              <th>{t('hqFigures.reports.scope')}</th>
              <th>{t('hqFigures.reports.kept')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((line) => {
              const mine = line.kept.filter((r) => r.lang === lang);
              return (
                <tr key={line.scope} data-row={line.scope} data-testid="hqp-row">
                  <td className="strong">
                    {line.scope === 'network' ? t('hqFigures.reports.network') : line.name ? local(line.name) : line.scope}
                  </td>
                  <td>
                    {mine.length === 0 ? (
                      <span className="muted">{t('hqFigures.reports.notKept')}</span>
                    ) : (
                      mine.map((r) => (
                        <div key={r.format}>
                          <strong>{r.format.toUpperCase()}</strong>{' '}
                          {/* In the zone the report itself is dated in (the branch's; head office's for the network), never the browser's. */}
                          {t('hqFigures.reports.keptAt', { time: formatDateTime(new Date(r.generatedAt), lang, r.timeZone), size: `${Math.max(1, Math.round(r.bytes / 1024))} KB` })}{' '}
                          <span className="muted" data-testid="hqp-zone">
                            ({r.timeZone})
                          </span>
                        </div>
                      ))
                    )}
                  </td>
                  <td>
                    {/* The buttons in a box of their own: a flex table cell loses its row's borders and background. */}
                    <div className="hqp-actions">
                      {(['pdf', 'xlsx'] as const).map((format) => (
                        <button key={format} type="button" className="button button--small" disabled={busy !== null} onClick={() => void get(line.scope, format)} data-testid={`hqp-${format}-${line.scope}`}>
                          {busy === `${line.scope}-${format}` ? t('hqFigures.reports.downloading') : t(`hqFigures.reports.${format}`)}
                        </button>
                      ))}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
