import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CounterScreen } from '../counter/CounterScreen.js';
import { CounterDisplay } from '../counter-display/CounterDisplay.js';
import { HallScreen } from '../hall/HallScreen.js';
import { HqScreen } from '../hq/HqScreen.js';
import { KeypadLearnScreen } from '../keypad/KeypadLearnScreen.js';
import { Kiosk } from '../kiosk/Kiosk.js';
import { Launcher } from '../launcher/Launcher.js';
import { LeadScreen } from '../lead/LeadScreen.js';
import { TicketPage } from '../ticket/TicketPage.js';
import { DeviceGate } from '../signin/DeviceGate.js';
import type { ScreenSlot } from '../device/identity.js';
import { NotFound } from './NotFound.js';
import { paperFromSearch } from './routes.js';
import type { Route } from './routes.js';

function useTitle(route: Route): void {
  const { t } = useTranslation();
  const name =
    route.name === 'counter' || route.name === 'counter-display'
      ? `${t(`titles.${route.name}`)} ${route.counter}`
      : route.name === 'keypad'
        ? `${t('keypad.title')} · ${route.counter}`
        : route.name === 'lead-recordings'
          ? t('recording.lead.title')
          : route.name === 'lead-devices'
            ? t('leadStation.devices.title')
            : route.name === 'lead-complaints'
              ? t('complaintScreens.log.title')
              : route.name === 'lead-service'
                ? t('serviceRecord.title')
                : route.name === 'lead-page'
                  ? t('titles.lead')
                  : t(`titles.${route.name}`);
  useEffect(() => {
    document.title = `${name} · Guichet`;
  }, [name]);
}

/** A screen that talks to the hub: only as an enrolled device of its kind (signin/DeviceGate.tsx). */
function enrolled(slot: ScreenSlot, screen: ReactNode, tone: 'light' | 'dark' = 'light') {
  return (
    <DeviceGate slot={slot} tone={tone}>
      {screen}
    </DeviceGate>
  );
}

export function App({ route }: { route: Route }) {
  useTitle(route);
  switch (route.name) {
    case 'launcher':
      return <Launcher />;
    case 'kiosk':
      return enrolled({ kind: 'kiosk', window: null }, <Kiosk />);
    case 'counter':
      return enrolled({ kind: 'counter', window: route.counter }, <CounterScreen counter={route.counter} />);
    case 'counter-display':
      return enrolled({ kind: 'counter-display', window: route.counter }, <CounterDisplay counter={route.counter} />, 'dark');
    case 'keypad':
      // The settings of window N's workstation (keypads, sound, microphone): its counter's enrolment.
      return enrolled({ kind: 'counter', window: route.counter }, <KeypadLearnScreen counter={route.counter} />);
    case 'hall':
      return enrolled({ kind: 'hall', window: null }, <HallScreen />, 'dark');
    // One lead station, one session: its pages switch without reloading (LeadScreen).
    case 'lead':
      return enrolled({ kind: 'lead', window: null }, <LeadScreen page="board" />);
    case 'lead-recordings':
      return enrolled({ kind: 'lead', window: null }, <LeadScreen page="recordings" />);
    case 'lead-devices':
      return enrolled({ kind: 'lead', window: null }, <LeadScreen page="devices" />);
    case 'lead-page':
      return enrolled({ kind: 'lead', window: null }, <LeadScreen page={route.page} />);
    case 'lead-complaints':
      // The log's own page picks the complaint from the path (renderer/complaints/LeadComplaints.tsx).
      return enrolled({ kind: 'lead', window: null }, <LeadScreen page="complaints" />);
    case 'lead-service':
      // One service's record (renderer/serviceRecord/); the page picks the ticket from the path.
      return enrolled({ kind: 'lead', window: null }, <LeadScreen page="service" />);
    case 'hq':
      return <HqScreen />;
    case 'ticket':
      // The ticket page is what the kiosk prints: the kiosk's enrolment.
      return enrolled({ kind: 'kiosk', window: null }, <TicketPage ticketId={route.ticketId} paper={paperFromSearch(window.location.search)} />);
    case 'not-found':
      return <NotFound path={route.path} />;
  }
}
