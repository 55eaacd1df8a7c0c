import { useTranslation } from 'react-i18next';
import type { TellerDayRates } from '../../shared/phrases/rates.js';

export function percent(rate: number | null): string {
  return rate === null ? '–' : `${Math.round(rate * 100)}%`;
}

/** The teller's greeting and farewell rates today, as a compact line. */
export function PhraseRates({ rates }: { rates: TellerDayRates | null }) {
  const { t } = useTranslation();
  if (!rates || rates.services === 0) {
    return (
      <span className="phrases__rates muted" data-testid="phrase-rates" data-services="0">
        {t('phrases.rates.none')}
      </span>
    );
  }
  return (
    <span
      className="phrases__rates"
      data-testid="phrase-rates"
      data-services={rates.services}
      data-greeted={rates.greeted}
      data-farewelled={rates.farewelled}
    >
      {t('phrases.rates.title')} · {t('phrases.rates.greeting')}{' '}
      <strong data-testid="phrase-rate-greeting">{t('phrases.rates.value', { rate: percent(rates.greetingRate), n: rates.greeted, of: rates.services })}</strong> ·{' '}
      {t('phrases.rates.farewell')}{' '}
      <strong data-testid="phrase-rate-farewell">{t('phrases.rates.value', { rate: percent(rates.farewellRate), n: rates.farewelled, of: rates.services })}</strong>
    </span>
  );
}
