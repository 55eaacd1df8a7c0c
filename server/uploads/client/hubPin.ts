import { X509Certificate } from 'node:crypto';
import type { ClientRequestArgs } from 'node:http';
import { Agent } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { z } from 'zod';

/**
 * A certificate's SHA-256 fingerprint as the hub prints it at start ("AB:CD:..."), accepted the
 * way people copy it (with or without colons, any case) and kept in that one spelling.
 */
export const CertificateFingerprint = z
  .string()
  .transform((s) => s.replace(/[\s:]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-F]{64}$/, 'a SHA-256 fingerprint is 64 hexadecimal digits (colons optional), as the hub prints it at start'))
  .transform((hex) => hex.replace(/(..)(?!$)/g, '$1:'));

/** The one certificate a workstation trusts for its branch hub (docs/security.md, enrolment). */
export const HubPin = z.object({ fingerprint256: CertificateFingerprint }).strict();
export type HubPin = z.infer<typeof HubPin>;

/** The pin of a certificate in PEM (the first one, the server's own, when the file holds a chain). */
export function pinOfCertificate(certPem: string): HubPin {
  return { fingerprint256: new X509Certificate(certPem).fingerprint256 };
}

/** The hub answered with a certificate other than the pinned one: nothing was sent to it. */
export class HubCertificateError extends Error {
  override name = 'HubCertificateError';
  constructor(
    readonly expected: string,
    readonly presented: string | null,
  ) {
    super(`the hub presented certificate ${presented ?? '(none)'}, not the pinned ${expected}; nothing was sent`);
  }
}

/** Whether an error (or the error it wraps, as tus-js-client and fetch do) is a refused pin. */
export function isHubCertificateError(err: unknown): err is HubCertificateError {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    if (e instanceof HubCertificateError) return true;
    e = (e as { causingError?: unknown; cause?: unknown }).causingError ?? e.cause;
  }
  return false;
}

/**
 * An https agent that trusts exactly the pinned certificate and nothing else, CA-issued or not:
 * the branch certificate is self-made, so no CA vouches for it. The socket is handed to the
 * request only after the handshake showed the pinned certificate, so a request line, token or
 * byte of a recording never reaches another server. No keep-alive and no session reuse: every
 * connection is checked.
 */
export class PinnedHubAgent extends Agent {
  constructor(readonly pin: HubPin) {
    super({ keepAlive: false, maxCachedSessions: 0 });
  }

  override createConnection(options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const { servername, host, port, timeout } = options as ClientRequestArgs & { servername?: string };
    // Chain and name are not what decides here (no CA signed it): the fingerprint does, below.
    const socket: TLSSocket = connect({ host: host ?? 'localhost', port: Number(port ?? 443), ...(servername ? { servername } : {}), rejectUnauthorized: false, ...(timeout ? { timeout } : {}) });
    let settled = false;
    const settle = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      socket.off('error', onError);
      callback?.(err, socket);
    };
    const onError = (err: Error): void => settle(err);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      const presented = socket.getPeerX509Certificate()?.fingerprint256 ?? null;
      if (presented === this.pin.fingerprint256) return settle(null);
      const err = new HubCertificateError(this.pin.fingerprint256, presented);
      socket.destroy();
      settle(err);
    });
    // Returned through the callback only: the request must not write before the check.
    return undefined;
  }
}

/** The agent for a request to the hub: pinned on https when a pin is given, else Node's own. */
export function hubAgentFor(url: string, pin: HubPin | null | undefined): PinnedHubAgent | undefined {
  return pin && new URL(url).protocol === 'https:' ? new PinnedHubAgent(pin) : undefined;
}
