import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueError } from '../../shared/api/errors.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { newId } from '../../shared/ids.js';
import { openingAlerts, openingPhase } from '../../shared/pause/openingAlerts.js';
import { pauseAlerts, pauseState } from '../../shared/pause/rules.js';
import { windowStatus } from '../../shared/pause/windows.js';
import type { CounterStatus } from '../../shared/api/queueApi.js';
import { OVERRIDE_MINUTES } from '../../shared/pause/wire.js';
import type { OverrideAnswer, PauseView } from '../../shared/pause/wire.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { useNow } from '../queue/useQueue.js';
import { formatClock, formatDuration, formatLocalSlot } from '../ui/format.js';
import { approvePause, fetchPauses, grantOverride } from './api.js';
import { RefusalText } from './RefusalText.js';
import { useWindowsStore, useWindowState } from './windowsStore.js';
import './pause.css';

const REFRESH_MS = 30_000;

/**
 * The lead's part of the pause sign: alerts (a pause without approval, a pause over its allowed
 * length, a window not open at opening time), today's pauses with who, why, how long, and the
 * approval, and the Approve button. The approval is the signed-in lead's (the session at this
 * lead station, never a typed id); the hub refuses a lead approving their own pause
 * (self_approval), shown in the lead's words. The override lets the last open window of a
 * service pause or close for the next few minutes.
 */
