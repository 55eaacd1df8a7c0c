import { describe, expect, it } from 'vitest';
import { StartupError } from '../startupFailure.js';
import { checkListenSecurity, isLoopbackHost, planListen } from './listenSecurity.js';

describe('isLoopbackHost', () => {
  it('is this machine only', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.5', 'hub.branch.local', 'fe80::1', '127.0.0.1.evil.example']) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('planListen', () => {
  it('uses the certificate and key the configuration names, wherever it listens', () => {
    expect(planListen({ host: '0.0.0.0', certPath: '/etc/g/cert.pem', keyPath: '/etc/g/key.pem' })).toEqual({ tls: 'files', certPath: '/etc/g/cert.pem', keyPath: '/etc/g/key.pem' });
    expect(planListen({ host: '127.0.0.1', certPath: 'c', keyPath: 'k' })).toMatchObject({ tls: 'files' });
  });

  it('needs both files or neither', () => {
    expect(() => planListen({ host: '0.0.0.0', certPath: '/c.pem' })).toThrow(StartupError);
    expect(() => planListen({ host: '0.0.0.0', keyPath: '/k.pem' })).toThrow(/GUICHET_TLS_CERT and GUICHET_TLS_KEY go together, but only GUICHET_TLS_KEY is set/);
  });

  it('speaks plain HTTP on loopback', () => {
    expect(planListen({ host: '127.0.0.1' })).toEqual({ tls: 'none' });
    expect(planListen({ host: 'localhost', certPath: ' ', keyPath: '' })).toEqual({ tls: 'none' });
  });

  it('makes a branch certificate on the LAN unless plain HTTP is explicitly allowed, with a warning', () => {
    expect(planListen({ host: '0.0.0.0' })).toEqual({ tls: 'branch' });
    expect(planListen({ host: '192.168.1.10', allowPlainHttp: false })).toEqual({ tls: 'branch' });
    const plain = planListen({ host: '0.0.0.0', allowPlainHttp: true });
    expect(plain).toMatchObject({ tls: 'none', warning: expect.stringMatching(/^WARNING: .*plain HTTP \(GUICHET_ALLOW_PLAIN_HTTP=1\)/) });
  });
});

describe('checkListenSecurity', () => {
  it('refuses a non-loopback address without TLS, in one sentence naming what to set', () => {
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'hub.branch.local']) {
      expect(() => checkListenSecurity({ host, tls: false }), host).toThrow(StartupError);
    }
    try {
      checkListenSecurity({ host: '0.0.0.0', tls: false });
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toMatch(/GUICHET_TLS_CERT/);
      expect(message).toMatch(/GUICHET_ALLOW_PLAIN_HTTP=1/);
      expect(message.split('\n')).toHaveLength(1);
    }
  });

  it('lets loopback, TLS, and explicitly allowed plain HTTP through', () => {
    expect(() => checkListenSecurity({ host: '127.0.0.1', tls: false })).not.toThrow();
    expect(() => checkListenSecurity({ host: '0.0.0.0', tls: true })).not.toThrow();
    expect(() => checkListenSecurity({ host: '0.0.0.0', tls: false, allowPlainHttp: true })).not.toThrow();
  });
});
