import { z } from 'zod';
import { isLoopbackHost } from '../../server/http/listenSecurity.js';
import { StartupError } from '../../server/startupFailure.js';
import { CertificateFingerprint } from '../../server/uploads/client/hubPin.js';
import type { HubPin } from '../../server/uploads/client/hubPin.js';

/**
 * The branch's LAN hub this workstation uses instead of running its own (a counter, display or
 * kiosk PC): its address, and the one certificate trusted for it (docs/security.md, enrolment).
 */
export interface RemoteHub {
  /** The hub's origin, e.g. https://10.0.0.5:8443: what app:info tells the pages. */
  url: string;
  /** The host name or address as certificate checks name it (no brackets, lower case). */
  host: string;
  /** The pinned certificate; null only for plain HTTP (loopback, or allowed knowingly). */
  pin: HubPin | null;
  /** Plain HTTP off this machine was allowed: said at start. */
  warning?: string;
}

/** The same setting in the workstation's device.json: `"hub": { "url": ..., "fingerprint": ... }`. */
export const RemoteHubSetting = z
  .object({
    url: z.string(),
    fingerprint: z.string().optional(),
    /** Plain http:// to a hub off this machine, knowingly (GUICHET_ALLOW_PLAIN_HTTP=1). */
    allowPlainHttp: z.boolean().optional(),
  })
  .strict();
export type RemoteHubSetting = z.infer<typeof RemoteHubSetting>;

/**
 * device.json names a "hub" but is not JSON: the setting cannot be read, and starting a hub of
 * this workstation's own instead would split the branch in two without anyone noticing.
 */
export class UnreadableHubSetting {
  constructor(readonly reason: string) {}
}

/** What each value is called where it was given, so a mistake names the thing to change. */
interface Names {
  url: string;
  fingerprint: string;
  allow: string;
}

const ENV_NAMES: Names = { url: 'GUICHET_HUB_URL', fingerprint: 'GUICHET_HUB_FINGERPRINT', allow: 'GUICHET_ALLOW_PLAIN_HTTP=1' };

/**
 * The remote hub from the environment (GUICHET_HUB_URL and GUICHET_HUB_FINGERPRINT), else from
 * device.json's "hub"; null when neither names one (the workstation runs its own hub on loopback).
 * Anything mis-typed is a StartupError with one sentence: never a silent fall-back to a local hub.
 */
export function remoteHubFrom(env: NodeJS.ProcessEnv, fileSetting: unknown, deviceFile: string): RemoteHub | null {
  const url = env.GUICHET_HUB_URL?.trim() || undefined;
  const fingerprint = env.GUICHET_HUB_FINGERPRINT?.trim() || undefined;
  const allowRaw = env.GUICHET_ALLOW_PLAIN_HTTP?.trim() || undefined;
  if (allowRaw !== undefined && allowRaw !== '0' && allowRaw !== '1') {
    throw new StartupError(`GUICHET_ALLOW_PLAIN_HTTP must be 1 (plain HTTP to a hub off this machine allowed) or 0, got "${allowRaw}".`);
  }
  if (url) return checkRemoteHub({ url, fingerprint, allowPlainHttp: allowRaw === '1' }, ENV_NAMES);
  if (fingerprint) throw new StartupError('GUICHET_HUB_FINGERPRINT is set but GUICHET_HUB_URL is not; give both to use the branch hub, or neither to run this workstation’s own hub.');
  if (fileSetting === undefined) return null;
  if (fileSetting instanceof UnreadableHubSetting) {
    throw new StartupError(`${deviceFile} names a "hub" but is not valid JSON (${fileSetting.reason}); fix the file so this workstation uses the branch hub, rather than a hub of its own.`);
  }
  const parsed = RemoteHubSetting.safeParse(fileSetting);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `"hub.${issue.path.join('.')}"` : '"hub"';
    throw new StartupError(`${deviceFile}: ${where} is wrong (${issue?.message ?? 'invalid'}); write "hub": {"url": "https://<hub address>:<port>", "fingerprint": "<SHA-256 the hub prints at start>"}.`);
  }
  const names: Names = { url: `"hub.url" in ${deviceFile}`, fingerprint: `"hub.fingerprint" in ${deviceFile}`, allow: `"allowPlainHttp": true in ${deviceFile}` };
  return checkRemoteHub(parsed.data, names);
}

function checkRemoteHub(s: { url: string; fingerprint?: string | undefined; allowPlainHttp?: boolean | undefined }, n: Names): RemoteHub {
  let url: URL;
  try {
    url = new URL(s.url);
  } catch {
    throw new StartupError(`${n.url} is "${s.url}", which is not an address; give the hub's address as it prints it at start, e.g. https://10.0.0.5:8443.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new StartupError(`${n.url} must start with https:// (the hub on the branch network), got "${s.url}".`);
  }
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new StartupError(`${n.url} must be the hub's address only (scheme, host and port, no path, query or user name), got "${s.url}".`);
  }
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (url.protocol === 'http:') {
    if (s.fingerprint) throw new StartupError(`${n.fingerprint} pins a TLS certificate, but ${n.url} is plain http://; use the hub's https:// address.`);
    if (isLoopbackHost(host)) return { url: url.origin, host, pin: null };
    if (!s.allowPlainHttp) {
      throw new StartupError(`${n.url} is plain HTTP to ${host}, another machine, where anyone on the network could read and change tokens, PINs and customer data; use the hub's https:// address and its fingerprint, or set ${n.allow} to accept plain HTTP.`);
    }
    return { url: url.origin, host, pin: null, warning: `WARNING: this workstation uses the hub at ${url.origin} over plain HTTP (${n.allow}): anyone on the network can read and change device tokens, PINs and customer data in transit.` };
  }
  if (!s.fingerprint) {
    throw new StartupError(`${n.url} is https but ${n.fingerprint} is not given; give the SHA-256 fingerprint the hub prints at start, the one certificate this workstation will trust for it.`);
  }
  const fingerprint = CertificateFingerprint.safeParse(s.fingerprint);
  if (!fingerprint.success) {
    throw new StartupError(`${n.fingerprint} is not a SHA-256 fingerprint (64 hexadecimal digits, colons optional, as the hub prints it at start), got "${s.fingerprint}".`);
  }
  return { url: url.origin, host, pin: { fingerprint256: fingerprint.data } };
}
