import { StartupError } from '../startupFailure.js';

/**
 * Who may reach a server is decided by the address it listens on. Loopback is this machine
 * only; anything else (a LAN address, 0.0.0.0, ::) is the branch network, where tokens, PINs and
 * customer data must not cross in clear text (docs/security.md, "On the LAN").
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** How the hub will speak, decided from its configuration before anything is started. */
export type ListenPlan =
  /** GUICHET_TLS_CERT and GUICHET_TLS_KEY name the certificate and key to use. */
  | { tls: 'files'; certPath: string; keyPath: string }
  /** Non-loopback without files: the branch certificate the hub makes and keeps in its data folder. */
  | { tls: 'branch' }
  /** Plain HTTP: on loopback, or on the LAN because GUICHET_ALLOW_PLAIN_HTTP=1 says so (`warning` is printed). */
  | { tls: 'none'; warning?: string };

export interface ListenSettings {
  host: string;
  certPath?: string | undefined;
  keyPath?: string | undefined;
  allowPlainHttp?: boolean;
}

export function planListen(s: ListenSettings): ListenPlan {
  const cert = s.certPath?.trim() || undefined;
  const key = s.keyPath?.trim() || undefined;
  if (cert && key) return { tls: 'files', certPath: cert, keyPath: key };
  if (cert || key) {
    throw new StartupError(`GUICHET_TLS_CERT and GUICHET_TLS_KEY go together, but only ${cert ? 'GUICHET_TLS_CERT' : 'GUICHET_TLS_KEY'} is set; set both, or neither to let the hub make its branch certificate.`);
  }
  if (isLoopbackHost(s.host)) return { tls: 'none' };
  if (s.allowPlainHttp) return { tls: 'none', warning: plainHttpWarning(s.host) };
  return { tls: 'branch' };
}

export function plainHttpWarning(host: string): string {
  return `WARNING: the hub serves ${host} over plain HTTP (GUICHET_ALLOW_PLAIN_HTTP=1): anyone on the network can read and change device tokens, PINs and customer data in transit; remove GUICHET_ALLOW_PLAIN_HTTP to use TLS.`;
}

/**
 * The last check before listen, whoever built the options: a non-loopback address without TLS
 * is refused unless plain HTTP was explicitly allowed.
 */
export function checkListenSecurity(o: { host: string; tls: boolean; allowPlainHttp?: boolean }): void {
  if (o.tls || o.allowPlainHttp || isLoopbackHost(o.host)) return;
  throw new StartupError(
    `The hub would serve ${o.host}, which other machines can reach, over plain HTTP; give it a certificate (GUICHET_TLS_CERT and GUICHET_TLS_KEY, or none to let it make one), or set GUICHET_ALLOW_PLAIN_HTTP=1 to accept plain HTTP.`,
  );
}
