import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { BranchConfig } from '../../shared/config/schema.js';
import { branchCatalogue } from '../../shared/phrases/catalogue.js';
import { specialPromptsOf } from '../../shared/phrases/select.js';
import { PromptsState } from '../../shared/phrases/usage.js';
import { hubRequest } from '../api/hub.js';
import { errorText } from '../i18n/errorText.js';
import { useLocalized } from '../i18n/index.js';
import { percent } from './PhraseRates.js';
import { retainPhraseFeed, usePhraseFeed } from './phraseStore.js';
import './phrases.css';

const RatesAnswer = z.object({
  day: z.string(),
  tellers: z.array(
    z.object({
      teller: z.string(),
      day: z.string(),
      services: z.number(),
      greeted: z.number(),
      farewelled: z.number(),
      greetingRate: z.number().nullable(),
      farewellRate: z.number().nullable(),
    }),
  ),
});
type RatesAnswer = z.infer<typeof RatesAnswer>;

const RATES_REFRESH_MS = 10_000;

/** The lead's part of the standard phrases: switch special prompts on and off, see every teller's rates. */
export function LeadPhrases({ config }: { config: BranchConfig }) {
  const { t } = useTranslation();
  const local = useLocalized();
  useEffect(() => retainPhraseFeed(), []);
  const streamed = usePhraseFeed((s) => s.prompts);
  const [fetched, setFetched] = useState<PromptsState | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rates, setRates] = useState<RatesAnswer | null>(null);
  const [ratesError, setRatesError] = useState<string | null>(null);
  const special = specialPromptsOf(branchCatalogue(config));
  const on = new Set(newer(streamed, fetched)?.prompts ?? []);

  useEffect(() => {
    let live = true;
    const load = async () => {
      try {
        const answer = RatesAnswer.parse(await hubRequest('/api/v1/phrases/rates'));
        if (live) {
          setRates(answer);
          setRatesError(null);
        }
      } catch (err) {
        if (live) setRatesError(errorText(t, err));
      }
    };
    void load();
    const timer = setInterval(() => void load(), RATES_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  const toggle = async (prompt: string) => {
    setPending(prompt);
    setError(null);
    try {
      setFetched(PromptsState.parse(await hubRequest('/api/v1/prompts', { method: 'POST', body: { prompt, on: !on.has(prompt) } })));
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setPending(null);
    }
  };

  const tellerName = (id: string) => {
    const staff = config.staff.find((s) => s.id === id);
    return staff ? `${local(staff.name)} · ${staff.badge}` : id;
  };

  return (
    <section className="board__section lead-phrases" data-testid="lead-phrases">
      <h2>{t('phrases.lead.title')}</h2>
      <div className="lead-phrases__grid">
        <div>
          <h3>{t('phrases.lead.prompts')}</h3>
          <p className="muted lead-phrases__hint">{t('phrases.lead.promptsHint')}</p>
          {special.length === 0 ? (
            <p className="muted">{t('phrases.lead.noPrompts')}</p>
          ) : (
            <ul className="lead-prompts">
              {special.map((p) => {
                const isOn = on.has(p.id);
                return (
                  <li key={p.id} className={`lead-prompt${isOn ? ' is-on' : ''}`}>
                    <button
                      type="button"
                      role="switch"
                      aria-checked={isOn}
                      className="lead-prompt__switch"
                      data-testid={`prompt-toggle-${p.id}`}
                      data-on={isOn}
                      disabled={pending !== null}
                      onClick={() => void toggle(p.id)}
                    >
                      <span className="lead-prompt__state">{isOn ? t('phrases.lead.on') : t('phrases.lead.off')}</span>
                      <span className="lead-prompt__text">{local(p.text)}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          {error && (
            <p className="lead-phrases__error" role="alert">
              {t('phrases.lead.switchFailed', { message: error })}
            </p>
          )}
        </div>
        <div>
          <h3>{t('phrases.lead.rates')}</h3>
          {ratesError && !rates ? (
            <p className="muted">{t('phrases.lead.unavailable', { message: ratesError })}</p>
          ) : rates && rates.tellers.length > 0 ? (
            <table className="board__table" data-testid="lead-phrase-rates">
              <thead>
                <tr>
                  <th>{t('phrases.lead.teller')}</th>
                  <th className="num">{t('phrases.lead.services')}</th>
                  <th className="num">{t('phrases.lead.greeting')}</th>
                  <th className="num">{t('phrases.lead.farewell')}</th>
                </tr>
              </thead>
              <tbody>
                {rates.tellers.map((r) => (
                  <tr key={r.teller} data-testid={`lead-phrase-rate-${r.teller}`} data-greeted={r.greeted} data-farewelled={r.farewelled} data-services={r.services}>
                    <td>{tellerName(r.teller)}</td>
                    <td className="num">{r.services}</td>
                    <td className="num strong">{percent(r.greetingRate)}</td>
                    <td className="num strong">{percent(r.farewellRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted" data-testid="lead-phrase-rates-none">
              {t('phrases.lead.noRates')}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}

/** The later of two prompt states (the stream's and this screen's own POST answer). */
function newer(a: PromptsState | null, b: PromptsState | null): PromptsState | null {
  if (!a || !b) return a ?? b;
  return (b.changedAt ?? '') > (a.changedAt ?? '') ? b : a;
}
