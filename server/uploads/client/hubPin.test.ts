import { describe, expect, it } from 'vitest';
import { CertificateFingerprint, hubAgentFor, PinnedHubAgent } from './hubPin.js';

const HEX = 'ab'.repeat(32);
const PRINTED = Array(32).fill('AB').join(':');

describe('a pinned certificate fingerprint', () => {
  it('is read the way people copy it and kept as the hub prints it', () => {
    for (const typed of [PRINTED, HEX, HEX.toUpperCase(), ` ${PRINTED.toLowerCase()} `]) expect(CertificateFingerprint.parse(typed), typed).toBe(PRINTED);
  });

  it('refuses what is not a whole SHA-256 (a SHA-1, a cut-off copy, the base64 key pin)', () => {
    for (const bad of ['', 'ab'.repeat(20), PRINTED.slice(0, -3), 'zz'.repeat(32), 'kx3Fq0b9QJm0hxz6YrQm7w5G3Vv0D8kq1yq4l0mS1vA=']) {
      expect(CertificateFingerprint.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe('the agent a hub request goes through', () => {
  it('is pinned on https only, and Node’s own without a pin', () => {
    const pin = { fingerprint256: PRINTED };
    expect(hubAgentFor('https://10.0.0.5:8443/api/v1/uploads/', pin)).toBeInstanceOf(PinnedHubAgent);
    expect(hubAgentFor('http://127.0.0.1:8080/api/v1/uploads/', pin)).toBeUndefined();
    expect(hubAgentFor('https://10.0.0.5:8443/api/v1/uploads/', null)).toBeUndefined();
  });
});
