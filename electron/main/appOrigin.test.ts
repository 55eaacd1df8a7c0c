import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, appUrl, isAppUrl } from './appOrigin.js';
import { ELECTRON_APP_ORIGIN } from '../../server/branchHost.js';

describe('app origin', () => {
  it('is the origin the hub allows across origins', () => {
    expect(APP_ORIGIN).toBe(ELECTRON_APP_ORIGIN);
  });

  it('recognises only guichet://app', () => {
    expect(isAppUrl('guichet://app/counter/1?x=1#y')).toBe(true);
    for (const url of ['guichet://user@app/', 'guichet://app:1/', 'GUICHET://APP.evil/', 'guichet:app', 'http://app/', null, undefined, '']) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
  });

  it('builds route URLs that cannot leave the app', () => {
    expect(appUrl('/')).toBe('guichet://app/');
    expect(appUrl('/counter-display/2')).toBe('guichet://app/counter-display/2');
    expect(() => appUrl('//evil.example/x')).toThrow();
    expect(() => appUrl('hall')).toThrow();
  });
});
