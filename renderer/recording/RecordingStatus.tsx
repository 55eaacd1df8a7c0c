import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig, Counter } from '../../shared/config/schema.js';
import { displayStateOf } from '../../shared/recording/indexRecord.js';
import type { RecordingIndexRecord } from '../../shared/recording/indexRecord.js';
import type { RetentionAlert } from '../../shared/recording/retention.js';
import type { UploadFailureCode } from '../../shared/uploads/errors.js';
import { counterDb } from '../device/db.js';
import { useStaffSessionStore } from '../device/staffSession.js';
import { useLang } from '../i18n/index.js';
import { formatBytes, formatDateTime, formatDuration } from '../ui/format.js';
import { usePopover } from '../ui/usePopover.js';
import '../ui/headerPill.css';
import { recentRecordings } from './db.js';
import { recordingStatus } from './status.js';
import type { RecordingStatusKey, RecordingTone } from './status.js';
import { useRecordingStore } from './store.js';
import { useCounterRecording } from './useCounterRecording.js';
import './recording.css';

/**
 * The counter header's recording pill (recording / ready / not recording / microphone missing /
 * disk low) and its list of this window's recordings with the teller's "hold for dispute". Runs
 * the counter's recording while mounted. The problems the teller must not miss are said by
 * RecordingAlertsBar, which the counter places in the page's flow.
 */
export function RecordingStatus({ config, counter, serving }: { config: BranchConfig; counter: Counter; serving: boolean }) {
  // The teller signed in at the counter (the session), never the configuration's counter.staffId.
  const teller = useStaffSessionStore((s) => s.staff?.id ?? '');
  useCounterRecording(counter.number, config.standards.recording, teller);
  const { t } = useTranslation();
  const view = useRecordingStore((s) => s.view);
  const status = recordingStatus(view, serving);
  const { open, toggle, root, panelId } = usePopover();

  const hint = t(`recording.statusHint.${hintKey(status.key)}`);
  const detail = view.hostError ?? view.state?.detail;
  return (
    <>
      <div className="header-pill-wrap" ref={root}>
        <button
          type="button"
          className={`header-pill rec-pill rec-pill--${status.tone}`}
          data-testid="recording-status"
          data-state={status.key}
          data-tone={status.tone}
          aria-expanded={open}
          aria-controls={panelId}
          title={hint}
          onClick={toggle}
        >
          <span className={`header-pill__dot rec-pill__dot${status.key === 'recording' ? ' is-live' : ''}`} aria-hidden="true" />
          {t(`recording.status.${status.key}`)}
        </button>
        {open && <RecordingPanel id={panelId} counter={counter.number} timeZone={config.hours.timezone} hint={hint} detail={status.tone === 'ok' ? undefined : detail} />}
      </div>
    </>
  );
}

/**
 * What is wrong with the counter's recording, in words: a bar in the page's flow under the
 * header, so it never lies over the teller's controls (issue 14: the microphone warning covered
 * the phrase buttons). Nothing when all is well.
 */
export function RecordingAlertsBar({ config, serving }: { config: BranchConfig; serving: boolean }) {
  const view = useRecordingStore((s) => s.view);
  const status = recordingStatus(view, serving);
  return <RecordingAlerts tone={status.tone} statusKey={status.key} alerts={view.alerts} uploadError={view.uploadError} retentionDays={config.standards.recording.retentionDays} />;
}

function RecordingPanel({ id, counter, timeZone, hint, detail }: { id: string; counter: number; timeZone: string; hint: string; detail: string | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const controller = useRecordingStore((s) => s.controller);
  const [rows, setRows] = useState<RecordingIndexRecord[]>([]);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    const sub = liveQuery(() => recentRecordings(counterDb(counter), 20)).subscribe({ next: setRows, error: () => undefined });
    return () => sub.unsubscribe();
  }, [counter]);

  const toggle = async (r: RecordingIndexRecord) => {
    if (!controller) return;
    setBusy(r.id);
    try {
      await controller.hold(r.id, !r.heldForDispute);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="header-popover rec-panel" id={id} role="dialog" aria-label={t('recording.panel.title')} data-testid="recording-panel">
      <h3>{t('recording.panel.title')}</h3>
      <p className="rec-panel__hint">{hint}</p>
      {detail && <p className="rec-panel__detail">{t('recording.panel.detail', { detail })}</p>}
      {rows.length === 0 ? (
        <p className="rec-panel__empty">{t('recording.panel.empty')}</p>
      ) : (
        <table className="rec-panel__table">
          <thead>
            <tr>
              <th>{t('recording.panel.ticket')}</th>
              <th>{t('recording.panel.time')}</th>
              <th className="num">{t('recording.panel.duration')}</th>
              <th className="num">{t('recording.panel.size')}</th>
              <th>{t('recording.panel.state')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const shown = displayStateOf(r);
              return (
                <tr key={r.id} data-testid={`recording-row-${r.ticketNumber ?? r.id}`} data-state={r.state} data-held={r.heldForDispute}>
                  <td className="strong">{r.ticketNumber ?? t('recording.panel.walkIn')}</td>
                  <td>{formatDateTime(new Date(r.startedAt), lang, timeZone)}</td>
                  <td className="num">{r.durationMs === null ? '–' : formatDuration(r.durationMs / 1000)}</td>
                  <td className="num">{r.bytes === null ? '–' : formatBytes(r.bytes)}</td>
                  <td>
                    <span className={`rec-state rec-state--${shown}`} title={r.lastError ?? undefined}>
                      {t(`recording.states.${shown}`)}
                    </span>
                  </td>
                  <td>
                    {r.state !== 'deleted' && (
                      <button type="button" className="button button--small" data-testid="recording-hold" disabled={busy === r.id || !controller} onClick={() => void toggle(r)}>
                        {r.heldForDispute ? t('recording.panel.release') : t('recording.panel.hold')}
                      </button>
                    )}
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

/** Loud, under the header: what is wrong with the recording, in words. */
function RecordingAlerts(props: { tone: RecordingTone; statusKey: RecordingStatusKey; alerts: RetentionAlert[]; uploadError: UploadFailureCode | null; retentionDays: number }) {
  const { t } = useTranslation();
  const lines: Array<{ key: string; text: string }> = [];
  if (props.tone === 'error') lines.push({ key: 'status', text: `${t(`recording.status.${props.statusKey}`)} · ${t(`recording.statusHint.${hintKey(props.statusKey)}`)}` });
  for (const a of props.alerts) {
    if (a.kind === 'over_limit') {
      const size = formatBytes(a.bytesOver);
      if (a.notUploaded > 0) lines.push({ key: 'over', text: t('recording.alerts.overLimit', { size, n: a.notUploaded }) });
      else lines.push({ key: 'over', text: t('recording.alerts.overLimitHeld', { size, n: a.held }) });
    } else {
      lines.push({ key: 'overdue', text: t('recording.alerts.overdueUpload', { n: a.ids.length, days: props.retentionDays }) });
    }
  }
  if (props.uploadError) lines.push({ key: 'upload', text: t('recording.alerts.uploadError', { message: t(`recording.uploadFailures.${props.uploadError}`) }) });
  if (lines.length === 0) return null;
  return (
    <div className="rec-alerts" role="alert" data-testid="recording-alerts">
      {lines.map((l) => (
        <p key={l.key} data-testid={`recording-alert-${l.key}`}>
          {l.text}
        </p>
      ))}
    </div>
  );
}

function hintKey(key: RecordingStatusKey): Exclude<RecordingStatusKey, 'starting' | 'hostError'> {
  return key === 'starting' || key === 'hostError' ? 'not_recording' : key;
}
