import { X509Certificate, createHash, createPrivateKey, createPublicKey, randomBytes, webcrypto } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { StartupError } from '../startupFailure.js';
import type { ListenPlan } from './listenSecurity.js';

/**
 * TLS for the hub on the branch LAN (docs/security.md, "On the LAN"): the certificate and key
 * the configuration names, or the branch certificate the hub makes on its first start on the
 * network and keeps in `<data dir>/tls/`. Devices pin its SHA-256 fingerprint, printed at start.
 */
export interface HubTls {
  key: string;
  cert: string;
  /** SHA-256 of the certificate, "AB:CD:...": what a person compares and a device pins. */
  fingerprint256: string;
  /** base64 SHA-256 of the public key (SPKI): Chromium's --ignore-certificate-errors-spki-list. */
  spkiSha256: string;
  source: 'files' | 'branch';
  certPath: string;
  /** The branch certificate was made (or renewed) by this start: devices must pin it again. */
  created: boolean;
  notAfter: Date;
}

export const BRANCH_CERT_FILE = 'branch-cert.pem';
export const BRANCH_KEY_FILE = 'branch-key.pem';
/** Apple platforms refuse TLS server certificates valid longer than this. */
export const BRANCH_CERT_DAYS = 825;
const DAY_MS = 86_400_000;

export function certificateFingerprints(certPem: string): { fingerprint256: string; spkiSha256: string } {
  const cert = new X509Certificate(certPem);
  const spki = createPublicKey(certPem).export({ type: 'spki', format: 'der' });
  return { fingerprint256: cert.fingerprint256, spkiSha256: createHash('sha256').update(spki).digest('base64') };
}

/** The names a branch certificate covers: this machine by every name and address devices may use. */
export function branchCertificateNames(listenHost: string): { dns: string[]; ips: string[] } {
  const dns = new Set<string>(['localhost']);
  const ips = new Set<string>(['127.0.0.1', '::1']);
  const name = hostname().trim().toLowerCase();
  if (name && /^[a-z0-9.-]+$/.test(name)) {
    dns.add(name);
    if (!name.includes('.')) dns.add(`${name}.local`);
  }
  for (const list of Object.values(networkInterfaces())) {
    for (const nic of list ?? []) if (!nic.internal && !nic.address.includes('%')) ips.add(nic.address);
  }
  const host = listenHost.trim().replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) && host !== '0.0.0.0' && host !== '::') ips.add(host);
  else if (!isIP(host) && /^[a-z0-9.-]+$/i.test(host)) dns.add(host.toLowerCase());
  return { dns: [...dns], ips: [...ips] };
}

