import { describe, expect, it, vi } from 'vitest';
import { cleanRemoteMessage, createExposedHost } from './bridge.js';

describe('createExposedHost', () => {
  it('forwards contract channels with their input', async () => {
    const raw = vi.fn(async () => ({ opened: true }));
    const host = createExposedHost(raw);
    await expect(host.invoke('display:openCustomerScreen', { counter: 2 })).resolves.toEqual({ opened: true });
    expect(raw).toHaveBeenCalledWith('display:openCustomerScreen', { counter: 2 });
  });

  it('refuses other channels without touching IPC', async () => {
    const raw = vi.fn(async () => undefined);
    const host = createExposedHost(raw);
    for (const channel of ['shell:openExternal', 'toString', '__proto__', 'constructor', 42, undefined]) {
      await expect(host.invoke(channel), String(channel)).rejects.toThrow(/^unknown_channel: /);
    }
    expect(raw).not.toHaveBeenCalled();
  });

  it("hands the page main's typed message without Electron's wrapping", async () => {
    const host = createExposedHost(async () => {
      throw new Error("Error invoking remote method 'printer:printTicket': Error: bad_input: printer:printTicket: ✖ Invalid input");
    });
    await expect(host.invoke('printer:printTicket', {})).rejects.toThrow(/^bad_input: printer:printTicket: /);
  });

  it('exposes nothing but invoke', () => {
    expect(Object.keys(createExposedHost(async () => undefined))).toEqual(['invoke']);
  });
});

describe('cleanRemoteMessage', () => {
  it('leaves other messages alone', () => {
    expect(cleanRemoteMessage(new Error('failed: spooler down'))).toBe('failed: spooler down');
    expect(cleanRemoteMessage("Error invoking remote method 'app:info': forbidden_sender: app:info: no")).toBe('forbidden_sender: app:info: no');
  });
});
