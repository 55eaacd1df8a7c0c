import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import { actionsFor, forgetAction, keyFor, keyIdOf, learnKey, phraseNumber, ratePosition } from '../../shared/keypad/mapping.js';
import type { KeyBinding, KeyId, KeypadAction, KeypadDevice } from '../../shared/keypad/schema.js';
import type { RatingScale } from '../../shared/ratings/schema.js';
import { AudioOutputSetting } from '../audio/AudioOutputSetting.js';
import { MicrophoneSetting } from '../recording/MicrophoneSetting.js';
import { SHORTCUTS } from '../input/shortcuts.js';
import { useLang } from '../i18n/index.js';
import { withLang } from '../i18n/lang.js';
import { ConfigGate } from '../ui/ConfigGate.js';
import { LangSwitcher } from '../ui/LangSwitcher.js';
import { saveMapping, useKeypadMapping } from '../input/keypadStore.js';
import './keypad.css';

/**
 * The teller keyboard's function keys F1-F12 (the counter's shortcuts, and pause's F10): a keypad
 * never gets them, so a keypad key never acts as one, nor the other way round. Keypads that send
 * F13-F24 keep those.
 */
const RESERVED: readonly KeyId[] = [...new Set([...Object.values(SHORTCUTS), ...Array.from({ length: 12 }, (_, i) => `F${i + 1}`)])];

const testIdOf = (device: KeypadDevice, action: KeypadAction) => `${device}-${action.replace(':', '-')}`;

type Notice =
  | { kind: 'learned'; key: KeyId; action: KeypadAction }
  | { kind: 'conflict'; binding: KeyBinding; boundTo: KeyBinding }
  | { kind: 'reserved'; key: KeyId }
  | { kind: 'unlearnable' }
  | { kind: 'saveFailed' }
  | { kind: 'test'; key: KeyId; binding: KeyBinding | null };

/** /keypad/{n}: teaches this workstation's USB keypads (caller keypad, rating keypad) and picks the sound output. */
export function KeypadLearnScreen({ counter }: { counter: number }) {
  return <ConfigGate>{(config) => <LearnBody config={config} counter={counter} />}</ConfigGate>;
}