/** A self-signed ECDSA P-256 server certificate (pure JS: pkijs over Node's WebCrypto). */
export async function makeSelfSignedCertificate(o: { commonName: string; dns: string[]; ips: string[]; now?: Date; days?: number }): Promise<{ key: string; cert: string }> {
  // pkijs is typed against the DOM's WebCrypto; Node's is the same API under its own types.
  type DomCrypto = ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'];
  type DomKey = Parameters<pkijs.Certificate['sign']>[0];
  const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as DomCrypto });
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = o.now ?? new Date();

  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f; // positive
  cert.serialNumber = new asn1js.Integer({ valueHex: serial });
  const name = new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: o.commonName }) });
  cert.subject.typesAndValues.push(name);
  cert.issuer.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: o.commonName }) }));
  // A day back, so a device whose clock is a little behind still accepts it.
  cert.notBefore.value = new Date(now.getTime() - DAY_MS);
  cert.notAfter.value = new Date(now.getTime() + (o.days ?? BRANCH_CERT_DAYS) * DAY_MS);

  const altNames = new pkijs.GeneralNames({
    names: [
      ...o.dns.map((value) => new pkijs.GeneralName({ type: 2, value })),
      ...o.ips.map((ip) => new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: ipBytes(ip) }) })),
    ],
  });
  const basic = new pkijs.BasicConstraints({ cA: false });
  const keyUsage = new asn1js.BitString({ valueHex: new Uint8Array([0x80]).buffer, unusedBits: 7 }); // digitalSignature
  const serverAuth = new pkijs.ExtKeyUsage({ keyPurposes: ['1.3.6.1.5.5.7.3.1'] });
  cert.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: basic.toSchema().toBER(false), parsedValue: basic }),
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: keyUsage.toBER(false), parsedValue: keyUsage }),
    new pkijs.Extension({ extnID: '2.5.29.37', critical: false, extnValue: serverAuth.toSchema().toBER(false), parsedValue: serverAuth }),
    new pkijs.Extension({ extnID: '2.5.29.17', critical: false, extnValue: altNames.toSchema().toBER(false), parsedValue: altNames }),
  ];
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey as unknown as DomKey, engine);
  await cert.sign(keys.privateKey as unknown as DomKey, 'SHA-256', engine);

  const der = Buffer.from(cert.toSchema().toBER(false));
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return {
    cert: toPem('CERTIFICATE', der),
    key: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/** The key and certificate GUICHET_TLS_KEY and GUICHET_TLS_CERT name, checked to belong together. */
export async function loadTlsFiles(certPath: string, keyPath: string, now = new Date()): Promise<HubTls> {
  const cert = await readNamed(certPath, 'GUICHET_TLS_CERT');
  const key = await readNamed(keyPath, 'GUICHET_TLS_KEY');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new StartupError(`GUICHET_TLS_CERT names ${certPath}, which is not a PEM certificate; give the server certificate (chain) in PEM.`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new StartupError(`GUICHET_TLS_KEY names ${keyPath}, which is not an unencrypted PEM private key; give the certificate's key in PEM, without a passphrase.`);
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new StartupError(`The key in GUICHET_TLS_KEY (${keyPath}) does not belong to the certificate in GUICHET_TLS_CERT (${certPath}); give the matching pair.`);
  }
  const notAfter = new Date(x509.validTo);
  if (notAfter.getTime() < now.getTime()) {
    throw new StartupError(`The certificate in GUICHET_TLS_CERT (${certPath}) expired on ${notAfter.toISOString().slice(0, 10)}; renew it.`);
  }
  return { key, cert, ...certificateFingerprints(cert), source: 'files', certPath, created: false, notAfter };
}

/**
 * The branch certificate in `<dataDir>/tls/`: kept across starts so its fingerprint stays what
 * devices pinned; made on the first start on the network, and again only once it has expired
 * or its files no longer form a pair.
 */
export async function loadOrCreateBranchCertificate(dataDir: string, listenHost: string, now = new Date()): Promise<HubTls> {
  const dir = join(dataDir, 'tls');
  const certPath = join(dir, BRANCH_CERT_FILE);
  const keyPath = join(dir, BRANCH_KEY_FILE);
  const existing = await readPair(certPath, keyPath);
  if (existing && existing.notAfter.getTime() > now.getTime()) {
    return { ...existing, ...certificateFingerprints(existing.cert), source: 'branch', certPath, created: false };
  }
  const names = branchCertificateNames(listenHost);
  const made = await makeSelfSignedCertificate({ commonName: `Guichet branch hub ${hostname()}`.slice(0, 64), ...names, now });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // The key first and private from its creation; the certificate last, so a pair is complete.
  await writePrivate(keyPath, made.key);
  await writePrivate(certPath, made.cert, 0o644);
  return {
    ...made,
    ...certificateFingerprints(made.cert),
    source: 'branch',
    certPath,
    created: true,
    notAfter: new Date(new X509Certificate(made.cert).validTo),
  };
}

/** What the plan says, made ready: null for plain HTTP. */
export async function resolveHubTls(plan: ListenPlan, dataDir: string, listenHost: string): Promise<HubTls | null> {
  if (plan.tls === 'files') return loadTlsFiles(plan.certPath, plan.keyPath);
  if (plan.tls === 'branch') return loadOrCreateBranchCertificate(dataDir, listenHost);
  return null;
}

/** The lines printed at start for TLS: where the certificate is and what devices pin. */
export function describeHubTls(tls: HubTls, now = new Date()): string[] {
  const lines = [
    `TLS: ${tls.source === 'branch' ? 'branch certificate' : 'certificate'} ${tls.certPath}, valid until ${tls.notAfter.toISOString().slice(0, 10)}.`,
    `TLS certificate SHA-256 fingerprint (devices pin this): ${tls.fingerprint256}`,
    `TLS public key pin (SPKI SHA-256, base64): ${tls.spkiSha256}`,
  ];
  if (tls.created) lines.push('TLS: this certificate was made by this start; enrolled devices must pin the fingerprint above (docs/security.md).');
  if (tls.notAfter.getTime() - now.getTime() < 30 * DAY_MS) lines.push(`TLS: the certificate expires on ${tls.notAfter.toISOString().slice(0, 10)}; plan its renewal and the devices' new pin.`);
  return lines;
}

async function readNamed(path: string, variable: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new StartupError(`${variable} names ${path}, which could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); give the path of a PEM file this user can read.`);
  }
}

async function readPair(certPath: string, keyPath: string): Promise<{ cert: string; key: string; notAfter: Date } | null> {
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    const x509 = new X509Certificate(cert);
    if (!x509.checkPrivateKey(createPrivateKey(key))) return null;
    return { cert, key, notAfter: new Date(x509.validTo) };
  } catch {
    return null;
  }
}

async function writePrivate(path: string, text: string, mode = 0o600): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w', mode);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  if (process.platform !== 'win32') await chmod(tmp, mode);
  await rename(tmp, path);
}

function toPem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** An IPv4 or IPv6 address as the 4 or 16 bytes a certificate's iPAddress name holds. */
export function ipBytes(ip: string): ArrayBuffer {
  const v = isIP(ip);
  if (v === 4) return new Uint8Array(ip.split('.').map(Number)).buffer;
  if (v !== 6) throw new Error(`not an IP address: ${ip}`);
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    text = text.slice(0, -v4[1]!.length) + `${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  return out.buffer;
}
