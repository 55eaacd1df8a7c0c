import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfigBranchList } from '../../../shared/config/versions.js';
import { useLang } from '../../i18n/index.js';
import { intlLocale } from '../../ui/format.js';
import { errorText } from '../../i18n/errorText.js';
import { fetchBranches } from './evaluationApi.js';
import { InspectionSection } from './InspectionSection.js';
import { PolicySection } from './PolicySection.js';
import { ReviewSection } from './ReviewSection.js';
import './evaluation.css';

/** The month head office evaluates by default: the current one in Beijing time, where the branches are. */
function thisMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
}

/** The last twelve months, newest first, named in the page's language (a native month input follows the browser's). */
function recentMonths(from: string): string[] {
  const [y, m] = from.split('-').map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/** Head office's evaluation tab: remote review of recordings and inspection sheets, per branch and month; the network's evaluation standards. */
export function EvaluationPanel({ token }: { token: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [branches, setBranches] = useState<ConfigBranchList['branches']>([]);
  const [branchId, setBranchId] = useState('');
  const [month, setMonth] = useState(thisMonth);
  const [section, setSection] = useState<'review' | 'inspection' | 'policy'>('review');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetchBranches(token)
      .then((list) => {
        setBranches(list);
        setBranchId((id) => id || list[0]?.branchId || '');
      })
      .catch((err: unknown) => setError(errorText(t, err)));
  }, [token, t]);

  return (
    <section className="hqe" data-testid="hq-evaluation">
      <div className="hqe-bar">
        {/* The standards are the whole network's: no branch or month to pick. */}
        {section !== 'policy' && (
          <>
            <label className="hqe-field">
              <span>{t('hqEvaluation.branch')}</span>
              <select value={branchId} onChange={(e) => setBranchId(e.target.value)} data-testid="hqe-branch">
                {branches.map((b) => (
                  <option key={b.branchId} value={b.branchId}>
                    {b.name?.[lang] ?? b.branchId}
                  </option>
                ))}
              </select>
            </label>
            <label className="hqe-field">
              <span>{t('hqEvaluation.month')}</span>
              <select value={month} onChange={(e) => setMonth(e.target.value)} data-testid="hqe-month">
                {recentMonths(thisMonth()).map((m) => (
                  <option key={m} value={m}>
                    {new Intl.DateTimeFormat(intlLocale(lang), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${m}-01T00:00:00Z`))}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <nav className="hqe-sections" role="tablist">
          {(['review', 'inspection', 'policy'] as const).map((id) => (
            <button key={id} type="button" role="tab" aria-selected={section === id} className={`cfg-tab${section === id ? ' cfg-tab--on' : ''}`} onClick={() => setSection(id)} data-testid={`hqe-section-${id}`}>
              {t(`hqEvaluation.sections.${id}`)}
            </button>
          ))}
        </nav>
      </div>
      {error && <p className="board__alert" role="alert">{t('hqEvaluation.error', { message: error })}</p>}
      {branchId && section === 'review' && <ReviewSection token={token} month={month} branchId={branchId} />}
      {branchId && section === 'inspection' && <InspectionSection token={token} month={month} branchId={branchId} />}
      {section === 'policy' && <PolicySection token={token} />}
    </section>
  );
}
