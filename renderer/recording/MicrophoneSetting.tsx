import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Microphone } from '../../shared/recording/hostChannels.js';
import { getPlatform } from '../platform/index.js';
import { saveMicrophoneChoice, useMicrophoneChoice } from './microphoneChoice.js';

type Listing = { source: 'pulse' | 'alsa' | 'none'; microphones: Microphone[] } | { error: string };

/**
 * Chooses the microphone window `counter` records from (the window's intercom, a headset...),
 * among those the host's capture programs can reach. Kept per workstation; the host switches
 * to it between services, never in the middle of one.
 */
export function MicrophoneSetting({ counter }: { counter: number }) {
  const { t } = useTranslation();
  const choice = useMicrophoneChoice(counter);
  const [listing, setListing] = useState<Listing | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const refresh = useCallback(() => {
    getPlatform()
      .host.invoke('recording:microphones', undefined)
      .then(setListing)
      .catch((err: unknown) => setListing({ error: String((err as Error)?.message ?? err) }));
  }, []);
  useEffect(refresh, [refresh]);

  const microphones = listing && 'microphones' in listing ? listing.microphones : [];
  const missing = choice !== null && listing !== null && 'microphones' in listing && !microphones.some((m) => m.id === choice.id);

  const choose = (id: string) => {
    const mic = microphones.find((m) => m.id === id) ?? null;
    saveMicrophoneChoice(counter, mic);
    setMessage(t('recording.microphone.saved', { label: mic?.label ?? t('recording.microphone.default') }));
  };

  return (
    <section className="keypad-card" data-testid="microphone-setting" data-microphones={microphones.length} data-chosen={choice?.id ?? ''}>
      <header className="keypad-card__head">
        <h2>{t('recording.microphone.title')}</h2>
        <p className="muted">{t('recording.microphone.hint')}</p>
      </header>
      <div className="audio-output__row">
        <label className="audio-output__label" htmlFor="microphone-select">
          {t('recording.microphone.device')}
        </label>
        <select id="microphone-select" data-testid="microphone-select" value={missing ? '' : (choice?.id ?? '')} onChange={(e) => choose(e.target.value)}>
          <option value="">{t('recording.microphone.default')}</option>
          {microphones.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
        <button type="button" className="button" onClick={refresh} data-testid="microphone-refresh">
          {t('recording.microphone.refresh')}
        </button>
      </div>
      {listing && 'error' in listing && <p className="keypad-note keypad-note--warn">{t('recording.microphone.unavailable')}</p>}
      {listing && 'microphones' in listing && microphones.length === 0 && <p className="keypad-note">{t('recording.microphone.none')}</p>}
      {missing && <p className="keypad-note keypad-note--warn">{t('recording.microphone.missing', { label: choice.label })}</p>}
      {message && (
        <p className="keypad-note" role="status" data-testid="microphone-message">
          {message}
        </p>
      )}
    </section>
  );
}
