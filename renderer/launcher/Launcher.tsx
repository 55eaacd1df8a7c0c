import { useTranslation } from 'react-i18next';
import { useBranchConfig } from '../queue/configStore.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { withLang } from '../i18n/lang.js';
import { Icon } from '../ui/icons.js';
import type { IconName } from '../ui/icons.js';
import { LangSwitcher } from '../ui/LangSwitcher.js';
import { DemoSignIns } from './DemoSignIns.js';
import './launcher.css';

type RoleKey = 'kiosk' | 'counter' | 'counterDisplay' | 'hall' | 'lead' | 'hq';

interface RoleLink {
  label: string;
  path: string;
  testId: string;
}

const ICONS: Record<RoleKey, IconName> = {
  kiosk: 'ticket',
  counter: 'counter',
  counterDisplay: 'display',
  hall: 'hall',
  lead: 'lead',
  hq: 'hq',
};

function RoleCard({ role, links }: { role: RoleKey; links: RoleLink[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section className={`role-card role-card--${role}`} data-testid={`launcher-role-${role}`}>
      <header className="role-card__header">
        <span className="role-card__icon">
          <Icon name={ICONS[role]} size={28} />
        </span>
        <div>
          <h2>{t(`launcher.roles.${role}.title`)}</h2>
          <p>{t(`launcher.roles.${role}.desc`)}</p>
        </div>
      </header>
      <ul className="role-card__links">
        {links.map((link) => {
          const href = withLang(link.path, lang);
          return (
            <li key={link.path}>
              <a href={href} data-testid={link.testId}>
                <span className="role-card__link-label">{link.label}</span>
                <code className="role-card__url">{`${window.location.origin}${href}`}</code>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function Launcher() {
  const { t } = useTranslation();
  const local = useLocalized();
  const { config, error } = useBranchConfig();
  const counters = config?.counters.map((c) => c.number) ?? [1, 2, 3, 4];
  const one = (role: RoleKey, path: string): RoleLink[] => [{ label: t('launcher.open'), path, testId: `launcher-link-${role}` }];
  const perCounter = (role: 'counter' | 'counterDisplay', base: string): RoleLink[] =>
    counters.map((n) => ({ label: t('common.windowN', { n }), path: `${base}/${n}`, testId: `launcher-link-${role}-${n}` }));

  return (
    <main className="launcher" data-testid="launcher">
      <header className="launcher__header">
        <div>
          <p className="launcher__product">{t('common.product')}</p>
          <h1 data-testid="branch-name">{config ? local(config.name) : t('launcher.unknownBranch')}</h1>
          <p className="launcher__subtitle">{t('launcher.subtitle')}</p>
        </div>
        <LangSwitcher />
      </header>
      {/* The launcher is no enrolled device: the hub's 401 for its configuration is expected, not a fault. */}
      {!config && error && error.code !== 'unauthorized' && (
        <p className="launcher__warning" role="status">
          {t('common.configRetrying')}
        </p>
      )}
      <div className="launcher__grid">
        <RoleCard role="kiosk" links={one('kiosk', '/kiosk')} />
        <RoleCard role="hall" links={one('hall', '/hall')} />
        <RoleCard role="counter" links={perCounter('counter', '/counter')} />
        <RoleCard role="counterDisplay" links={perCounter('counterDisplay', '/counter-display')} />
        <RoleCard
          role="lead"
          links={[
            ...one('lead', '/lead'),
            { label: t('leadStation.tabs.devices'), path: '/lead/devices', testId: 'launcher-link-lead-devices' },
            { label: t('leadStation.tabs.recordings'), path: '/lead/recordings', testId: 'launcher-link-lead-recordings' },
          ]}
        />
        <RoleCard role="hq" links={one('hq', '/hq')} />
      </div>
      <DemoSignIns />
    </main>
  );
}
