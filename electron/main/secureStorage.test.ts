import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchHostCall } from '../../shared/host/contract.js';
import type { HostHandlers } from '../../shared/host/contract.js';
import { SECRETS_FILE, createElectronSecrets, type SafeStorageLike } from './secureStorage.js';

/**
 * A stand-in for Electron's safeStorage: XOR with a key that only this object holds, so the
 * file never shows the value, and a "new key" makes old values ask to be sealed again.
 */
function fakeSafeStorage(o: { available?: boolean; backend?: ReturnType<SafeStorageLike['getSelectedStorageBackend']> } = {}) {
  const state = { available: o.available ?? true, key: 0x5a, oldKeys: [] as number[], encrypts: 0 };
  const xor = (buf: Buffer, key: number) => Buffer.from(buf.map((b) => b ^ key));
  const safeStorage: SafeStorageLike = {
    isAsyncEncryptionAvailable: async () => state.available,
    getSelectedStorageBackend: () => o.backend ?? 'gnome_libsecret',
    encryptStringAsync: async (plain: string) => {
      state.encrypts++;
      return Buffer.concat([Buffer.from([state.key]), xor(Buffer.from(plain, 'utf8'), state.key)]);
    },
    decryptStringAsync: async (sealed: Buffer) => {
      const key = sealed[0]!;
      if (key !== state.key && !state.oldKeys.includes(key)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: xor(sealed.subarray(1), key).toString('utf8'), shouldReEncrypt: key !== state.key };
    },
  };
  return { safeStorage, state };
}

let userData: string;
beforeEach(async () => {
  userData = await mkdtemp(path.join(tmpdir(), 'guichet-electron-secrets-'));
});
afterEach(async () => {
  await rm(userData, { recursive: true, force: true });
});

const call = (handlers: Pick<HostHandlers, 'secrets:get' | 'secrets:set'>, channel: 'secrets:get' | 'secrets:set', input: unknown) =>
  dispatchHostCall(handlers as HostHandlers, channel, input);

describe('Electron secure storage', () => {
  it('keeps values sealed by safeStorage in userData, never in clear', async () => {
    const { safeStorage } = fakeSafeStorage();
    const secrets = createElectronSecrets({ safeStorage, userDataDir: userData, platform: 'darwin' });
    await expect(call(secrets, 'secrets:set', { name: 'device-token:counter:2', value: 'very-secret-token' })).resolves.toEqual({ storage: 'os' });
    const file = await readFile(path.join(userData, SECRETS_FILE), 'utf8');
    expect(file).not.toContain('very-secret-token');
    expect(JSON.parse(file)).toMatchObject({ format: 1, scheme: 'electron-safeStorage' });
    await expect(call(secrets, 'secrets:get', { name: 'device-token:counter:2' })).resolves.toEqual({ value: 'very-secret-token' });
    // After a restart, with the same OS key.
    const again = createElectronSecrets({ safeStorage, userDataDir: userData, platform: 'darwin' });
    await expect(call(again, 'secrets:get', { name: 'device-token:counter:2' })).resolves.toEqual({ value: 'very-secret-token' });
    await call(again, 'secrets:set', { name: 'device-token:counter:2', value: null });
    await expect(call(again, 'secrets:get', { name: 'device-token:counter:2' })).resolves.toEqual({ value: null });
  });

  it('says the storage is weak on Linux without a keyring', async () => {
    const { safeStorage } = fakeSafeStorage({ backend: 'basic_text' });
    const secrets = createElectronSecrets({ safeStorage, userDataDir: userData, platform: 'linux' });
    await expect(call(secrets, 'secrets:set', { name: 'device-token:lead', value: 't' })).resolves.toEqual({ storage: 'os-weak' });
    const keyring = createElectronSecrets({ safeStorage: fakeSafeStorage({ backend: 'kwallet5' }).safeStorage, userDataDir: userData, platform: 'linux' });
    await expect(call(keyring, 'secrets:set', { name: 'device-token:lead', value: 't' })).resolves.toEqual({ storage: 'os' });
  });

  it('writes nothing when the OS offers no encryption, and tries again later', async () => {
    const { safeStorage, state } = fakeSafeStorage({ available: false });
    const secrets = createElectronSecrets({ safeStorage, userDataDir: userData });
    await expect(call(secrets, 'secrets:set', { name: 'device-token:hall', value: 'tok' })).rejects.toMatchObject({ code: 'failed', message: expect.stringMatching(/no secure storage/) });
    await expect(readFile(path.join(userData, SECRETS_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
    state.available = true;
    await expect(call(secrets, 'secrets:set', { name: 'device-token:hall', value: 'tok' })).resolves.toEqual({ storage: 'os' });
  });

  it('seals again after a key rotation, and reads a value no key opens as absent', async () => {
    const { safeStorage, state } = fakeSafeStorage();
    const warnings: string[] = [];
    const secrets = createElectronSecrets({ safeStorage, userDataDir: userData, warn: (m) => void warnings.push(m) });
    await call(secrets, 'secrets:set', { name: 'device-token:kiosk', value: 'k1' });
    state.oldKeys.push(state.key);
    state.key = 0x33;
    const before = state.encrypts;
    await expect(call(secrets, 'secrets:get', { name: 'device-token:kiosk' })).resolves.toEqual({ value: 'k1' });
    expect(state.encrypts).toBe(before + 1);
    const sealed = JSON.parse(await readFile(path.join(userData, SECRETS_FILE), 'utf8')).secrets['device-token:kiosk'] as string;
    expect(Buffer.from(sealed, 'base64')[0]).toBe(0x33);

    // Another machine's userData copied over: its values cannot be opened here.
    state.oldKeys = [];
    state.key = 0x11;
    await expect(call(secrets, 'secrets:get', { name: 'device-token:kiosk' })).resolves.toEqual({ value: null });
    expect(warnings.join()).toMatch(/could not be opened/);
    expect(warnings.join()).not.toContain('k1');
  });

  it('refuses names outside the list before touching storage', async () => {
    const { safeStorage, state } = fakeSafeStorage();
    const secrets = createElectronSecrets({ safeStorage, userDataDir: userData });
    await expect(call(secrets, 'secrets:set', { name: 'hq-admin', value: 'x' })).rejects.toMatchObject({ code: 'bad_input' });
    expect(state.encrypts).toBe(0);
    await expect(readFile(path.join(userData, SECRETS_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
