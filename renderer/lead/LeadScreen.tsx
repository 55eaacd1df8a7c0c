import { useCallback, useEffect, useState } from 'react';
import type { MouseEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { may } from '../../shared/access/roles.js';
import type { BranchConfig, StaffRole } from '../../shared/config/schema.js';
import { openStaffSession, useStaffSessionStore } from '../device/staffSession.js';
import type { StaffSession } from '../device/staffSession.js';
import { useIdentityStore } from '../device/identity.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { withLang } from '../i18n/lang.js';
import { useBranchConfig, useConfigStore } from '../queue/configStore.js';
import { useNow, useQueueStream } from '../queue/useQueue.js';
import { ConfigGate } from '../ui/ConfigGate.js';
import { formatClock } from '../ui/format.js';
import { HubStatus, OfflineBanner } from '../ui/HubStatus.js';
import { LangSwitcher } from '../ui/LangSwitcher.js';
import { RecordingsPanel } from '../recording/lead/RecordingsPanel.js';
import { LeadComplaints } from '../complaints/LeadComplaints.js';
import { ComplaintReminders } from '../complaints/ReminderNotices.js';
import { ServiceRecordPage } from '../serviceRecord/ServiceRecordPage.js';
import { LeadAudit } from './LeadAudit.js';
import { LeadBoard } from './LeadBoard.js';
import { LeadDevices } from './LeadDevices.js';
import { LeadTickets } from './LeadTickets.js';
import { LeadHqReports } from './LeadHqReports.js';
import { DayFigures } from '../figures/DayFigures.js';
import { MonthFigures } from '../figures/MonthFigures.js';
import { AlertsPanel } from '../alerts/AlertsPanel.js';
import { DailyEvaluationPanel } from '../evaluation/DailyEvaluationPanel.js';
import { NoticesPanel } from '../notices/NoticesPanel.js';
import { LeadLock, LeadSignIn, TellerAtLeadStation } from './LeadSignIn.js';
import { useIdleLock } from '../signin/CounterSessionGate.js';
import '../ui/board.css';
import './leadStation.css';

/** The lead station's pages: one device, one sign-in, switched without reloading the page. */
export type LeadPage = 'board' | 'tickets' | 'alerts' | 'evaluation' | 'notices' | 'day' | 'month' | 'devices' | 'recordings' | 'complaints' | 'service';

export const LEAD_PAGE_PATHS: Record<LeadPage, string> = { board: '/lead', tickets: '/lead/tickets', alerts: '/lead/alerts', evaluation: '/lead/evaluation', notices: '/lead/notices', day: '/lead/day', month: '/lead/month', devices: '/lead/devices', recordings: '/lead/recordings', complaints: '/lead/complaints', service: '/lead/services' };

export function leadPageOf(pathname: string): LeadPage | null {
  const path = pathname.replace(/\/+$/, '') || '/';
  // A complaint's page (/lead/complaints/:id) is the complaint log's (renderer/complaints/).
  if (path.startsWith(`${LEAD_PAGE_PATHS.complaints}/`)) return 'complaints';
  // One service's record (/lead/services/:ticketId; renderer/serviceRecord/), reached from the lists.
  if (path.startsWith(`${LEAD_PAGE_PATHS.service}/`)) return 'service';
  const found = (Object.entries(LEAD_PAGE_PATHS) as [LeadPage, string][]).find(([, p]) => p === path);
  return found ? found[0] : null;
}

/**
 * The lead station (/lead, /lead/devices, /lead/recordings): an enrolled 'lead' device on which
 * the duty lead or an auditor signs in ONCE for all three pages (POST /api/v1/session/sign-in;
 * the session token lives in this page's memory, device/staffSession.ts, so the pages switch
 * with the History API rather than a reload). Nothing of the lead's shows before the sign-in, to
 * a teller, or while locked (by hand, or after the branch's idle time without input).
 */
export function LeadScreen({ page: initial }: { page: LeadPage }) {
  const [page, setPage] = useState<LeadPage>(initial);

  // Back and forward between the lead station's pages.
  useEffect(() => {
    const onPop = () => setPage(leadPageOf(window.location.pathname) ?? 'board');
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const go = useCallback((next: LeadPage) => {
    const url = `${LEAD_PAGE_PATHS[next]}${window.location.search}`;
    if (`${window.location.pathname}${window.location.search}` !== url) {
      window.history.pushState(null, '', url);
      // Pages with pages of their own (a complaint's page under /lead/complaints) follow the path.
      window.dispatchEvent(new PopStateEvent('popstate'));
    }
    setPage(next);
  }, []);

  // The lead station is an enrolled 'lead' device: app/App.tsx puts it behind signin/DeviceGate.
  return <LeadStation page={page} go={go} />;
}

function LeadStation({ page, go }: { page: LeadPage; go: (p: LeadPage) => void }) {
  useQueueStream();
  // The Tickets tab lists the tickets that ended while the station was open, whichever tab showed.
  const [session] = useState<StaffSession>(() => openStaffSession({ db: null, window: null, policy: () => useConfigStore.getState().config?.access ?? null }));
  const view = useStaffSessionStore();
  const signedIn = view.phase === 'signed_in' && view.staff !== null;
  const role = view.staff?.role ?? null;
  const mayUse = role !== null && role !== 'teller';
  useIdleLock(view.idleLockSeconds, signedIn, () => void session.lock('idle'));
  const config = useConfigStore((s) => s.config);
  const pinLength = config?.access.pinLength ?? 6;
  const timeZone = config?.hours.timezone ?? 'UTC';

  let content: ReactNode;
  if (view.phase === 'signed_out' || !view.staff) {
    content = (
      <LeadSignIn
        signIn={(login, pin) => session.signIn(login, pin)}
        ended={view.ended !== null && view.ended.kind !== 'signed_out'}
        pinLength={pinLength}
        timeZone={timeZone}
      />
    );
  } else if (view.phase === 'locked') {
    content = (
      <LeadLock
        staff={view.staff}
        idle={view.lockReason === 'idle'}
        idleMinutes={Math.max(1, Math.round(view.idleLockSeconds / 60))}
        pinLength={pinLength}
        timeZone={timeZone}
        unlock={(pin) => session.unlock(pin)}
        signOut={() => void session.signOut()}
      />
    );
  } else if (!mayUse) {
    content = <TellerAtLeadStation staff={view.staff} signOut={() => void session.signOut()} />;
  } else {
    content = <ConfigGate>{(config) => <LeadPageBody config={config} page={page} role={view.staff!.role} />}</ConfigGate>;
  }
  return <LeadShell page={page} go={go} session={signedIn && mayUse ? session : null} content={content} withSignOut={view.phase === 'signed_in' ? session : null} />;
}

function LeadPageBody({ config, page, role }: { config: BranchConfig; page: LeadPage; role: StaffRole }) {
  const { t } = useTranslation();
  const deviceId = useIdentityStore((s) => s.deviceId);
  const viewer = useStaffSessionStore((s) => s.staff?.id ?? null);
  switch (page) {
    case 'board':
      return <LeadBoard config={config} role={role} />;
    case 'tickets':
      return <LeadTickets config={config} role={role} />;
    case 'alerts':
      return <AlertsPanel config={config} role={role} />;
    case 'evaluation':
      return <DailyEvaluationPanel config={config} role={role} />;
    case 'notices':
      return <NoticesPanel config={config} />;
    case 'day':
      return <DayFigures config={config} />;
    case 'month':
      // Head office's monthly reports of the branch above the branch's own month (issue 15).
      return (
        <>
          <LeadHqReports />
          <MonthFigures config={config} />
        </>
      );
    case 'recordings':
      return <RecordingsPanel config={config} role={role} />;
    case 'complaints':
      return <LeadComplaints config={config} />;
    case 'service':
      return <ServiceRecordPage config={config} role={role} viewer={viewer} />;
    case 'devices':
      return (
        <div className="lead-devices" data-testid="lead-devices-page">
          {may(role, 'enrol') ? (
            <LeadDevices config={config} thisDeviceId={deviceId} />
          ) : (
            <p className="board__note" data-testid="lead-devices-auditor">
              {t('leadStation.devices.auditorOnly')}
            </p>
          )}
          {may(role, 'audit') && <LeadAudit config={config} />}
        </div>
      );
  }
}

/**
 * The frame of every state of the lead station: the title, the pages' tabs and who is signed in
 * (only once a lead or auditor is), the hub's state and the language.
 */
function LeadShell({ page, go, session, withSignOut, content }: { page: LeadPage; go: (p: LeadPage) => void; session: StaffSession | null; withSignOut?: StaffSession | null; content: ReactNode }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const now = useNow(1000);
  // Loads the configuration too (the branch's name and clock before anyone signs in).
  const { config } = useBranchConfig();
  const staff = useStaffSessionStore((s) => s.staff);
  const phase = useStaffSessionStore((s) => s.phase);
  const out = withSignOut ?? null;
  return (
    <main className="board lead-station" data-testid="lead" data-page={page} data-phase={phase}>
      <header className="board__header">
        <div>
          <p className="board__kicker">{page === 'recordings' ? t('recording.lead.title') : page === 'devices' ? t('leadStation.devices.title') : t('lead.title')}</p>
          <h1>{config ? local(config.name) : t('launcher.unknownBranch')}</h1>
        </div>
        {session && (
          <nav className="lead-station__tabs" aria-label={t('lead.title')}>
            {(['board', 'tickets', 'alerts', 'evaluation', 'notices', 'day', 'month', 'complaints', 'recordings', 'devices'] as const).map((p) => (
              <a
                key={p}
                href={withLang(LEAD_PAGE_PATHS[p], lang)}
                className={`lead-station__tab${p === page ? ' is-current' : ''}`}
                aria-current={p === page ? 'page' : undefined}
                data-testid={`lead-tab-${p}`}
                onClick={(e: MouseEvent) => {
                  if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                  e.preventDefault();
                  go(p);
                }}
              >
                {t(`leadStation.tabs.${p}`)}
              </a>
            ))}
          </nav>
        )}
        <div className="board__header-right">
          {config && <span className="board__clock">{formatClock(now, lang, config.hours.timezone)}</span>}
          {staff && phase !== 'signed_out' && (
            <span className="lead-station__who" data-testid="lead-signed-in" data-staff={staff.id} data-role={staff.role}>
              {t('leadStation.signIn.signedInAs', { name: local(staff.name), role: t(`leadStation.roles.${staff.role}`) })}
            </span>
          )}
          {session && (
            <button type="button" className="button button--small" onClick={() => void session.lock('manual')} data-testid="lead-lock-button">
              {t('leadStation.signIn.lock')}
            </button>
          )}
          {out && (
            <button type="button" className="button button--small" onClick={() => void out.signOut()} data-testid="lead-sign-out">
              {t('leadStation.signIn.signOut')}
            </button>
          )}
          <HubStatus />
          <LangSwitcher />
        </div>
      </header>
      <OfflineBanner />
      {session && config && <ComplaintReminders config={config} linkToComplaint />}
      {content}
    </main>
  );
}
