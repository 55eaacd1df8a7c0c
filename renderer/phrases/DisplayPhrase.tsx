import { useEffect, useState } from 'react';
import { useLang } from '../i18n/index.js';
import { retainPhraseFeed, usePhraseFeed } from './phraseStore.js';
import './phrases.css';

/** How long the window's display shows a phrase. */
export const DISPLAY_PHRASE_MS = 8000;

/**
 * On the customer-facing display of window n: the phrase the teller just played or showed, in
 * Chinese and English, for a few seconds, over the rest of the screen.
 */
export function DisplayPhrase({ counter }: { counter: number }) {
  useEffect(() => retainPhraseFeed(), []);
  const lang = useLang();
  const shown = usePhraseFeed((s) => s.shown[counter] ?? null);
  const [visible, setVisible] = useState(false);

  useEffect(() => {
    if (!shown) return;
    const left = shown.receivedAt + DISPLAY_PHRASE_MS - Date.now();
    if (left <= 0) return;
    setVisible(true);
    const timer = setTimeout(() => setVisible(false), left);
    return () => clearTimeout(timer);
  }, [shown]);

  if (!shown || !visible) return null;
  const { text, phraseId } = shown.message;
  // Chinese first (the UI's own script), English under it; an English display shows Chinese second.
  const main = lang === 'en' ? text.en : text[lang];
  const second = lang === 'en' ? text['zh-CN'] : text.en;
  return (
    <div className="display-phrase" role="status" aria-live="assertive" data-testid="display-phrase" data-phrase={phraseId}>
      <p className="display-phrase__main" lang={lang === 'en' ? 'en' : lang}>
        {main}
      </p>
      <p className="display-phrase__second" lang={lang === 'en' ? 'zh-CN' : 'en'}>
        {second}
      </p>
    </div>
  );
}
