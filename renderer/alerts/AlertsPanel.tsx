import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { may } from '../../shared/access/roles.js';
import type { AlertRecord, AlertState } from '../../shared/alerts/schema.js';
import type { BranchConfig, StaffRole } from '../../shared/config/schema.js';
import { errorText } from '../i18n/errorText.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { subscribeStreamMessages } from '../queue/store.js';
import { DateField } from '../ui/DateFields.js';
import { formatClock, formatDateTime, localDate } from '../ui/format.js';
import { acknowledgeAlert, fetchAlerts } from './alertsApi.js';
import { alertWords } from './alertText.js';
import '../ui/board.css';
import './alerts.css';

/** The rules run on the hub after every change and every 30 s; the list follows a little behind. */
const REFRESH_MS = 15_000;
const ORDER: Record<AlertState, number> = { raised: 0, acknowledged: 1, resolved: 2 };

/**
 * The lead's alerts (issue 14): one list of the day's alert records with their state, when each
 * was raised, who acknowledged it and when, and the Acknowledge button for a lead. The hub names
 * the acknowledging person from this station's session; the button sends no name.
 */
export function AlertsPanel({ config, role }: { config: BranchConfig; role: StaffRole }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const tz = config.hours.timezone;
  const [day, setDay] = useState(() => localDate(new Date(), tz));
  const [alerts, setAlerts] = useState<AlertRecord[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const canAcknowledge = may(role, 'approve');

  const load = useCallback(
    async (which: string) => {
      try {
        const list = await fetchAlerts(which);
        setAlerts(list.alerts);
        setError(null);
      } catch (err) {
        setError(err);
      }
    },
    [],
  );

  useEffect(() => {
    void load(day);
    const id = setInterval(() => void load(day), REFRESH_MS);
    return () => clearInterval(id);
  }, [day, load]);

  // The hub pushes every changed record to lead stations: the list follows without waiting for the next read.
  useEffect(
    () =>
      subscribeStreamMessages((m) => {
        if (m.type !== 'alerts') return;
        setAlerts((list) => {
          if (list === null) return list;
          const byId = new Map(list.map((a) => [a.id, a]));
          // Records of the day shown: the ones listed change, new ones join.
          const mine = m.changed.filter((a) => byId.has(a.id) || a.businessDay === day);
          if (mine.length === 0) return list;
          for (const a of mine) byId.set(a.id, a);
          return [...byId.values()];
        });
      }),
    [day],
  );

  const onAcknowledge = async (a: AlertRecord) => {
    setBusy(a.id);
    setRefusal(null);
    try {
      const updated = await acknowledgeAlert(a.id);
      setAlerts((list) => list?.map((x) => (x.id === updated.id ? updated : x)) ?? null);
    } catch (err) {
      setRefusal(errorText(t, err, { alert_resolved: t('alerts.refused.alert_resolved') }));
      void load(day);
    } finally {
      setBusy(null);
    }
  };

  const sorted = [...(alerts ?? [])].sort((a, b) => ORDER[a.state] - ORDER[b.state] || b.raisedAt.localeCompare(a.raisedAt));
  const count = (s: AlertState) => (alerts ?? []).filter((a) => a.state === s).length;
  // The time alone on the alert's own business day; with the date otherwise (acknowledged after midnight).
  const when = (iso: string, businessDay: string) => {
    const at = new Date(iso);
    return localDate(at, tz) === businessDay ? formatClock(at, lang, tz) : formatDateTime(at, lang, tz);
  };

  return (
    <section className="board__section alerts" data-testid="alerts-panel">
      <div className="alerts__bar">
        <h2>{t('alerts.title')}</h2>
        <label className="alerts__day">
          {t('alerts.day')}
          <DateField value={day} onChange={(v) => v && setDay(v)} aria-label={t('alerts.day')} data-testid="alerts-day" />
        </label>
        {alerts && (
          <span className="alerts__counts" data-testid="alerts-counts">
            {t('alerts.counts', { raised: count('raised'), acknowledged: count('acknowledged'), resolved: count('resolved') })}
          </span>
        )}
      </div>
      {error !== null && <p className="alerts__message alerts__message--error" role="alert">{t('alerts.error', { message: errorText(t, error) })}</p>}
      {refusal && <p className="alerts__message alerts__message--error" role="alert" data-testid="alerts-refusal">{refusal}</p>}
      {alerts === null && error === null && <p className="alerts__message">{t('alerts.loading')}</p>}
      {alerts !== null && alerts.length === 0 && <p className="alerts__message" data-testid="alerts-empty">{t('alerts.empty')}</p>}
      {sorted.length > 0 && (
        <table className="board__table alerts__table" data-testid="alerts-table">
          <thead>
            <tr>
              <th>{t('alerts.columns.state')}</th>
              <th>{t('alerts.columns.raisedAt')}</th>
              <th>{t('alerts.columns.kind')}</th>
              <th>{t('alerts.columns.what')}</th>
              <th>{t('alerts.columns.acknowledgedBy')}</th>
              <th>{t('alerts.columns.action')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((a) => {
              const words = alertWords(t, a, config, lang, local);
              // The name in the screen's language when the configuration knows the person; else as the hub stored it.
              const acknowledger = config.staff.find((s) => s.id === a.acknowledgedBy);
              const ackName = a.acknowledgedBy === null ? null : acknowledger ? local(acknowledger.name) : (a.acknowledgedByName ?? a.acknowledgedBy);
              return (
                <tr key={a.id} className={`is-${a.state}`} data-testid={`alert-${a.kind}-${a.subject}`} data-state={a.state}>
                  <td>
                    <span className={`alert-state alert-state--${a.state}`}>{t(`alerts.states.${a.state}`)}</span>
                  </td>
                  <td className="nowrap">
                    {when(a.raisedAt, a.businessDay)}
                    {a.timesRaised > 1 && <span className="alerts__again">{t('alerts.raisedAgain', { n: a.timesRaised })}</span>}
                  </td>
                  <td className="nowrap">{t(`alerts.kinds.${a.kind}`)}</td>
                  <td>
                    <div>{words.text}</div>
                    {words.fix && a.state !== 'resolved' && <div className="alerts__fix" data-testid="alert-fix">{words.fix}</div>}
                  </td>
                  <td data-testid="alert-acknowledged-by">{ackName && a.acknowledgedAt ? t('alerts.acknowledgedAt', { name: ackName, time: when(a.acknowledgedAt, a.businessDay) }) : '–'}</td>
                  <td>
                    {a.state === 'raised' &&
                      (canAcknowledge ? (
                        <button type="button" className="button button--primary button--small" disabled={busy !== null} onClick={() => void onAcknowledge(a)} data-testid="alert-acknowledge">
                          {busy === a.id ? t('alerts.acknowledging') : t('alerts.acknowledge')}
                        </button>
                      ) : (
                        <span className="alerts__message" title={t('alerts.cannotAcknowledge')}>
                          –
                        </span>
                      ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
