import { describe, expect, it } from 'vitest';
import { ApiKeys, ApiKeysConfigError, parseApiKeys } from './apiKeys.js';

const SECRET = 'kiosk-vendor-7Q2MKX9DP4HZ-0123456789';

describe('GUICHET_API_KEYS', () => {
  it('parses the keys; unset or blank is none', () => {
    expect(parseApiKeys(undefined)).toEqual([]);
    expect(parseApiKeys('  ')).toEqual([]);
    const keys = parseApiKeys(JSON.stringify([{ name: 'ticket machine', key: SECRET, scopes: ['tickets:issue', 'queue:read'] }, { name: 'keypads', key: `${SECRET}-2`, scopes: ['windows:command'], windows: [1, 2] }]));
    expect(keys.map((k) => [k.name, k.windows])).toEqual([
      ['ticket machine', []],
      ['keypads', [1, 2]],
    ]);
  });

  it.each([
    ['not JSON', `[{"name": "x", "key": "${SECRET}"`, /not valid JSON/],
    ['not a list', '{}', /expected array/],
    ['a short key', JSON.stringify([{ name: 'x', key: 'short-secret-1234', scopes: ['queue:read'] }]), /0\.key: a key is at least 24 characters/],
    ['an unknown scope', JSON.stringify([{ name: 'x', key: SECRET, scopes: ['admin'] }]), /0\.scopes\.0/],
    ['no scope', JSON.stringify([{ name: 'x', key: SECRET, scopes: [] }]), /0\.scopes/],
    ['command without windows', JSON.stringify([{ name: 'x', key: SECRET, scopes: ['windows:command'] }]), /lists the windows/],
    ['an unknown field', JSON.stringify([{ name: 'x', key: SECRET, scopes: ['queue:read'], admin: true }]), /Unrecognized key/],
    ['a name twice', JSON.stringify([{ name: 'x', key: SECRET, scopes: ['queue:read'] }, { name: 'x', key: `${SECRET}-2`, scopes: ['queue:read'] }]), /used twice/],
    ['a key twice', JSON.stringify([{ name: 'x', key: SECRET, scopes: ['queue:read'] }, { name: 'y', key: SECRET, scopes: ['queue:read'] }]), /same key/],
  ])('refuses %s in one sentence that never shows a key', (_what, raw, message) => {
    let error: unknown;
    try {
      parseApiKeys(raw);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ApiKeysConfigError);
    expect((error as Error).message).toMatch(/^GUICHET_API_KEYS /);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(SECRET);
    expect((error as Error).message).not.toContain('short-secret');
  });

  it('resolves a key by its hash to its grant, and nothing else', () => {
    const keys = new ApiKeys(parseApiKeys(JSON.stringify([{ name: 'keypads', key: SECRET, scopes: ['windows:command'], windows: [3] }])));
    expect(keys.resolve(SECRET)).toEqual({ name: 'keypads', scopes: ['windows:command'], windows: [3] });
    expect(keys.resolve(`${SECRET}x`)).toBeNull();
    expect(keys.resolve('')).toBeNull();
    expect(JSON.stringify(keys.list())).not.toContain(SECRET);
  });
});
