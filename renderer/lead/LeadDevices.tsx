import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hasWindow } from '../../shared/access/devices.js';
import type { DeviceEntry, EnrolCodeAnswer } from '../../shared/access/devices.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import type { DeviceRole } from '../../shared/sync/protocol.js';
import { useLang } from '../i18n/index.js';
import { errorText } from '../i18n/errorText.js';
import { useNow } from '../queue/useQueue.js';
import { formatClock, formatDateTime, formatDuration } from '../ui/format.js';
import { fetchDevices, makeEnrolCode, revokeDevice } from './leadAccessApi.js';

/** The kinds a lead enrols at the branch (a hub is enrolled by head office). */
export const ENROL_KINDS = ['counter', 'counter-display', 'kiosk', 'hall', 'lead'] as const satisfies readonly DeviceRole[];
type EnrolKind = (typeof ENROL_KINDS)[number];
const TTL_MINUTES = [15, 60, 8 * 60, 24 * 60] as const;

/**
 * The lead's device enrolment (capability 'enrol'): a one-time code for a device kind (and its
 * window), shown once, large, with its expiry; the enrolled devices with their revocation.
 */
export function LeadDevices({ config, thisDeviceId }: { config: BranchConfig; thisDeviceId: string | null }) {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<DeviceEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setDevices(await fetchDevices());
      setError(null);
    } catch (err) {
      setError(errorText(t, err));
    }
  }, [t]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <>
      <EnrolCodePanel config={config} onMade={() => void reload()} />
      <section className="board__section" data-testid="lead-devices">
        <div className="lead-station__section-head">
          <h2>{t('leadStation.devices.listTitle')}</h2>
          <button type="button" className="button button--small" onClick={() => void reload()} data-testid="devices-refresh">
            {t('leadStation.devices.refresh')}
          </button>
        </div>
        {error && (
          <p className="lead-station__error" role="alert" data-testid="devices-error">
            {t('leadStation.devices.failed', { message: error })}
          </p>
        )}
        {devices && <DeviceTable config={config} devices={devices} thisDeviceId={thisDeviceId} onRevoked={(d) => setDevices((list) => list?.map((x) => (x.id === d.id ? d : x)) ?? list)} />}
      </section>
    </>
  );
}

