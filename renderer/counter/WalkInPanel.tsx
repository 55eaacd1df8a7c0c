import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig, Counter } from '../../shared/config/schema.js';
import { useLocalized } from '../i18n/index.js';
import { useNow } from '../queue/useQueue.js';
import { formatDuration, secondsSince } from '../ui/format.js';
import { useCounterStore } from './store.js';

/** Service without a ticket (a customer who walked up): recorded on this device only. */
export function WalkInPanel({ config, counter, onFinish }: { config: BranchConfig; counter: Counter; onFinish: () => void }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const now = useNow(1000);
  const walkIn = useCounterStore((s) => s.walkIn);
  const busy = useCounterStore((s) => s.busy);
  const start = useCounterStore((s) => s.startWalkIn);
  const [service, setService] = useState<string>(counter.services[0] ?? '');

  return (
    <section className={`walkin${walkIn ? ' walkin--active' : ''}`} data-testid="walkin-panel">
      <div className="walkin__text">
        <h2>{t('counter.walkIn.title')}</h2>
        <p>{t('counter.walkIn.hint')}</p>
      </div>
      {walkIn ? (
        <div className="walkin__controls">
          <span className="walkin__timer" data-testid="walkin-timer">
            {t('counter.walkIn.active', { time: formatDuration(secondsSince(walkIn.startedAt, now)) })}
          </span>
          <button type="button" className="button button--go" data-testid="walkin-finish" disabled={busy !== null} onClick={onFinish}>
            {t('counter.walkIn.finish')}
          </button>
        </div>
      ) : (
        <div className="walkin__controls">
          <label className="walkin__service">
            <span>{t('counter.walkIn.service')}</span>
            <select value={service} onChange={(e) => setService(e.target.value)} data-testid="walkin-service">
              {config.services.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.code} · {local(s.name)}
                </option>
              ))}
              <option value="">{t('counter.walkIn.noService')}</option>
            </select>
          </label>
          <button type="button" className="button" data-testid="walkin-start" disabled={busy !== null} onClick={() => void start(service || null)}>
            {t('counter.walkIn.start')}
          </button>
        </div>
      )}
    </section>
  );
}
