import { describe, expect, it } from 'vitest';
import { dispatchHostCall, hostContract } from './contract.js';
import type { HostHandlers } from './contract.js';
import { deviceTokenSecret, isSecretName } from './secrets.js';

describe('secret names', () => {
  it('are the device tokens: per window for counters and their displays, one for the other kinds', () => {
    expect(deviceTokenSecret('counter', 3)).toBe('device-token:counter:3');
    expect(deviceTokenSecret('counter-display', 99)).toBe('device-token:counter-display:99');
    for (const kind of ['kiosk', 'hall', 'lead'] as const) expect(deviceTokenSecret(kind)).toBe(`device-token:${kind}`);
  });

  it('refuse anything else, so the bridge is no general store', () => {
    for (const bad of ['device-token:counter', 'device-token:counter:0', 'device-token:counter:100', 'device-token:counter:03', 'device-token:kiosk:1', 'device-token:hub', 'session', '../secrets.json', 'device-token:lead ', '']) {
      expect(isSecretName(bad), bad).toBe(false);
    }
    expect(() => deviceTokenSecret('counter', 0)).toThrow();
  });

  it('are part of the host contract, and a bad name never reaches the handler', async () => {
    expect(hostContract).toHaveProperty('secrets:get');
    expect(hostContract).toHaveProperty('secrets:set');
    let ran = false;
    const handlers = {
      'secrets:set': async () => {
        ran = true;
        return { storage: 'os' as const };
      },
    } as unknown as HostHandlers;
    await expect(dispatchHostCall(handlers, 'secrets:set', { name: 'anything', value: 'x' })).rejects.toMatchObject({ code: 'bad_input' });
    await expect(dispatchHostCall(handlers, 'secrets:set', { name: 'device-token:hall', value: '' })).rejects.toMatchObject({ code: 'bad_input' });
    await expect(dispatchHostCall(handlers, 'secrets:set', { name: 'device-token:hall', value: 'x', extra: 1 })).rejects.toMatchObject({ code: 'bad_input' });
    expect(ran).toBe(false);
    await expect(dispatchHostCall(handlers, 'secrets:set', { name: 'device-token:hall', value: null })).resolves.toEqual({ storage: 'os' });
  });
});
