import { HostError } from '../../shared/host/contract.js';
import type { SecretName, SecretStorage } from '../../shared/host/secrets.js';
import { getPlatform } from './index.js';
import type { Platform } from './types.js';

export { deviceTokenSecret } from '../../shared/host/secrets.js';
export type { SecretName } from '../../shared/host/secrets.js';

/**
 * Where a secret (a device token) is kept: by the host (`secrets:get` / `secrets:set`, sealed by
 * the OS in Electron, a 0600 file under the browser host), or, for a page opened from another
 * machine on the LAN, which no host of its own serves, in that browser's localStorage
 * (`browser`). docs/security.md says why.
 */
export type SecretPlace = SecretStorage | 'browser';

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface SecretDeps {
  platform?: Platform;
  /** The page's own storage, for the fallback; tests pass a fake. */
  storage?: StorageLike | null;
}

const PREFIX = 'guichet.secret.';

export async function getSecret(name: SecretName, deps: SecretDeps = {}): Promise<string | null> {
  const platform = deps.platform ?? getPlatform();
  try {
    return (await platform.host.invoke('secrets:get', { name })).value;
  } catch (err) {
    if (!pageKeepsSecrets(platform, err)) throw err;
    return pageStorage(deps)?.getItem(PREFIX + name) ?? null;
  }
}

/** null forgets it. Resolves with where it is kept. */
export async function setSecret(name: SecretName, value: string | null, deps: SecretDeps = {}): Promise<SecretPlace> {
  const platform = deps.platform ?? getPlatform();
  try {
    return (await platform.host.invoke('secrets:set', { name, value })).storage;
  } catch (err) {
    if (!pageKeepsSecrets(platform, err)) throw err;
    const storage = pageStorage(deps);
    if (!storage) throw new HostError('failed', 'this browser keeps no storage for the page (private mode?), so the secret was not kept');
    if (value === null) storage.removeItem(PREFIX + name);
    else storage.setItem(PREFIX + name, value);
    return 'browser';
  }
}

/** The browser host refuses pages from other machines; only then does the page keep it itself. */
function pageKeepsSecrets(platform: Platform, err: unknown): boolean {
  return platform.kind === 'browser' && err instanceof HostError && err.code === 'forbidden_sender';
}

function pageStorage(deps: SecretDeps): StorageLike | null {
  if (deps.storage !== undefined) return deps.storage;
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
