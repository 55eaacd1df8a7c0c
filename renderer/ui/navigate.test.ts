import { afterEach, describe, expect, it, vi } from 'vitest';
import { followInPage, serviceRecordHref, ticketIdOfPath } from './navigate.js';

describe('the service record page path', () => {
  it('goes both ways', () => {
    expect(serviceRecordHref('01JX5W3J8ZK6Q9V2M4N7P1R3T5')).toBe('/lead/services/01JX5W3J8ZK6Q9V2M4N7P1R3T5');
    expect(ticketIdOfPath('/lead/services/01JX5W3J8ZK6Q9V2M4N7P1R3T5')).toBe('01JX5W3J8ZK6Q9V2M4N7P1R3T5');
    expect(ticketIdOfPath('/lead/services/T-1/')).toBe('T-1');
  });

  it.each(['/lead/services', '/lead/services/', '/lead/services/a%20b', '/lead/services/x/y', '/lead/recordings', '/lead/services/%E0%A4%A'])('%s names no ticket', (path) => {
    expect(ticketIdOfPath(path)).toBeNull();
  });
});

describe('following a link in the page', () => {
  const click = (o: Partial<{ metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean; button: number }> = {}) => ({
    metaKey: false,
    ctrlKey: false,
    shiftKey: false,
    altKey: false,
    button: 0,
    preventDefault: vi.fn(),
    ...o,
  });
  const fakeWindow = () => {
    const w = {
      location: { pathname: '/lead/recordings', search: '' },
      history: { pushState: vi.fn((_s: unknown, _t: string, url: string) => Object.assign(w.location, { pathname: url.split('?')[0], search: url.includes('?') ? `?${url.split('?')[1]}` : '' })) },
      dispatchEvent: vi.fn(),
    };
    vi.stubGlobal('window', w);
    vi.stubGlobal('PopStateEvent', class {
      constructor(readonly type: string) {}
    });
    return w;
  };
  afterEach(() => vi.unstubAllGlobals());

  it('changes the URL without reloading and tells the screens (popstate)', () => {
    const w = fakeWindow();
    const e = click();
    followInPage(e, '/lead/services/T1?lang=en');
    expect(e.preventDefault).toHaveBeenCalled();
    expect(w.history.pushState).toHaveBeenCalledWith(null, '', '/lead/services/T1?lang=en');
    expect(w.dispatchEvent).toHaveBeenCalledWith(expect.objectContaining({ type: 'popstate' }));
  });

  it('leaves a click for a new tab or window to the browser', () => {
    const w = fakeWindow();
    for (const e of [click({ ctrlKey: true }), click({ metaKey: true }), click({ shiftKey: true }), click({ button: 1 })]) {
      followInPage(e, '/lead/services/T1');
      expect(e.preventDefault).not.toHaveBeenCalled();
    }
    expect(w.history.pushState).not.toHaveBeenCalled();
  });
});
