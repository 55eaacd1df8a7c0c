import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { HostError } from '../../shared/host/contract.js';
import type { HostHandlers } from '../../shared/host/contract.js';
import type { SecretName, SecretStorage } from '../../shared/host/secrets.js';

/**
 * The host's secure storage (shared/host/secrets.ts, docs/security.md): a small JSON file of
 * sealed values, one per allowed name. How a value is sealed is the codec's business: Electron
 * passes one over safeStorage (electron/main/secureStorage.ts); the browser host keeps values as
 * they are, in a file only its own OS user may read or write (mode 0600 in a 0700 folder).
 */
export interface SecretCodec {
  readonly storage: SecretStorage;
  /** Written in the file: values sealed one way are never opened another way. */
  readonly scheme: string;
  seal(plain: string): Promise<string>;
  /** `reseal`: the key was rotated, so the value should be sealed again. */
  open(sealed: string): Promise<{ value: string; reseal: boolean }>;
}

/** The browser host's: no key to hold the value under, so the file's permissions do the work. */
export const fileOnlyCodec: SecretCodec = {
  storage: 'host-file',
  scheme: 'plain',
  seal: async (plain) => plain,
  open: async (sealed) => ({ value: sealed, reseal: false }),
};

const SecretFileJson = z.object({
  format: z.literal(1),
  scheme: z.string(),
  secrets: z.record(z.string(), z.string()),
});
type SecretFileJson = z.infer<typeof SecretFileJson>;

export const SECRET_FILE_MODE = 0o600;
const SECRET_DIR_MODE = 0o700;

export type Warn = (message: string) => void;

/**
 * One file, read and written whole. Calls run one after another, so two `set`s at once never
 * lose either. A value that no longer opens (another machine's key, a damaged file) reads as
 * absent, with a warning: the device then enrols again, it never crashes. Values are never logged.
 */
export class SecretFile {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly codec: SecretCodec,
    private readonly warn: Warn = (m) => console.warn(`[secrets] ${m}`),
  ) {}

  get storage(): SecretStorage {
    return this.codec.storage;
  }

  get(name: SecretName): Promise<string | null> {
    return this.serial(async () => {
      const file = await this.read();
      const sealed = file.secrets[name];
      if (sealed === undefined) return null;
      let opened: { value: string; reseal: boolean };
      try {
        opened = await this.codec.open(sealed);
      } catch {
        this.warn(`${name} could not be opened (sealed with another key?); it reads as absent`);
        return null;
      }
      if (opened.reseal) {
        file.secrets[name] = await this.codec.seal(opened.value);
        await this.write(file);
      }
      return opened.value;
    });
  }

  set(name: SecretName, value: string | null): Promise<void> {
    return this.serial(async () => {
      const file = await this.read();
      if (value === null) {
        if (!(name in file.secrets)) return;
        delete file.secrets[name];
      } else {
        file.secrets[name] = await this.codec.seal(value);
      }
      await this.write(file);
    });
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private empty(): SecretFileJson {
    return { format: 1, scheme: this.codec.scheme, secrets: {} };
  }

  private async read(): Promise<SecretFileJson> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return this.empty();
      throw new HostError('failed', `the secret store could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    await this.tightenMode();
    let parsed: SecretFileJson;
    try {
      parsed = SecretFileJson.parse(JSON.parse(text));
    } catch {
      this.warn(`${this.path} is damaged; its secrets read as absent and the next change replaces it`);
      return this.empty();
    }
    if (parsed.scheme !== this.codec.scheme) {
      this.warn(`${this.path} was sealed as "${parsed.scheme}", not "${this.codec.scheme}"; its secrets read as absent`);
      return this.empty();
    }
    return parsed;
  }

  /** Someone widened the file's permissions by hand: narrow them again (POSIX only). */
  private async tightenMode(): Promise<void> {
    if (process.platform === 'win32') return;
    const st = await stat(this.path).catch(() => null);
    if (st && (st.mode & 0o077) !== 0) {
      this.warn(`${this.path} was readable by other users; its mode is set back to 0600`);
      await chmod(this.path, SECRET_FILE_MODE).catch(() => undefined);
    }
  }

  /** Whole file to a temporary name (0600 from its creation), flushed, then renamed over. */
  private async write(file: SecretFileJson): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: SECRET_DIR_MODE });
    const tmp = `${this.path}.${process.pid}.tmp`;
    const fh = await open(tmp, 'w', SECRET_FILE_MODE);
    try {
      await fh.writeFile(JSON.stringify(file));
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      // The mode given to open() is cut by the umask only; this also fixes a tmp file left over.
      if (process.platform !== 'win32') await chmod(tmp, SECRET_FILE_MODE);
      await rename(tmp, this.path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }
}

export type SecretHandlers = Pick<HostHandlers, 'secrets:get' | 'secrets:set'>;

export function secretHandlers(store: SecretFile): SecretHandlers {
  return {
    'secrets:get': async ({ name }) => ({ value: await store.get(name) }),
    'secrets:set': async ({ name, value }) => {
      await store.set(name, value);
      return { storage: store.storage };
    },
  };
}

/** A host that keeps no secrets for this caller says so, with the code the page acts on. */
export function refusedSecretHandlers(code: 'forbidden_sender' | 'failed', reason: string): SecretHandlers {
  const refuse = async (): Promise<never> => {
    throw new HostError(code, reason);
  };
  return { 'secrets:get': refuse, 'secrets:set': refuse };
}

/** Loopback addresses as a socket reports its peer (IPv4, IPv6, IPv4-mapped IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/**
 * The browser host keeps secrets for pages on its own machine only: the peer is loopback, and
 * the page asked for a loopback name (not a DNS name that a hostile site rebound to 127.0.0.1).
 * Pages from other machines on the LAN share this host's socket but not its disk: they are
 * refused and keep their token in their own browser (renderer/platform/secrets.ts).
 */
export function isSameMachineCaller(peer: { remoteAddress: string | undefined; host: string | undefined }): boolean {
  if (!isLoopbackAddress(peer.remoteAddress) || !peer.host) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${peer.host}`).hostname;
  } catch {
    return false;
  }
  return hostname === 'localhost' || hostname === '[::1]' || isLoopbackAddress(hostname);
}
