import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CounterScreen } from '../counter/CounterScreen.js';
import { CounterDisplay } from '../counter-display/CounterDisplay.js';
import { HallScreen } from '../hall/HallScreen.js';
import { HqScreen } from '../hq/HqScreen.js';
import { KeypadLearnScreen } from '../keypad/KeypadLearnScreen.js';
import { Kiosk } from '../kiosk/Kiosk.js';
import { Launcher } from '../launcher/Launcher.js';
import { LeadScreen } from '../lead/LeadScreen.js';
import { RecordingsScreen } from '../recording/lead/RecordingsScreen.js';
import { TicketPage } from '../ticket/TicketPage.js';
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
          : t(`titles.${route.name}`);
  useEffect(() => {
    document.title = `${name} · Guichet`;
  }, [name]);
}

export function App({ route }: { route: Route }) {
  useTitle(route);
  switch (route.name) {
    case 'launcher':
      return <Launcher />;
    case 'kiosk':
      return <Kiosk />;
    case 'counter':
      return <CounterScreen counter={route.counter} />;
    case 'counter-display':
      return <CounterDisplay counter={route.counter} />;
    case 'keypad':
      return <KeypadLearnScreen counter={route.counter} />;
    case 'hall':
      return <HallScreen />;
    case 'lead':
      return <LeadScreen />;
    case 'lead-recordings':
      return <RecordingsScreen />;
    case 'hq':
      return <HqScreen />;
    case 'ticket':
      return <TicketPage ticketId={route.ticketId} paper={paperFromSearch(window.location.search)} />;
    case 'not-found':
      return <NotFound path={route.path} />;
  }
}