function LearnBody({ config, counter }: { config: BranchConfig; counter: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const mapping = useKeypadMapping(counter);
  const scale = config.standards.ratings.scale;
  const [learning, setLearning] = useState<{ device: KeypadDevice; action: KeypadAction } | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const actionLabel = useActionLabel(scale);
  const deviceLabel = (d: KeypadDevice) => t(d === 'caller' ? 'keypad.devices.caller' : 'keypad.devices.rating');

  const store = (next: typeof mapping): boolean => {
    if (saveMapping(counter, next)) return true;
    setNotice({ kind: 'saveFailed' });
    return false;
  };

  const learn = (binding: KeyBinding, replace = false) => {
    const result = learnKey(mapping, binding, { reserved: RESERVED, replace });
    setLearning(null);
    if (result.ok) {
      if (store(result.mapping)) setNotice({ kind: 'learned', key: binding.key, action: binding.action });
    } else if (result.reason === 'conflict') setNotice({ kind: 'conflict', binding, boundTo: result.boundTo });
    else if (result.reason === 'reserved') setNotice({ kind: 'reserved', key: result.key });
  };

  const latest = useRef({ learning, mapping, learn });
  latest.current = { learning, mapping, learn };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const { learning: armed, mapping: m, learn: doLearn } = latest.current;
      const key = keyIdOf(e);
      if (armed) {
        // While learning, every key belongs to the learn screen (no button, no shortcut).
        e.preventDefault();
        e.stopPropagation();
        if (e.key === 'Escape') return setLearning(null);
        if (e.repeat) return;
        if (key === null) return setNotice({ kind: 'unlearnable' });
        return doLearn({ device: armed.device, action: armed.action, key });
      }
      if (key === null || e.repeat) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest?.('input, textarea, select')) return;
      setNotice({ kind: 'test', key, binding: m.bindings.find((b) => b.key === key) ?? null });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const noticeText = (n: Notice): string => {
    switch (n.kind) {
      case 'learned':
        return t('keypad.learned', { key: n.key, action: actionLabel(n.action) });
      case 'conflict':
        return t('keypad.conflict', { key: n.binding.key, action: `${deviceLabel(n.boundTo.device)} · ${actionLabel(n.boundTo.action)}` });
      case 'reserved':
        return t('keypad.reserved', { key: n.key });
      case 'unlearnable':
        return t('keypad.unlearnable');
      case 'saveFailed':
        return t('keypad.saveFailed');
      case 'test':
        return n.binding
          ? t('keypad.test.bound', { key: n.key, device: deviceLabel(n.binding.device), action: actionLabel(n.binding.action) })
          : t('keypad.test.unbound', { key: n.key });
    }
  };

  const card = (device: KeypadDevice) => (
    <section className="keypad-card" data-testid={`keypad-device-${device}`}>
      <header className="keypad-card__head">
        <h2>{deviceLabel(device)}</h2>
        <p className="muted">{t(device === 'caller' ? 'keypad.devices.callerHint' : 'keypad.devices.ratingHint')}</p>
      </header>
      <table className="keypad-table">
        <tbody>
          {actionsFor(device, scale.levels.length).map((action) => {
            const key = keyFor(mapping, device, action);
            const armed = learning?.device === device && learning.action === action;
            const id = testIdOf(device, action);
            return (
              <tr key={action} className={armed ? 'is-learning' : undefined}>
                <td className="keypad-table__action">{actionLabel(action)}</td>
                <td className="keypad-table__key" data-testid={`key-${id}`}>
                  {armed ? <span className="keypad-table__waiting">…</span> : key ? <kbd>{key}</kbd> : <span className="muted">{t('keypad.none')}</span>}
                </td>
                <td className="keypad-table__buttons">
                  {key && !armed && (
                    <button type="button" className="button" data-testid={`clear-${id}`} onClick={() => store(forgetAction(mapping, device, action))}>
                      {t('keypad.clear')}
                    </button>
                  )}
                  {armed ? (
                    <button type="button" className="button" onClick={() => setLearning(null)}>
                      {t('keypad.cancel')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button button--primary"
                      data-testid={`learn-${id}`}
                      onClick={(e) => {
                        // Keyboard focus off the button: Enter or Space are keys to learn, not clicks.
                        e.currentTarget.blur();
                        setNotice(null);
                        setLearning({ device, action });
                      }}
                    >
                      {t('keypad.learn')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );

  return (
    <main className="keypad-screen" data-testid="keypad-learn" data-counter={counter} data-learning={learning ? `${learning.device}/${learning.action}` : ''}>
      <header className="keypad-screen__header">
        <div>
          <p className="keypad-screen__kicker">{t('common.windowN', { n: counter })}</p>
          <h1>{t('keypad.title')}</h1>
          <p className="muted">{t('keypad.workstation')}</p>
        </div>
        <div className="keypad-screen__header-right">
          <a className="button" href={withLang(`/counter/${counter}`, lang)} data-testid="keypad-back">
            {t('keypad.back')}
          </a>
          <LangSwitcher />
        </div>
      </header>

      <div className={`keypad-banner${learning ? ' keypad-banner--learning' : ''}`} role="status" aria-live="polite" data-testid="keypad-notice" data-kind={learning ? 'learning' : (notice?.kind ?? '')}>
        {learning ? (
          t('keypad.learning', { action: `${deviceLabel(learning.device)} · ${actionLabel(learning.action)}` })
        ) : notice ? (
          <>
            <span>{noticeText(notice)}</span>
            {notice.kind === 'conflict' && (
              <button type="button" className="button button--primary" data-testid="keypad-replace" onClick={() => learn(notice.binding, true)}>
                {t('keypad.replace')}
              </button>
            )}
          </>
        ) : (
          t('keypad.test.hint')
        )}
      </div>

      <div className="keypad-grid">
        {card('caller')}
        {card('rating')}
      </div>
      <AudioOutputSetting />
      <MicrophoneSetting counter={counter} />
      <p className="keypad-note muted">{t('keypad.limits')}</p>
    </main>
  );
}

/** The name of an action on this screen: a command, "phrase N", or the scale's label of a rating key. */
function useActionLabel(scale: RatingScale): (action: KeypadAction) => string {
  const { t } = useTranslation();
  const lang = useLang();
  return (action) => {
    const phrase = phraseNumber(action);
    if (phrase !== null) return t('keypad.actions.phrase', { n: phrase });
    const pos = ratePosition(action);
    if (pos !== null) return scale.levels[pos - 1]?.label[lang] ?? action;
    return t(`keypad.actions.${action as 'callNext'}`);
  };
}
