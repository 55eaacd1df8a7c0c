import { describe, expect, it, vi } from 'vitest';
import { APP_CSP, appCsp, hardenWebContents, installPermissionHandlers, isAllowedNavigation, permissionDecision, type HardenableContents, type PermissionSession } from './security.js';

describe('permissionDecision', () => {
  it('allows only the allowlist, only for the app', () => {
    expect(permissionDecision('media', 'guichet://app')).toBe(true);
    expect(permissionDecision('media', 'guichet://app/counter/2')).toBe(true);
    expect(permissionDecision('speaker-selection', 'guichet://app/hall')).toBe(true);
    expect(permissionDecision('media', 'http://127.0.0.1:8080')).toBe(false);
    expect(permissionDecision('media', undefined)).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'usb', 'serial', 'display-capture', 'unknown']) {
      expect(permissionDecision(p, 'guichet://app'), p).toBe(false);
    }
  });
});

describe('isAllowedNavigation', () => {
  it('keeps windows on guichet://app', () => {
    expect(isAllowedNavigation('guichet://app/counter/1')).toBe(true);
    expect(isAllowedNavigation('guichet://app/')).toBe(true);
    for (const url of ['https://example.com', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'guichet://other/', 'javascript:alert(1)', 'about:blank', '']) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });
});

describe('APP_CSP', () => {
  it('limits connections to the loopback hub and forbids plugins', () => {
    expect(APP_CSP).toContain("default-src 'self' guichet:");
    expect(APP_CSP).toContain('connect-src \'self\' http://127.0.0.1:* ws://127.0.0.1:* http://localhost:* ws://localhost:*');
    expect(APP_CSP).toContain("object-src 'none'");
    expect(APP_CSP).not.toMatch(/unsafe-eval/);
  });
});

describe('appCsp', () => {
  it('lets the pages reach the remote branch hub at its one origin, and no longer loopback', () => {
    const csp = appCsp('https://10.0.0.5:8443');
    expect(csp).toContain("connect-src 'self' https://10.0.0.5:8443 wss://10.0.0.5:8443;");
    expect(csp).not.toContain('127.0.0.1');
    expect(appCsp('http://10.0.0.5:8080')).toContain("connect-src 'self' http://10.0.0.5:8080 ws://10.0.0.5:8080;");
    expect(appCsp()).toBe(APP_CSP);
  });
});

describe('installPermissionHandlers', () => {
  it('wires request, check and device handlers that deny by default', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    installPermissionHandlers(session as unknown as PermissionSession);
    const request = session.setPermissionRequestHandler.mock.calls.at(-1)?.[0];
    const callback = vi.fn();
    request({}, 'geolocation', callback, { requestingUrl: 'guichet://app/', isMainFrame: true });
    request({}, 'media', callback, { requestingUrl: 'guichet://app/counter/1', isMainFrame: true });
    expect(callback.mock.calls).toEqual([[false], [true]]);
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0];
    expect(check(null, 'media', 'https://evil.example', {})).toBe(false);
    expect(session.setDevicePermissionHandler.mock.calls[0]?.[0]({})).toBe(false);
  });
});

describe('hardenWebContents', () => {
  function fakeContents() {
    const listeners = new Map<string, (...args: unknown[]) => void>();
    let openHandler: ((d: { url: string }) => unknown) | undefined;
    const contents = {
      on: (name: string, fn: (...args: unknown[]) => void) => listeners.set(name, fn),
      setWindowOpenHandler: (fn: (d: { url: string }) => unknown) => (openHandler = fn),
    };
    const emit = (name: string, url: string) => {
      const event = { url, preventDefault: vi.fn() };
      listeners.get(name)?.(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    hardenWebContents(contents as unknown as HardenableContents);
    return { emit, open: (url: string) => openHandler?.({ url }) };
  }

  it('blocks navigation, redirects and frames leaving the app', () => {
    const c = fakeContents();
    expect(c.emit('will-navigate', 'https://example.com')).toBe(true);
    expect(c.emit('will-navigate', 'guichet://app/hall')).toBe(false);
    expect(c.emit('will-redirect', 'http://10.0.0.1/')).toBe(true);
    expect(c.emit('will-frame-navigate', 'https://ads.example')).toBe(true);
    expect(c.emit('will-attach-webview', 'guichet://app/')).toBe(true);
  });

  it('denies every window.open', () => {
    expect(fakeContents().open('guichet://app/hall')).toEqual({ action: 'deny' });
  });
});
