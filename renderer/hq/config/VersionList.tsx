import { useTranslation } from 'react-i18next';
import type { AppliedState, ConfigVersionList } from '../../../shared/config/versions.js';
import { useLang } from '../../i18n/index.js';
import { formatDateTime } from '../../ui/format.js';
import { issueText } from './draft.js';

function StateChip({ state }: { state: AppliedState | null }) {
  const { t } = useTranslation();
  if (!state) return <span className="status-chip">{t('hqConfig.versions.pending')}</span>;
  return (
    <span className={state.outcome === 'applied' ? 'status-chip cfg-ok' : 'status-chip cfg-bad'} data-testid={`cfg-state-${state.version}`}>
      {t(`hqConfig.versions.${state.outcome}`)}
    </span>
  );
}

/** Every version with who saved it and when (in the branch's zone), what changed, and what the branch said about it. */
export function VersionList({ list, timeZone }: { list: ConfigVersionList; timeZone: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const when = (iso: string) => formatDateTime(new Date(iso), lang, timeZone, true);
  return (
    <section className="cfg-versions" data-testid="cfg-versions">
      <h2>{t('hqConfig.versions.title')}</h2>
      <ol>
        {list.versions.map((v) => (
          <li key={v.version} data-testid={`cfg-version-${v.version}`}>
            <div className="cfg-versions__head">
              <strong>{t('hqConfig.version', { v: v.version })}</strong>
              {v.version === list.current && <span className="status-chip">{t('hqConfig.versions.current')}</span>}
              <StateChip state={v.state} />
            </div>
            {/* The time on one line of its own: a narrow column otherwise breaks the date at a hyphen. */}
            <div className="muted">
              {v.editor ?? t('hqConfig.versions.seeded')} ·{' '}
              <time className="cfg-versions__when" dateTime={v.savedAt}>
                {when(v.savedAt)}
              </time>
            </div>
            {v.state?.outcome === 'refused' && (
              <ul className="cfg-versions__why">
                {v.state.issues.map((i, k) => (
                  <li key={k}>
                    <code>{i.path.join('.')}</code> {issueText(t, i)}
                  </li>
                ))}
                {v.state.message && <li>{v.state.message}</li>}
              </ul>
            )}
            {v.summary && (
              <ul className="cfg-versions__changes">
                {v.summary.changes.slice(0, 8).map((c, k) => (
                  <li key={k}>
                    <code>{c.path.join('.')}</code> {t(`hqConfig.versions.${c.change}`)}
                    {c.before !== undefined && c.after !== undefined && (
                      <>
                        : {String(c.before)} → {String(c.after)}
                      </>
                    )}
                  </li>
                ))}
                {v.summary.total > 8 && <li className="muted">{t('hqConfig.versions.more', { n: v.summary.total - 8 })}</li>}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
