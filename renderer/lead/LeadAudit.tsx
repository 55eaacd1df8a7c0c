import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, AuditKind } from '../../shared/access/audit.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { errorText } from '../i18n/errorText.js';
import { formatClock, localDate } from '../ui/format.js';
import { fetchAudit } from './leadAccessApi.js';
import { DateField } from '../ui/DateFields.js';

/** Kinds worth a second look: shown in the danger colour. */
const ALARMING = new Set<AuditKind>(['sign_in_failed', 'locked_out', 'device_revoked', 'self_approval_refused']);

/**
 * The security audit of a day (capability 'audit'): sign-ins and their failures, lockouts,
 * locks, enrolments and revocations, approvals and listens, oldest first as the hub keeps them;
 * shown newest first. Who is named by the configuration's staff name when known.
 */
export function LeadAudit({ config }: { config: BranchConfig }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const tz = config.hours.timezone;
  const [day, setDay] = useState(() => localDate(new Date(), tz));
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setEntries((await fetchAudit(day)).entries);
      setError(null);
    } catch (err) {
      setError(errorText(t, err));
    }
  }, [day, t]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const who = (id: string | null) => {
    if (id === null) return '–';
    const s = config.staff.find((x) => x.id === id);
    return s ? `${local(s.name)} (${id})` : id;
  };

  return (
    <section className="board__section" data-testid="lead-audit">
      <div className="lead-station__section-head">
        <h2>{t('leadStation.audit.title')}</h2>
        <label className="lead-audit__day">
          <span>{t('leadStation.audit.day')}</span>
          <DateField value={day} onChange={(v) => v && setDay(v)} data-testid="audit-day" />
        </label>
        <button type="button" className="button button--small" onClick={() => void reload()} data-testid="audit-refresh">
          {t('leadStation.audit.refresh')}
        </button>
        {entries && <span className="muted">{t('leadStation.audit.count', { n: entries.length })}</span>}
      </div>
      {error && (
        <p className="lead-station__error" role="alert" data-testid="audit-error">
          {t('leadStation.devices.failed', { message: error })}
        </p>
      )}
      {entries && entries.length === 0 && <p className="muted">{t('leadStation.audit.none')}</p>}
      {entries && entries.length > 0 && (
        <table className="board__table lead-audit__table" data-testid="audit-list">
          <thead>
            <tr>
              <th>{t('leadStation.audit.at')}</th>
              <th>{t('leadStation.audit.kind')}</th>
              <th>{t('leadStation.audit.who')}</th>
              <th>{t('leadStation.audit.window')}</th>
              <th>{t('leadStation.audit.device')}</th>
            </tr>
          </thead>
          <tbody>
            {[...entries].reverse().map((e) => (
              <tr key={e.id} className={ALARMING.has(e.kind) ? 'is-alert' : undefined} data-testid="audit-entry" data-kind={e.kind} data-staff={e.staffId ?? ''}>
                <td className="lead-audit__time">{formatClock(new Date(e.at), lang, tz, true)}</td>
                {/* The hub's detail is a few words of English for the record (head office, support): kept out of the screen's language, at hand on hover. */}
                <td className="lead-audit__kind" title={e.detail || undefined} data-detail={e.detail}>
                  {t(`leadStation.audit.kinds.${e.kind}`)}
                </td>
                <td>{who(e.staffId)}</td>
                <td>{e.window === null ? '–' : t('common.windowN', { n: e.window })}</td>
                <td>
                  <code className="lead-devices__id">{e.deviceId ?? '–'}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
