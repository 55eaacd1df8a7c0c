import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartupError } from '../startupFailure.js';
import { BRANCH_CERT_FILE, BRANCH_KEY_FILE, branchCertificateNames, describeHubTls, ipBytes, loadOrCreateBranchCertificate, loadTlsFiles, makeSelfSignedCertificate, resolveHubTls } from './branchCertificate.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guichet-tls-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('makeSelfSignedCertificate', () => {
  it('makes a TLS server certificate for the names given, with its key', async () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const { cert, key } = await makeSelfSignedCertificate({ commonName: 'Guichet branch hub', dns: ['localhost', 'hub.local'], ips: ['127.0.0.1', '::1', '192.168.1.10'], now });
    const x = new X509Certificate(cert);
    expect(x.subject).toBe('CN=Guichet branch hub');
    expect(x.issuer).toBe(x.subject);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(x.ca).toBe(false);
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
    expect(x.subjectAltName).toBe('DNS:localhost, DNS:hub.local, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:192.168.1.10');
    expect(x.checkHost('hub.local')).toBe('hub.local');
    expect(x.checkIP('192.168.1.10')).toBe('192.168.1.10');
    expect(new Date(x.validFrom).getTime()).toBeLessThan(now.getTime());
    // 825 days: the longest Apple platforms accept.
    expect(Math.round((new Date(x.validTo).getTime() - now.getTime()) / 86_400_000)).toBe(825);
    expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('writes addresses as the bytes a certificate holds', () => {
    expect([...new Uint8Array(ipBytes('10.1.2.3'))]).toEqual([10, 1, 2, 3]);
    expect([...new Uint8Array(ipBytes('::1'))]).toEqual([...Array(15).fill(0), 1]);
    expect([...new Uint8Array(ipBytes('fe80::a:b'))]).toEqual([0xfe, 0x80, ...Array(10).fill(0), 0, 0x0a, 0, 0x0b]);
    expect([...new Uint8Array(ipBytes('::ffff:192.168.1.2'))].slice(10)).toEqual([0xff, 0xff, 192, 168, 1, 2]);
    expect(() => ipBytes('hub.local')).toThrow();
  });

  it('covers loopback, this machine and the address it listens on', () => {
    const names = branchCertificateNames('192.0.2.7');
    expect(names.dns).toContain('localhost');
    expect(names.ips).toEqual(expect.arrayContaining(['127.0.0.1', '::1', '192.0.2.7']));
    expect(branchCertificateNames('0.0.0.0').ips).not.toContain('0.0.0.0');
    expect(branchCertificateNames('hub.branch.example').dns).toContain('hub.branch.example');
  });
});

describe('the branch certificate', () => {
  it('is made once and kept, so the pinned fingerprint stays; its key is private', async () => {
    const data = join(dir, 'branch');
    const first = await loadOrCreateBranchCertificate(data, '0.0.0.0');
    expect(first).toMatchObject({ source: 'branch', created: true, certPath: join(data, 'tls', BRANCH_CERT_FILE) });
    expect(first.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(first.spkiSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const again = await loadOrCreateBranchCertificate(data, '0.0.0.0');
    expect(again.created).toBe(false);
    expect(again.fingerprint256).toBe(first.fingerprint256);
    if (process.platform !== 'win32') {
      expect((await stat(join(data, 'tls', BRANCH_KEY_FILE))).mode & 0o777).toBe(0o600);
      expect((await stat(join(data, 'tls'))).mode & 0o077).toBe(0);
    }
    const lines = describeHubTls(first);
    expect(lines.join('\n')).toContain(first.fingerprint256);
    expect(lines.join('\n')).toMatch(/must pin/);
    expect(describeHubTls(again).join('\n')).not.toMatch(/must pin/);
  });

  it('is made again once expired', async () => {
    const data = join(dir, 'expiring');
    const first = await loadOrCreateBranchCertificate(data, '127.0.0.1');
    const later = new Date(first.notAfter.getTime() + 86_400_000);
    const renewed = await loadOrCreateBranchCertificate(data, '127.0.0.1', later);
    expect(renewed.created).toBe(true);
    expect(renewed.fingerprint256).not.toBe(first.fingerprint256);
  });

  it('comes from the plan', async () => {
    expect(await resolveHubTls({ tls: 'none' }, join(dir, 'none'), '127.0.0.1')).toBeNull();
    expect((await resolveHubTls({ tls: 'branch' }, join(dir, 'plan'), '0.0.0.0'))?.source).toBe('branch');
  });
});

describe('certificate files from the configuration', () => {
  it('are loaded when they form a valid pair', async () => {
    const { cert, key } = await makeSelfSignedCertificate({ commonName: 'given', dns: ['localhost'], ips: ['127.0.0.1'] });
    await writeFile(join(dir, 'given-cert.pem'), cert);
    await writeFile(join(dir, 'given-key.pem'), key);
    const tls = await loadTlsFiles(join(dir, 'given-cert.pem'), join(dir, 'given-key.pem'));
    expect(tls).toMatchObject({ source: 'files', created: false, fingerprint256: new X509Certificate(cert).fingerprint256 });
  });

  it('are refused in one sentence naming the variable when missing, malformed, mismatched or expired', async () => {
    const a = await makeSelfSignedCertificate({ commonName: 'a', dns: ['localhost'], ips: [] });
    const b = await makeSelfSignedCertificate({ commonName: 'b', dns: ['localhost'], ips: [] });
    await writeFile(join(dir, 'a-cert.pem'), a.cert);
    await writeFile(join(dir, 'b-key.pem'), b.key);
    await writeFile(join(dir, 'junk.pem'), 'not a pem');
    // Each load starts when its turn comes: made all at once, a later one could reject before
    // anything awaits it (an unhandled rejection, which fails the run).
    const cases: [() => Promise<unknown>, RegExp][] = [
      [() => loadTlsFiles(join(dir, 'missing.pem'), join(dir, 'b-key.pem')), /^GUICHET_TLS_CERT names .*missing\.pem, which could not be read \(ENOENT\)/],
      [() => loadTlsFiles(join(dir, 'a-cert.pem'), join(dir, 'missing.pem')), /^GUICHET_TLS_KEY names/],
      [() => loadTlsFiles(join(dir, 'junk.pem'), join(dir, 'b-key.pem')), /GUICHET_TLS_CERT .* not a PEM certificate/],
      [() => loadTlsFiles(join(dir, 'a-cert.pem'), join(dir, 'junk.pem')), /GUICHET_TLS_KEY .* not an unencrypted PEM private key/],
      [() => loadTlsFiles(join(dir, 'a-cert.pem'), join(dir, 'b-key.pem')), /does not belong to the certificate/],
    ];
    for (const [load, message] of cases) {
      const err = await load().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(StartupError);
      expect((err as Error).message).toMatch(message);
    }
    await writeFile(join(dir, 'a-key.pem'), a.key);
    await expect(loadTlsFiles(join(dir, 'a-cert.pem'), join(dir, 'a-key.pem'), new Date(Date.now() + 900 * 86_400_000))).rejects.toThrow(/expired on/);
  });
});
