import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHIME_CLIP } from '../../shared/announce/compose.js';
import { canChooseOutput, createOutputAudio, listOutputs, resolveSink, saveOutputChoice, unlockDeviceNames, useOutputChoice } from './outputDevice.js';
import type { OutputDevice } from './outputDevice.js';


/**
 * Chooses where this workstation's announcements and phrases play (speakers, headset, the
 * window's intercom...): navigator.mediaDevices' 'audiooutput' devices, applied with setSinkId.
 */
export function AudioOutputSetting() {
  const { t } = useTranslation();
  const choice = useOutputChoice();
  const [devices, setDevices] = useState<OutputDevice[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  /** Where the last test sound went, as the browser reports the element's sinkId. */
  const [lastSink, setLastSink] = useState<{ outcome: string; sinkId: string } | null>(null);
  const supported = canChooseOutput();

  const refresh = useCallback(() => {
    void listOutputs()
      .then(setDevices)
      .catch(() => setDevices([]));
  }, []);

  useEffect(() => {
    refresh();
    const md = globalThis.navigator?.mediaDevices;
    md?.addEventListener?.('devicechange', refresh);
    return () => md?.removeEventListener?.('devicechange', refresh);
  }, [refresh]);

  const outputs = (devices ?? []).filter((d) => d.deviceId !== '' && d.deviceId !== 'default');
  const named = outputs.some((d) => d.label !== '');
  const { sinkId, missing } = resolveSink(choice, devices && outputs.length > 0 ? outputs : null);
  const labelOf = (d: OutputDevice, i: number) => d.label || t('keypad.audio.unnamed', { n: i + 1 });

  const choose = (deviceId: string) => {
    const i = outputs.findIndex((d) => d.deviceId === deviceId);
    const device = outputs[i];
    saveOutputChoice(device ? { deviceId: device.deviceId, label: device.label } : null);
    setMessage(t('keypad.audio.saved', { label: device ? labelOf(device, i) : t('keypad.audio.default') }));
  };

  // The chime the hall plays before each announcement: short and recognisable.
  const test = () => {
    setMessage(t('keypad.audio.playing'));
    const audio = createOutputAudio(CHIME_CLIP);
    audio.addEventListener('ended', () => setMessage(null));
    void audio.sink.then(setLastSink);
    Promise.resolve(audio.play()).catch((err: unknown) => setMessage(t('keypad.audio.failed', { why: (err as Error)?.message ?? String(err) })));
  };

  return (
    <section className="keypad-card" data-testid="audio-output" data-devices={outputs.length} data-chosen={choice?.deviceId ?? ''} data-test-sink={lastSink?.sinkId ?? ''} data-test-outcome={lastSink?.outcome ?? ''}>
      <header className="keypad-card__head">
        <h2>{t('keypad.audio.title')}</h2>
        <p className="muted">{t('keypad.audio.hint')}</p>
      </header>
      {!supported && <p className="keypad-note keypad-note--warn">{t('keypad.audio.unsupported')}</p>}
      <div className="audio-output__row">
        <label className="audio-output__label" htmlFor="audio-output-select">
          {t('keypad.audio.device')}
        </label>
        <select
          id="audio-output-select"
          data-testid="audio-output-select"
          value={missing ? '' : sinkId}
          disabled={!supported}
          onChange={(e) => choose(e.target.value)}
        >
          <option value="">{t('keypad.audio.default')}</option>
          {outputs.map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {labelOf(d, i)}
            </option>
          ))}
        </select>
        <button type="button" className="button" onClick={test} data-testid="audio-output-test">
          {t('keypad.audio.test')}
        </button>
        {!named && (
          <button type="button" className="button" data-testid="audio-output-names" onClick={() => void unlockDeviceNames().then(refresh)}>
            {t('keypad.audio.showNames')}
          </button>
        )}
      </div>
      {missing && choice && <p className="keypad-note keypad-note--warn">{t('keypad.audio.missing', { label: choice.label || choice.deviceId.slice(0, 8) })}</p>}
      {message && (
        <p className="keypad-note" role="status" data-testid="audio-output-message">
          {message}
        </p>
      )}
    </section>
  );
}
