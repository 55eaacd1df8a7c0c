import { describe, expect, it } from 'vitest';
import { HostError } from '../../shared/host/contract.js';
import type { HostBridge, HostChannel } from '../../shared/host/contract.js';
import { deviceTokenSecret, getSecret, setSecret } from './secrets.js';
import type { Platform } from './types.js';

/** A host whose secrets channels answer from a map, or refuse with `refuse`. */
function fakePlatform(kind: Platform['kind'], refuse?: HostError) {
  const kept = new Map<string, string>();
  const calls: { channel: HostChannel; input: unknown }[] = [];
  const host = {
    async invoke(channel: HostChannel, input: unknown) {
      calls.push({ channel, input });
      if (refuse) throw refuse;
      const { name, value } = input as { name: string; value?: string | null };
      if (channel === 'secrets:get') return { value: kept.get(name) ?? null };
      if (value === null) kept.delete(name);
      else kept.set(name, value!);
      return { storage: kind === 'electron' ? 'os' : 'host-file' };
    },
  } as unknown as HostBridge;
  return { platform: { kind, host, hubUrl: async () => '' } satisfies Platform, kept, calls };
}

function fakeStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

const name = deviceTokenSecret('counter', 3);

describe('getSecret / setSecret', () => {
  it('go through the host, and never touch the page storage when the host keeps them', async () => {
    const { platform, kept, calls } = fakePlatform('electron');
    const storage = fakeStorage();
    expect(await setSecret(name, 'tok-1', { platform, storage })).toBe('os');
    expect(kept.get('device-token:counter:3')).toBe('tok-1');
    expect(await getSecret(name, { platform, storage })).toBe('tok-1');
    expect(await setSecret(name, null, { platform, storage })).toBe('os');
    expect(await getSecret(name, { platform, storage })).toBeNull();
    expect(calls.map((c) => c.channel)).toEqual(['secrets:set', 'secrets:get', 'secrets:set', 'secrets:get']);
    expect(storage.items.size).toBe(0);
  });

  it('keep a page from another machine in its own browser when the browser host refuses it', async () => {
    const { platform } = fakePlatform('browser', new HostError('forbidden_sender', 'only pages on this machine'));
    const storage = fakeStorage();
    expect(await getSecret(name, { platform, storage })).toBeNull();
    expect(await setSecret(name, 'tok-2', { platform, storage })).toBe('browser');
    expect(await getSecret(name, { platform, storage })).toBe('tok-2');
    await setSecret(name, null, { platform, storage });
    expect(storage.items.size).toBe(0);
  });

  it('never fall back in Electron, nor on another failure', async () => {
    const electron = fakePlatform('electron', new HostError('failed', 'no safeStorage'));
    await expect(setSecret(name, 'x', { platform: electron.platform, storage: fakeStorage() })).rejects.toThrow(/no safeStorage/);
    const browser = fakePlatform('browser', new HostError('failed', 'disk full'));
    const storage = fakeStorage();
    await expect(setSecret(name, 'x', { platform: browser.platform, storage })).rejects.toThrow(/disk full/);
    expect(storage.items.size).toBe(0);
  });

  it('says so when the page has no storage either', async () => {
    const { platform } = fakePlatform('browser', new HostError('forbidden_sender', 'only pages on this machine'));
    await expect(setSecret(name, 'x', { platform, storage: null })).rejects.toThrow(/private mode/);
  });
});
