import { X509Certificate } from 'node:crypto';
import type { Certificate, Request as CertificateRequest, Session } from 'electron';
import type { HubPin } from '../../server/uploads/client/hubPin.js';

/** What Chromium's certificate verify proc answers (Electron: session.setCertificateVerifyProc). */
export const CERT_ACCEPT = 0;
export const CERT_REJECT = -2;
/** Chromium's own verification stands. */
export const CERT_DEFAULT = -3;

/** The branch hub's host and the one certificate trusted for it. */
export interface PinnedHost {
  host: string;
  pin: HubPin;
}

export type CertificateCheck = Pick<CertificateRequest, 'hostname'> & { certificate: Pick<Certificate, 'data'> };

function sameHost(a: string, b: string): boolean {
  const norm = (h: string) => h.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return norm(a) === norm(b);
}

/**
 * For the pinned host: the pinned certificate and nothing else, whoever signed it (the branch
 * certificate is self-made, so no CA can vouch for it, and a CA-signed impostor must not pass
 * either). Every other host keeps Chromium's verification. The fingerprint is the leaf's own
 * SHA-256 from its PEM, as the hub prints it, not Electron's `fingerprint` (a hash of the chain).
 */
export function certificateVerdict(request: CertificateCheck, pinned: PinnedHost): number {
  if (!sameHost(request.hostname, pinned.host)) return CERT_DEFAULT;
  let presented: string;
  try {
    presented = new X509Certificate(request.certificate.data).fingerprint256;
  } catch {
    return CERT_REJECT;
  }
  return presented === pinned.pin.fingerprint256 ? CERT_ACCEPT : CERT_REJECT;
}

export type VerifySession = Pick<Session, 'setCertificateVerifyProc'>;

/** Installs the pin on a session before any window loads; every refusal is logged once per check. */
export function installCertificatePin(session: VerifySession, pinned: PinnedHost, log: (message: string) => void = (m) => console.warn(m)): void {
  session.setCertificateVerifyProc((request, callback) => {
    const verdict = certificateVerdict(request, pinned);
    if (verdict === CERT_REJECT) log(`[security] refused the certificate of ${request.hostname}: it is not the pinned ${pinned.pin.fingerprint256}`);
    callback(verdict);
  });
}
