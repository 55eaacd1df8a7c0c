import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEMO_SIGN_INS } from '../../shared/config/demoBranch.js';
import { fetchDemoEnrolCode } from '../api/access.js';
import { useLocalized } from '../i18n/index.js';

/**
 * The demo branch's staff ids and PINs, so a newcomer can sign in at a window or the lead
 * station. Shown only when the hub says it is the embedded demo: it hands this machine a demo
 * enrolment code (200). A configured branch answers 404 (and the demo answers other machines
 * 403), so the list never shows there; the PINs are the demo's published ones
 * (shared/config/demoBranch.ts), never read from the hub.
 */
export function DemoSignIns() {
  const { t } = useTranslation();
  const local = useLocalized();
  const [demo, setDemo] = useState(false);

  useEffect(() => {
    let alive = true;
    fetchDemoEnrolCode().then(
      (code) => alive && setDemo(code !== null),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, []);

  if (!demo) return null;
  return (
    <section className="launcher__demo" data-testid="launcher-demo-sign-ins" aria-labelledby="launcher-demo-title">
      <h2 id="launcher-demo-title">{t('leadStation.demo.title')}</h2>
      <p className="launcher__demo-hint">{t('leadStation.demo.hint')}</p>
      <table className="launcher__demo-table">
        <thead>
          <tr>
            <th>{t('leadStation.demo.name')}</th>
            <th>{t('leadStation.demo.role')}</th>
            <th>{t('leadStation.demo.staffId')}</th>
            <th>{t('leadStation.demo.badge')}</th>
            <th>{t('leadStation.demo.pin')}</th>
          </tr>
        </thead>
        <tbody>
          {DEMO_SIGN_INS.map((s) => (
            <tr key={s.staffId} data-testid={`demo-sign-in-${s.staffId}`} data-role={s.role}>
              <td>{local(s.name)}</td>
              <td>{t(`leadStation.roles.${s.role}`)}</td>
              <td>
                <code>{s.staffId}</code>
              </td>
              <td>
                <code>{s.badge}</code>
              </td>
              <td>
                <code className="launcher__demo-pin" data-testid={`demo-pin-${s.staffId}`}>
                  {s.pin}
                </code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
