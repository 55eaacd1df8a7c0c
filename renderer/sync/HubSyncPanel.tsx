import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n/index.js';
import { formatBytes, formatDateTime } from '../ui/format.js';
import { loadHubSyncStatus } from './hubStatus.js';
import type { HubSyncView } from './hubStatus.js';
import { defaultTransport } from '../device/transport.js';
import type { SyncTransport } from '../device/syncTypes.js';
import './sync.css';

const REFRESH_MS = 15_000;
const DEAD_LETTERS_SHOWN = 20;

/** The lead's view of the hub's sync links and refused records (GET /api/v1/sync/status). */
export function HubSyncPanel({ timeZone, transport, refreshMs = REFRESH_MS }: { timeZone?: string; transport?: Partial<SyncTransport>; refreshMs?: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [view, setView] = useState<HubSyncView | null>(null);

  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const tr = defaultTransport(transport);
    const load = async () => {
      const next = await loadHubSyncStatus(tr);
      if (!alive) return;
      setView(next);
      // A hub without the page will not grow one while we look: ask again rarely.
      timer = setTimeout(() => void load(), next.state === 'not_available' ? refreshMs * 8 : refreshMs);
    };
    void load();
    return () => {
      alive = false;
      if (timer) clearTimeout(timer);
    };
    // The transport is fixed for the panel's life.
  }, [refreshMs]);

  const when = (iso: string | null) => (iso ? formatDateTime(new Date(iso), lang, timeZone) : t('sync.never'));

  return (
    <section className="board__section hub-sync" data-testid="hub-sync" data-state={view?.state ?? 'loading'}>
      <h2>{t('sync.lead.title')}</h2>
      {view === null && <p className="muted">{t('common.loading')}</p>}
      {view?.state === 'not_available' && <p className="muted">{t('sync.lead.notAvailable')}</p>}
      {view?.state === 'error' && (
        <p className="hub-sync__error">
          {t('sync.lead.unavailable')} <span className="muted">({view.message})</span>
        </p>
      )}
      {view?.state === 'ok' && (
        <>
          {view.links.length === 0 ? (
            <p className="muted">{t('sync.lead.noLinks')}</p>
          ) : (
            <table className="board__table" data-testid="hub-sync-links">
              <thead>
                <tr>
                  <th>{t('sync.lead.link')}</th>
                  <th>{t('sync.lastSuccess')}</th>
                  <th className="num">{t('sync.recordsWaiting')}</th>
                  <th className="num">{t('sync.bytesWaiting')}</th>
                  <th className="num">{t('sync.deadLetters')}</th>
                  <th>{t('sync.lastError')}</th>
                </tr>
              </thead>
              <tbody>
                {view.links.map((l) => (
                  <tr key={l.link} className={l.lastError ? 'is-warn' : undefined} data-testid="hub-sync-link">
                    <td>{l.link}</td>
                    <td>{when(l.lastSuccessAt)}</td>
                    <td className="num">{l.recordsWaiting}</td>
                    <td className="num">{formatBytes(l.bytesWaiting)}</td>
                    <td className="num">{l.deadLetters}</td>
                    <td className={l.lastError ? 'hub-sync__error' : 'muted'}>{l.lastError ?? t('sync.none')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3 className="hub-sync__sub">{t('sync.lead.deadLetters')}</h3>
          {view.deadLetters.length === 0 ? (
            <p className="muted">{t('sync.lead.noDeadLetters')}</p>
          ) : (
            <table className="board__table" data-testid="hub-sync-dead-letters">
              <thead>
                <tr>
                  <th>{t('sync.lead.at')}</th>
                  <th>{t('sync.lead.device')}</th>
                  <th>{t('sync.lead.kind')}</th>
                  <th>{t('sync.lead.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {view.deadLetters.slice(0, DEAD_LETTERS_SHOWN).map((d) => (
                  <tr key={d.id} data-testid="hub-sync-dead-letter">
                    <td>{Number.isNaN(Date.parse(d.at)) ? d.at : when(d.at)}</td>
                    <td>
                      <code>{d.deviceId}</code>
                    </td>
                    <td>{d.kind}</td>
                    <td>{d.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