export function LeadPauses({ config }: { config: BranchConfig }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const now = useNow(1000);
  const windows = useWindowsStore((s) => s.windows);
  const version = useWindowsStore((s) => s.version);
  const [pauses, setPauses] = useState<PauseView[] | null>(null);
  const [error, setError] = useState<QueueError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  // Today's list follows every change of the windows (a pause, an approval, a resume).
  useEffect(() => {
    let alive = true;
    const load = () =>
      fetchPauses()
        .then((list) => alive && setPauses(list.pauses))
        .catch(() => undefined);
    void load();
    const id = setInterval(() => void load(), REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(id);
    };
  }, [version]);

  const policies = config.standards.pausePolicies;
  const nameOf = (id: string) => {
    const staff = config.staff.find((x) => x.id === id);
    return staff ? local(staff.name) : id;
  };
  const active = (windows ?? []).flatMap((w) => (w.pause ? [w.pause] : []));
  const phase = openingPhase(config.hours, config.standards.readyMinutesBeforeOpening, now);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: config.hours.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const alerts = [
    ...openingAlerts(phase, windows ?? []).map((a) => ({
      key: `${a.kind}-${a.counter}`,
      kind: a.kind,
      text: t(`pause.lead.alerts.${a.kind}`, { n: a.counter, time: formatLocalSlot(a.kind === 'not_open' ? a.since : a.opensAt, today, lang) }),
    })),
    ...pauseAlerts(active, policies, now).map((a) => ({
      key: `${a.kind}-${a.pauseId}`,
      kind: a.kind,
      text:
        a.kind === 'overrun'
          ? t('pause.lead.alerts.overrun', { n: a.counter, time: formatDuration(a.overrunSeconds), reason: local(policies[a.reason].label) })
          : t('pause.lead.alerts.unapproved', { n: a.counter, reason: local(policies[a.reason].label) }),
    })),
  ];

  const approve = async (id: string) => {
    setBusy(id);
    setError(null);
    try {
      const answer = await approvePause(id, newId());
      setPauses((list) => list?.map((p) => (p.pause.id === id ? answer.pause : p)) ?? list);
    } catch (err) {
      setError(err as QueueError);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="board__section lead-pauses" data-testid="lead-pauses">
      <h2>{t('pause.lead.title')}</h2>
      {alerts.length > 0 && (
        <ul className="lead-pauses__alerts" data-testid="lead-pause-alerts">
          {alerts.map((a) => (
            <li key={a.key} className={`lead-pauses__alert lead-pauses__alert--${a.kind}`} data-kind={a.kind} role={a.kind === 'not_ready' ? undefined : 'alert'}>
              {a.text}
            </li>
          ))}
        </ul>
      )}
      <OverrideForm config={config} />
      {error && (
        <p className="window-bar__error" role="alert" data-testid="lead-pause-error">
          <RefusalText error={error} />
        </p>
      )}
      {pauses && pauses.length === 0 ? (
        <p className="muted">{t('pause.lead.none')}</p>
      ) : (
        <table className="board__table" data-testid="lead-pause-list">
          <thead>
            <tr>
              <th>{t('pause.lead.window')}</th>
              <th>{t('pause.lead.teller')}</th>
              <th>{t('pause.lead.reason')}</th>
              <th>{t('pause.lead.started')}</th>
              <th className="num">{t('pause.lead.length')}</th>
              <th>{t('pause.lead.approval')}</th>
            </tr>
          </thead>
          <tbody>
            {(pauses ?? []).map((v) => {
              const p = v.pause;
              const policy = policies[p.reason];
              // Live for a pause still up; as recorded for one that ended.
              const st = pauseState(p, policy, now);
              const staff = config.staff.find((s) => s.id === v.staffId);
              const level = st.overrun ? 'alert' : st.unapproved ? 'warn' : 'ok';
              return (
                <tr key={p.id} className={`is-${level}`} data-testid={`lead-pause-${p.counter}`} data-pause={p.id} data-unapproved={st.unapproved} data-overrun={st.overrun} data-ended={p.endedAt !== null}>
                  <td className="strong">{t('common.windowN', { n: p.counter })}</td>
                  <td>{staff ? local(staff.name) : (v.staffId ?? '–')}</td>
                  <td>{local(policy.label)}</td>
                  <td>{formatClock(new Date(p.startedAt), lang, config.hours.timezone)}</td>
                  <td className="num">
                    {formatDuration(st.elapsedSeconds)} <span className="muted">· {p.endedAt === null ? t('pause.lead.ongoing') : t('pause.lead.ended')}</span>
                    <br />
                    <span className="muted">{t('pause.lead.limit', { m: policy.allowedMinutes })}</span>
                  </td>
                  <td>
                    {p.approvedBy !== null ? (
                      <span data-testid={`lead-pause-approver-${p.counter}`} data-by={p.approvedBy}>
                        {t('pause.lead.approvedBy', { by: nameOf(p.approvedBy) })}
                      </span>
                    ) : v.needsApproval ? (
                      <span className="lead-pauses__approve">
                        <span className="lead-pauses__flag">{t('pause.lead.unapproved')}</span>
                        <button
                          type="button"
                          className="button button--primary"
                          data-testid={`lead-approve-${p.counter}`}
                          disabled={busy !== null}
                          onClick={() => void approve(p.id)}
                        >
                          {t('pause.lead.approve')}
                        </button>
                      </span>
                    ) : (
                      <span className="muted">{t('pause.lead.notNeeded')}</span>
                    )}
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

/**
 * The lead's agreement, given beforehand, that the last open window of a service may pause or
 * close (POST /api/v1/counters/{n}/override): the teller's next pause or close within
 * OVERRIDE_MINUTES uses it. The hub refuses it for the lead's own window (self_approval).
 */
function OverrideForm({ config }: { config: BranchConfig }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [n, setN] = useState(config.counters[0]?.number ?? 1);
  const [granted, setGranted] = useState<OverrideAnswer | null>(null);
  const [error, setError] = useState<QueueError | null>(null);
  const [busy, setBusy] = useState(false);
  const grant = async () => {
    setBusy(true);
    setError(null);
    try {
      setGranted(await grantOverride(n));
    } catch (err) {
      setGranted(null);
      setError(err as QueueError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="lead-pauses__override" data-testid="lead-override">
      <span className="lead-pauses__override-title">{t('pause.lead.overrideTitle')}</span>
      <span className="muted">{t('pause.lead.overrideHint', { m: OVERRIDE_MINUTES })}</span>
      <label>
        <span>{t('pause.lead.overrideWindow')}</span>
        <select value={n} onChange={(e) => setN(Number(e.target.value))} data-testid="lead-override-window">
          {config.counters.map((c) => (
            <option key={c.number} value={c.number}>
              {t('common.windowN', { n: c.number })}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button" disabled={busy} onClick={() => void grant()} data-testid="lead-override-grant">
        {t('pause.lead.overrideGrant')}
      </button>
      {granted && (
        <span className="lead-pauses__override-granted" role="status" data-testid="lead-override-granted" data-window={granted.counter}>
          {t('pause.lead.overrideGranted', { n: granted.counter, time: formatClock(new Date(granted.expiresAt), lang, config.hours.timezone) })}
        </span>
      )}
      {error && (
        <span className="window-bar__error" role="alert" data-testid="lead-override-error">
          <RefusalText error={error} />
        </span>
      )}
    </div>
  );
}

/** A window's status on the lead's card: its queue status, or paused / closed (windowStatus). */
export function WindowChip({ number, queue }: { number: number; queue: CounterStatus }) {
  const { t } = useTranslation();
  const state = useWindowState(number);
  const status = state ? windowStatus(queue, state) : queue;
  return (
    <span className={`status-chip status-chip--${status} window-chip--${status}`} data-testid={`window-chip-${number}`} data-status={status}>
      {t(`common.counterStatus.${status}`)}
    </span>
  );
}
