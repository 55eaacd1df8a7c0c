import { describe, expect, it } from 'vitest';
import { LEAD_VIEW_PAGES, paperFromSearch, parseRoute, pathOf } from './routes.js';
import type { Route } from './routes.js';

describe('parseRoute', () => {
  it.each<[string, Route]>([
    ['/', { name: 'launcher' }],
    ['', { name: 'launcher' }],
    ['/kiosk', { name: 'kiosk' }],
    ['/kiosk/', { name: 'kiosk' }],
    ['/hall', { name: 'hall' }],
    ['/lead', { name: 'lead' }],
    ['/hq', { name: 'hq' }],
    ['/lead/recordings', { name: 'lead-recordings' }],
    ['/lead/devices', { name: 'lead-devices' }],
    ['/lead/alerts', { name: 'lead-page', page: 'alerts' }],
    ['/lead/day', { name: 'lead-page', page: 'day' }],
    ['/lead/month/', { name: 'lead-page', page: 'month' }],
    ['/lead/complaints', { name: 'lead-complaints', complaintId: null }],
    ['/lead/complaints/01JX5W3J8ZK6Q9V2M4N7P1R3T5', { name: 'lead-complaints', complaintId: '01JX5W3J8ZK6Q9V2M4N7P1R3T5' }],
    ['/lead/services/01JX5W3J8ZK6Q9V2M4N7P1R3T5', { name: 'lead-service', ticketId: '01JX5W3J8ZK6Q9V2M4N7P1R3T5' }],
    ['/counter/1', { name: 'counter', counter: 1 }],
    ['/counter/12/', { name: 'counter', counter: 12 }],
    ['/counter-display/4', { name: 'counter-display', counter: 4 }],
    ['/keypad/2', { name: 'keypad', counter: 2 }],
    ['/ticket/01JABCDEF0123456789XYZ', { name: 'ticket', ticketId: '01JABCDEF0123456789XYZ' }],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
  });

  it.each(['/nope', '/counter', '/counter/0', '/counter/abc', '/counter/100', '/counter/01', '/counter/1/extra', '/ticket', '/ticket/a b', '/hall/2', '/%E0%A4%A', '/kiosk/x', '/keypad', '/keypad/0', '/lead/nope', '/lead/alerts/x', '/lead/complaints/a b', '/lead/complaints/x/y', '/lead/services', '/lead/services/a b', '/lead/services/x/y'])(
    '%s is not found',
    (path) => {
      expect(parseRoute(path)).toEqual({ name: 'not-found', path });
    },
  );

  it('round-trips with pathOf', () => {
    const routes: Exclude<Route, { name: 'not-found' }>[] = [
      { name: 'launcher' },
      { name: 'kiosk' },
      { name: 'counter', counter: 3 },
      { name: 'counter-display', counter: 2 },
      { name: 'keypad', counter: 4 },
      { name: 'hall' },
      { name: 'lead' },
      { name: 'lead-recordings' },
      { name: 'lead-devices' },
      ...LEAD_VIEW_PAGES.map((page): Route & { name: 'lead-page' } => ({ name: 'lead-page', page })),
      { name: 'lead-complaints', complaintId: null },
      { name: 'lead-complaints', complaintId: 'C-01' },
      { name: 'lead-service', ticketId: 'T-01' },
      { name: 'hq' },
      { name: 'ticket', ticketId: 'T1' },
    ];
    for (const r of routes) expect(parseRoute(pathOf(r))).toEqual(r);
  });
});

describe('paperFromSearch', () => {
  it('is 80 mm unless 58 is asked for', () => {
    expect(paperFromSearch('')).toBe(80);
    expect(paperFromSearch('?paper=80')).toBe(80);
    expect(paperFromSearch('?paper=58')).toBe(58);
    expect(paperFromSearch('?paper=12&lang=en')).toBe(80);
  });
});
