import { describe, expect, it, vi } from 'vitest';
import { makeSelfSignedCertificate } from '../../server/http/branchCertificate.js';
import { pinOfCertificate } from '../../server/uploads/client/hubPin.js';
import { CERT_ACCEPT, CERT_DEFAULT, CERT_REJECT, certificateVerdict, installCertificatePin } from './certificatePin.js';
import type { VerifySession } from './certificatePin.js';

const hubCert = await makeSelfSignedCertificate({ commonName: 'Guichet branch hub', dns: ['localhost'], ips: ['10.0.0.5'] });
const otherCert = await makeSelfSignedCertificate({ commonName: 'Guichet branch hub', dns: ['localhost'], ips: ['10.0.0.5'] });
const pinned = { host: '10.0.0.5', pin: pinOfCertificate(hubCert.cert) };

describe('the certificate decision for the branch hub', () => {
  it('accepts the pinned certificate at the pinned host, though no CA signed it', () => {
    expect(certificateVerdict({ hostname: '10.0.0.5', certificate: { data: hubCert.cert } }, pinned)).toBe(CERT_ACCEPT);
  });

  it('refuses any other certificate at that host, even one for the same names', () => {
    expect(certificateVerdict({ hostname: '10.0.0.5', certificate: { data: otherCert.cert } }, pinned)).toBe(CERT_REJECT);
    expect(certificateVerdict({ hostname: '10.0.0.5', certificate: { data: 'not a certificate' } }, pinned)).toBe(CERT_REJECT);
  });

  it("leaves every other host to Chromium's own verification, even with the hub's certificate", () => {
    expect(certificateVerdict({ hostname: 'example.com', certificate: { data: hubCert.cert } }, pinned)).toBe(CERT_DEFAULT);
    expect(certificateVerdict({ hostname: '10.0.0.6', certificate: { data: otherCert.cert } }, pinned)).toBe(CERT_DEFAULT);
  });

  it('compares host names as Chromium may write them (case, IPv6 brackets)', () => {
    const v6 = { host: 'fd00::5', pin: pinned.pin };
    expect(certificateVerdict({ hostname: '[FD00::5]', certificate: { data: hubCert.cert } }, v6)).toBe(CERT_ACCEPT);
    expect(certificateVerdict({ hostname: 'HUB.branch.local', certificate: { data: otherCert.cert } }, { host: 'hub.branch.local', pin: pinned.pin })).toBe(CERT_REJECT);
  });
});

describe('installCertificatePin', () => {
  it("installs a verify proc on the session that answers with the decision, and logs a refusal", () => {
    const session = { setCertificateVerifyProc: vi.fn() };
    const log = vi.fn();
    installCertificatePin(session as unknown as VerifySession, pinned, log);
    const proc = session.setCertificateVerifyProc.mock.calls[0]?.[0] as (req: unknown, cb: (n: number) => void) => void;
    const answers: number[] = [];
    proc({ hostname: '10.0.0.5', certificate: { data: hubCert.cert } }, (n) => answers.push(n));
    proc({ hostname: '10.0.0.5', certificate: { data: otherCert.cert } }, (n) => answers.push(n));
    proc({ hostname: 'example.com', certificate: { data: otherCert.cert } }, (n) => answers.push(n));
    expect(answers).toEqual([CERT_ACCEPT, CERT_REJECT, CERT_DEFAULT]);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toMatch(/refused the certificate of 10\.0\.0\.5: it is not the pinned [0-9A-F:]{95}/);
  });
});
