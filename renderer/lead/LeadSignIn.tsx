import { useTranslation } from 'react-i18next';
import type { SignedInStaff } from '../../shared/access/session.js';
import { useLocalized } from '../i18n/index.js';
import { SignInForm } from '../signin/SignInForm.js';
import { Icon } from '../ui/icons.js';

/**
 * The lead station's sign-in: staff id or badge (a card reader types the badge and Enter, which
 * moves to the PIN) and PIN, against POST /api/v1/session/sign-in from this lead-station device,
 * with the counter's form (signin/SignInForm.tsx). The hub decides; a wrong PIN, a lockout or a
 * device that may not sign in come back in the screen's language (i18n/errorText.ts).
 */
export function LeadSignIn({ signIn, ended, pinLength, timeZone }: { signIn: (login: string, pin: string) => Promise<void>; ended: boolean; pinLength: number; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <section className="lead-gate" data-testid="lead-sign-in-screen">
      <div className="lead-gate__card" data-testid="lead-sign-in">
        <p className="lead-gate__kicker">{t('leadStation.devices.kinds.lead')}</p>
        <h2>{t('leadStation.signIn.title')}</h2>
        <p className="muted">{t('leadStation.signIn.hint')}</p>
        {ended && (
          <p className="lead-gate__note" role="status" data-testid="lead-session-ended">
            {t('access.refusals.session_required')}
          </p>
        )}
        <SignInForm
          pinLength={pinLength}
          submitLabel={t('leadStation.signIn.submit')}
          busyLabel={t('leadStation.signIn.busy')}
          progress={null}
          timeZone={timeZone}
          onSubmit={signIn}
          testId="lead-sign-in-form"
        />
      </div>
    </section>
  );
}

/** The locked lead station: nothing of the board shows; the same person's PIN unlocks it, or they sign out. */
export function LeadLock({
  staff,
  idle,
  idleMinutes,
  pinLength,
  timeZone,
  unlock,
  signOut,
}: {
  staff: SignedInStaff;
  idle: boolean;
  idleMinutes: number;
  pinLength: number;
  timeZone: string;
  unlock: (pin: string) => Promise<void>;
  signOut: () => void;
}) {
  const { t } = useTranslation();
  const local = useLocalized();
  return (
    <section className="lead-gate lead-gate--locked" data-testid="lead-lock">
      <div className="lead-gate__card">
        <span className="lead-gate__lock-icon" aria-hidden="true">
          <Icon name="lock" size={40} />
        </span>
        <h2>{t('leadStation.lock.title')}</h2>
        {idle && (
          <p className="lead-gate__note" data-testid="lead-lock-idle">
            {t('leadStation.lock.idle', { m: idleMinutes })}
          </p>
        )}
        <p>{t('leadStation.lock.body', { name: local(staff.name), role: t(`leadStation.roles.${staff.role}`) })}</p>
        <SignInForm
          fixedLogin={staff.id}
          pinLength={pinLength}
          submitLabel={t('leadStation.lock.unlock')}
          busyLabel={t('leadStation.lock.busy')}
          progress={null}
          timeZone={timeZone}
          onSubmit={(_login, pin) => unlock(pin)}
          testId="lead-unlock-form"
        />
        <button type="button" className="button lead-gate__secondary" onClick={signOut} data-testid="lead-lock-sign-out">
          {t('leadStation.signIn.signOut')}
        </button>
      </div>
    </section>
  );
}

/** A teller signed in at the lead station: what a teller may see here is nothing of the lead's. */
export function TellerAtLeadStation({ staff, signOut }: { staff: SignedInStaff; signOut: () => void }) {
  const { t } = useTranslation();
  const local = useLocalized();
  return (
    <section className="lead-gate" data-testid="lead-teller-refused">
      <div className="lead-gate__card lead-gate__card--refused" role="alert">
        <h2>{t('leadStation.teller.title')}</h2>
        <p>{t('leadStation.teller.body', { name: local(staff.name) })}</p>
        <div className="lead-gate__actions">
          <button type="button" className="button button--primary" onClick={signOut} data-testid="lead-teller-sign-out">
            {t('leadStation.signIn.signOut')}
          </button>
        </div>
      </div>
    </section>
  );
}
