import type { PaperWidth } from '../../shared/host/contract.js';

/** Every screen of the one-page app, chosen by the path. */
export type Route =
  | { name: 'launcher' }
  | { name: 'kiosk' }
  | { name: 'counter'; counter: number }
  | { name: 'counter-display'; counter: number }
  /** The workstation settings of window N: USB keypads (learn) and sound output. */
  | { name: 'keypad'; counter: number }
  | { name: 'hall' }
  | { name: 'lead' }
  /** The lead's recordings: live listening, search and replay, the listen log (issue 5). */
  | { name: 'lead-recordings' }
  /** The lead's devices: one-time enrolment codes, enrolled devices and revocation, the security audit. */
  | { name: 'lead-devices' }
  /** A tab of the lead's management view (issue 14), opened or reloaded at its own address. */
  | { name: 'lead-page'; page: LeadViewPage }
  /** The lead's complaint log, and one complaint's page (/lead/complaints/:id; issue 13). */
  | { name: 'lead-complaints'; complaintId: string | null }
  /** One service's record at the lead station (/lead/services/:ticketId; issue 13, renderer/serviceRecord/). */
  | { name: 'lead-service'; ticketId: string }
  | { name: 'hq' }
  | { name: 'ticket'; ticketId: string }
  | { name: 'not-found'; path: string };

/** The management view's tabs with a page of their own (renderer/lead/LeadScreen.tsx LEAD_PAGE_PATHS). */
export const LEAD_VIEW_PAGES = ['tickets', 'alerts', 'evaluation', 'notices', 'day', 'month'] as const;
export type LeadViewPage = (typeof LEAD_VIEW_PAGES)[number];
const isLeadViewPage = (s: string): s is LeadViewPage => (LEAD_VIEW_PAGES as readonly string[]).includes(s);

const FIXED: Record<string, Route> = {
  '': { name: 'launcher' },
  kiosk: { name: 'kiosk' },
  hall: { name: 'hall' },
  lead: { name: 'lead' },
  hq: { name: 'hq' },
};

function counterNumber(segment: string | undefined): number | null {
  if (segment === undefined || !/^[1-9]\d?$/.test(segment)) return null;
  return Number(segment);
}

/** Pure: the route for a pathname ("/counter/3", "/ticket/01J...", "/kiosk/"). */
export function parseRoute(pathname: string): Route {
  let segments: string[];
  try {
    segments = pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
  } catch {
    return { name: 'not-found', path: pathname };
  }
  const [head = '', second, ...rest] = segments;
  if (segments.length <= 1) {
    const fixed = Object.hasOwn(FIXED, head) ? FIXED[head] : undefined;
    if (fixed) return fixed;
  }
  if (rest.length === 0 && second !== undefined) {
    if (head === 'counter' || head === 'counter-display' || head === 'keypad') {
      const counter = counterNumber(second);
      if (counter !== null) return { name: head, counter };
    }
    if (head === 'ticket' && /^[A-Za-z0-9_-]{1,64}$/.test(second)) return { name: 'ticket', ticketId: second };
    if (head === 'lead' && second === 'recordings') return { name: 'lead-recordings' };
    if (head === 'lead' && second === 'devices') return { name: 'lead-devices' };
    if (head === 'lead' && isLeadViewPage(second)) return { name: 'lead-page', page: second };
    if (head === 'lead' && second === 'complaints') return { name: 'lead-complaints', complaintId: null };
  }
  if (head === 'lead' && second === 'complaints' && rest.length === 1 && /^[A-Za-z0-9_-]{1,64}$/.test(rest[0]!)) return { name: 'lead-complaints', complaintId: rest[0]! };
  if (head === 'lead' && second === 'services' && rest.length === 1 && /^[A-Za-z0-9_-]{1,64}$/.test(rest[0]!)) return { name: 'lead-service', ticketId: rest[0]! };
  return { name: 'not-found', path: pathname };
}

/** The path of a route (the inverse of parseRoute, for links). */
export function pathOf(route: Exclude<Route, { name: 'not-found' }>): string {
  switch (route.name) {
    case 'launcher':
      return '/';
    case 'counter':
    case 'counter-display':
    case 'keypad':
      return `/${route.name}/${route.counter}`;
    case 'ticket':
      return `/ticket/${encodeURIComponent(route.ticketId)}`;
    case 'lead-recordings':
      return '/lead/recordings';
    case 'lead-devices':
      return '/lead/devices';
    case 'lead-page':
      return `/lead/${route.page}`;
    case 'lead-complaints':
      return route.complaintId === null ? '/lead/complaints' : `/lead/complaints/${encodeURIComponent(route.complaintId)}`;
    case 'lead-service':
      return `/lead/services/${encodeURIComponent(route.ticketId)}`;
    default:
      return `/${route.name}`;
  }
}

/** Paper width of the printable ticket (?paper=58|80), 80 mm unless 58 is asked for. */
export function paperFromSearch(search: string): PaperWidth {
  return new URLSearchParams(search).get('paper') === '58' ? 58 : 80;
}
