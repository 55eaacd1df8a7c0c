import { useTranslation } from 'react-i18next';
import { useEnglish, useLang } from '../i18n/index.js';
import { Bi } from '../ui/Bi.js';
import { formatLocalSlot } from '../ui/format.js';
import { Icon } from '../ui/icons.js';

/** The locked screen outside opening hours, with the next opening time. */
export function KioskClosed({ opensAt, today }: { opensAt: string | null; today: string }) {
  const { t } = useTranslation();
  const en = useEnglish();
  const lang = useLang();
  return (
    <div className="kiosk-locked" data-testid="kiosk-closed">
      <Icon name="lock" size={88} className="kiosk-locked__icon" />
      <h1>
        <Bi main={t('kiosk.closed.title')} en={en('kiosk.closed.title')} />
      </h1>
      <p className="kiosk-locked__text">
        <Bi main={t('kiosk.closed.body')} en={en('kiosk.closed.body')} />
      </p>
      {opensAt ? (
        <p className="kiosk-locked__next" data-testid="kiosk-opens-at">
          <Bi
            main={t('kiosk.closed.opensAt', { time: formatLocalSlot(opensAt, today, lang) })}
            en={en('kiosk.closed.opensAt', { time: formatLocalSlot(opensAt, today, 'en') })}
          />
        </p>
      ) : (
        <p className="kiosk-locked__next">
          <Bi main={t('kiosk.closed.noOpening')} en={en('kiosk.closed.noOpening')} />
        </p>
      )}
    </div>
  );
}

/** The hub does not answer: no ticket can be issued; the page keeps asking by itself. */
export function KioskUnavailable() {
  const { t } = useTranslation();
  const en = useEnglish();
  return (
    <div className="kiosk-locked kiosk-locked--error" data-testid="kiosk-unavailable" role="alert">
      <Icon name="warning" size={88} className="kiosk-locked__icon" />
      <h1>
        <Bi main={t('kiosk.unavailable.title')} en={en('kiosk.unavailable.title')} />
      </h1>
      <p className="kiosk-locked__text">
        <Bi main={t('kiosk.unavailable.body')} en={en('kiosk.unavailable.body')} />
      </p>
    </div>
  );
}
