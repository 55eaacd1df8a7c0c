import { useTranslation } from 'react-i18next';
import { currentStaffSession, useStaffSessionStore } from '../device/staffSession.js';
import './signin.css';

/** The counter header's part of the session: "offline sign-in" while unconfirmed, lock, sign out. */
export function SessionControls() {
  const { t } = useTranslation();
  const offline = useStaffSessionStore((s) => s.offline);
  return (
    <span className="signin-actions" data-testid="session-controls">
      {offline && (
        <span className="signin-chip" title={t('signIn.offline.hint')} data-testid="offline-sign-in">
          {t('signIn.offline.badge')}
        </span>
      )}
      <button type="button" className="button button--small" data-testid="session-lock" onClick={() => void currentStaffSession()?.lock('manual')}>
        {t('signIn.header.lock')}
      </button>
      <button type="button" className="button button--small" data-testid="session-sign-out" onClick={() => void currentStaffSession()?.signOut()}>
        {t('signIn.header.signOut')}
      </button>
    </span>
  );
}
