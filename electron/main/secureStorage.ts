import type { SafeStorage } from 'electron';
import path from 'node:path';
import { HostError } from '../../shared/host/contract.js';
import { SecretFile, secretHandlers } from '../../server/host/secretStore.js';
import type { SecretCodec, SecretHandlers, Warn } from '../../server/host/secretStore.js';

/** The part of Electron's safeStorage this uses; passed in, so tests give a fake. */
export type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

export const SECRETS_FILE = 'secrets.json';

/**
 * Values sealed by the OS (Keychain on macOS, DPAPI on Windows, libsecret or KWallet on Linux),
 * stored base64 in the file. Linux without a keyring falls back to Electron's built-in key
 * ("basic_text"): still sealed, but reported as `os-weak` (docs/security.md).
 */
export function safeStorageCodec(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretCodec {
  const weak = platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  return {
    storage: weak ? 'os-weak' : 'os',
    scheme: 'electron-safeStorage',
    seal: async (plain) => (await safeStorage.encryptStringAsync(plain)).toString('base64'),
    open: async (sealed) => {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'));
      return { value: result, reseal: shouldReEncrypt };
    },
  };
}

/**
 * The `secrets:*` host channels of the Electron app: `<userData>/secrets.json`, every value
 * sealed with safeStorage. Call after app ready (safeStorage needs it). When the OS offers no
 * encryption at all, nothing is written in clear: the call fails and says so.
 */
export function createElectronSecrets(o: { safeStorage: SafeStorageLike; userDataDir: string; platform?: NodeJS.Platform; warn?: Warn }): SecretHandlers {
  let store: Promise<SecretFile> | null = null;
  const open = (): Promise<SecretFile> => {
    store ??= o.safeStorage.isAsyncEncryptionAvailable().then((available) => {
      if (!available) {
        store = null; // ask again next time: a keyring may be unlocked later
        throw new HostError('failed', 'this machine offers no secure storage (Electron safeStorage is unavailable), so the secret was not kept');
      }
      return new SecretFile(path.join(o.userDataDir, SECRETS_FILE), safeStorageCodec(o.safeStorage, o.platform), o.warn);
    });
    return store;
  };
  return {
    'secrets:get': async (input) => secretHandlers(await open())['secrets:get'](input),
    'secrets:set': async (input) => secretHandlers(await open())['secrets:set'](input),
  };
}