function EnrolCodePanel({ config, onMade }: { config: BranchConfig; onMade: () => void }) {
  const { t } = useTranslation();
  const windows = config.counters.map((c) => c.number);
  const [kind, setKind] = useState<EnrolKind>('counter');
  const [window, setWindow] = useState<number>(windows[0] ?? 1);
  const [ttl, setTtl] = useState<number>(60);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState<EnrolCodeAnswer | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCode(await makeEnrolCode({ role: kind, ttlMinutes: ttl, ...(hasWindow(kind) ? { window } : {}) }));
      onMade();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="board__section lead-enrol" data-testid="lead-enrol">
      <h2>{t('leadStation.devices.enrolTitle')}</h2>
      <p className="muted">{t('leadStation.devices.enrolHint')}</p>
      <form className="lead-enrol__form" onSubmit={(e) => void submit(e)}>
        <label>
          <span>{t('leadStation.devices.kind')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as EnrolKind)} data-testid="lead-enrol-kind">
            {ENROL_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`leadStation.devices.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {hasWindow(kind) && (
          <label>
            <span>{t('leadStation.devices.window')}</span>
            <select value={window} onChange={(e) => setWindow(Number(e.target.value))} data-testid="lead-enrol-window">
              {windows.map((n) => (
                <option key={n} value={n}>
                  {t('common.windowN', { n })}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span>{t('leadStation.devices.ttl')}</span>
          <select value={ttl} onChange={(e) => setTtl(Number(e.target.value))} data-testid="lead-enrol-ttl">
            {TTL_MINUTES.map((m) => (
              <option key={m} value={m}>
                {m < 60 ? t('leadStation.devices.ttlMinutes', { m }) : t('leadStation.devices.ttlHours', { h: m / 60 })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="lead-enrol-make">
          {busy ? t('leadStation.devices.making') : t('leadStation.devices.make')}
        </button>
      </form>
      {error && (
        <p className="lead-station__error" role="alert" data-testid="lead-enrol-error">
          {t('leadStation.devices.failed', { message: error })}
        </p>
      )}
      {code && <CodeCard code={code} timeZone={config.hours.timezone} onDismiss={() => setCode(null)} />}
    </section>
  );
}

/** The code, once, large enough to copy from across the desk, with what it is for and until when. */
function CodeCard({ code, timeZone, onDismiss }: { code: EnrolCodeAnswer; timeZone: string; onDismiss: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const now = useNow(1000);
  const expires = new Date(code.expiresAt);
  const left = Math.max(0, Math.round((expires.getTime() - now.getTime()) / 1000));
  const kind = t(`leadStation.devices.kinds.${code.role}`);
  return (
    <div className="lead-enrol__code" role="status" data-testid="lead-enrol-code-card" data-expired={left === 0}>
      <p className="lead-enrol__code-title">{t('leadStation.devices.codeTitle')}</p>
      <p className="lead-enrol__code-for" data-testid="lead-enrol-code-for">
        {code.window === null ? t('leadStation.devices.codeForNoWindow', { kind }) : t('leadStation.devices.codeFor', { kind, window: t('common.windowN', { n: code.window }) })}
      </p>
      <p className="lead-enrol__code-value" data-testid="lead-enrol-code" aria-live="polite">
        {code.code}
      </p>
      <p className={left === 0 ? 'lead-station__error' : 'lead-enrol__code-expiry'} data-testid="lead-enrol-code-expiry">
        {left === 0 ? t('leadStation.devices.expired') : t('leadStation.devices.expires', { time: formatClock(expires, lang, timeZone), left: formatDuration(left) })}
      </p>
      <p className="muted">{t('leadStation.devices.codeOnce')}</p>
      <button type="button" className="button" onClick={onDismiss} data-testid="lead-enrol-code-dismiss">
        {t('leadStation.devices.dismiss')}
      </button>
    </div>
  );
}

function DeviceTable({ config, devices, thisDeviceId, onRevoked }: { config: BranchConfig; devices: DeviceEntry[]; thisDeviceId: string | null; onRevoked: (d: DeviceEntry) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const tz = config.hours.timezone;
  const [confirm, setConfirm] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (devices.length === 0) return <p className="muted">{t('leadStation.devices.none')}</p>;
  const sorted = [...devices].sort((a, b) => Number(a.revoked) - Number(b.revoked) || kindOrder(a.role) - kindOrder(b.role) || (a.window ?? 0) - (b.window ?? 0) || a.enrolledAt.localeCompare(b.enrolledAt));

  const revoke = async (id: string) => {
    setBusy(true);
    setError(null);
    try {
      onRevoked(await revokeDevice(id));
      setConfirm(null);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {error && (
        <p className="lead-station__error" role="alert" data-testid="revoke-error">
          {t('leadStation.devices.failed', { message: error })}
        </p>
      )}
      <table className="board__table lead-devices__table" data-testid="device-list">
        <thead>
          <tr>
            <th>{t('leadStation.devices.kind')}</th>
            <th>{t('leadStation.devices.window')}</th>
            <th>{t('leadStation.devices.id')}</th>
            <th>{t('leadStation.devices.enrolledAt')}</th>
            <th>{t('leadStation.devices.lastSeen')}</th>
            <th>{t('leadStation.devices.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sorted.map((d) => {
            const kind = t(`leadStation.devices.kinds.${d.role}`);
            return (
              <tr key={d.id} className={d.revoked ? 'is-revoked' : undefined} data-testid={`device-${d.id}`} data-role={d.role} data-window={d.window ?? ''} data-revoked={d.revoked}>
                <td className="strong-ish">
                  {kind}
                  {d.id === thisDeviceId && <span className="lead-devices__this"> · {t('leadStation.devices.thisDevice')}</span>}
                </td>
                <td>{d.window === null ? t('leadStation.devices.noWindow') : t('common.windowN', { n: d.window })}</td>
                <td>
                  <code className="lead-devices__id">{d.id}</code>
                </td>
                <td>{formatDateTime(new Date(d.enrolledAt), lang, tz)}</td>
                <td>{d.lastSeen ? formatDateTime(new Date(d.lastSeen), lang, tz) : t('leadStation.devices.never')}</td>
                <td>
                  {d.revoked ? (
                    <span className="status-chip status-chip--idle">{t('leadStation.devices.revoked', { time: d.revokedAt ? formatDateTime(new Date(d.revokedAt), lang, tz) : '' })}</span>
                  ) : (
                    <span className="status-chip status-chip--serving">{t('leadStation.devices.active')}</span>
                  )}
                </td>
                <td className="lead-devices__actions">
                  {!d.revoked &&
                    (confirm === d.id ? (
                      <span className="lead-devices__confirm" role="alertdialog">
                        <span>{t('leadStation.devices.revokeConfirm', { kind, id: d.id })}</span>
                        <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => void revoke(d.id)} data-testid={`device-revoke-yes-${d.id}`}>
                          {t('leadStation.devices.revokeYes')}
                        </button>
                        <button type="button" className="button button--small" onClick={() => setConfirm(null)}>
                          {t('leadStation.devices.cancel')}
                        </button>
                      </span>
                    ) : (
                      <button type="button" className="button button--small" disabled={d.id === thisDeviceId} onClick={() => setConfirm(d.id)} data-testid={`device-revoke-${d.id}`}>
                        {t('leadStation.devices.revoke')}
                      </button>
                    ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

const ORDER: Record<DeviceRole, number> = { lead: 0, counter: 1, 'counter-display': 2, kiosk: 3, hall: 4, hub: 5 };
const kindOrder = (role: DeviceRole) => ORDER[role];
