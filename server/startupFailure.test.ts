import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from './config/loadBranchConfig.js';
import { DataDirLockedError } from './db/dataDirLock.js';
import { embeddedHqPort } from './startBranch.js';
import { StartupError, describeEnvProblems, describeStartFailure, explainListenError } from './startupFailure.js';

const listenError = (code: string, port: number, address = '127.0.0.1') => Object.assign(new Error(`listen ${code}: address already in use ${address}:${port}`), { code, port, address, syscall: 'listen' });

describe('explainListenError', () => {
  it('names the port and the variable that moves it', () => {
    const err = explainListenError(listenError('EADDRINUSE', 8080), { what: 'the hub', variable: 'GUICHET_PORT' }, 8080, '127.0.0.1');
    expect(err).toBeInstanceOf(StartupError);
    expect((err as Error).message).toBe('Port 8080 for the hub is already in use on 127.0.0.1 (another Guichet, or another program); stop it or set GUICHET_PORT to a free port.');
    const hq = explainListenError(listenError('EADDRINUSE', 8090), { what: 'the embedded head office', variable: 'GUICHET_HQ_PORT', alternative: 'or GUICHET_UPSTREAM to use a real head office' });
    expect((hq as Error).message).toMatch(/Port 8090 for the embedded head office .* set GUICHET_HQ_PORT to a free port, or GUICHET_UPSTREAM/);
  });

  it('covers a privileged port and an address this machine does not have', () => {
    expect((explainListenError(listenError('EACCES', 80), { what: 'the hub', variable: 'GUICHET_PORT' }) as Error).message).toMatch(/port 80 .* GUICHET_PORT to a port above 1023/);
    expect((explainListenError(listenError('EADDRNOTAVAIL', 8080, '10.9.9.9'), { what: 'the hub', variable: 'GUICHET_PORT' }) as Error).message).toMatch(/10\.9\.9\.9 .* GUICHET_HOST/);
  });

  it('leaves other errors as they are', () => {
    const other = new Error('boom');
    expect(explainListenError(other, { what: 'the hub', variable: 'GUICHET_PORT' })).toBe(other);
  });
});

describe('describeStartFailure', () => {
  it('prints known failures as one sentence without a stack', () => {
    const cases: [unknown, RegExp][] = [
      [new StartupError('Port 8080 for the hub is already in use on 127.0.0.1; set GUICHET_PORT to a free port.'), /^Guichet could not start: port 8080 for the hub .*GUICHET_PORT/],
      [new DataDirLockedError('the data folder /d is in use by process 12 on pc; stop it or choose another GUICHET_DATA_DIR (if no Guichet runs, delete /d.lock)'), /^Guichet could not start: the data folder \/d is in use .*GUICHET_DATA_DIR/],
      [new ConfigError('cannot read branch configuration /b.json: ENOENT'), /^Guichet could not start: cannot read branch configuration/],
      // A raw listen error that nobody explained still gets its sentence.
      [listenError('EADDRINUSE', 8090), /^Guichet could not start: port 8090 for the hub is already in use .*GUICHET_PORT/],
    ];
    for (const [err, sentence] of cases) {
      const d = describeStartFailure(err);
      expect(d.sentence).toMatch(sentence);
      expect(d.sentence).not.toMatch(/\n| {4}at /);
      expect(d.detail).toBeNull();
    }
    expect(describeStartFailure(listenError('EADDRINUSE', 8090), 'Guichet HQ').sentence).toMatch(/^Guichet HQ could not start: port 8090 for head office/);
  });

  it('keeps the stack of an unexpected failure as detail, after the sentence', () => {
    const d = describeStartFailure(new TypeError('x is not a function\nmore'));
    expect(d.sentence).toBe('Guichet could not start: x is not a function');
    expect(d.detail).toMatch(/TypeError/);
  });
});

describe('describeEnvProblems', () => {
  it('names each bad variable on one line', () => {
    const Env = z.object({ GUICHET_PORT: z.coerce.number().int().max(65535), GUICHET_ALLOW_PLAIN_HTTP: z.enum(['0', '1']).optional() });
    const parsed = Env.safeParse({ GUICHET_PORT: '70000', GUICHET_ALLOW_PLAIN_HTTP: 'yes' });
    expect(parsed.success).toBe(false);
    const line = describeEnvProblems(parsed.error!);
    expect(line).toMatch(/^Guichet could not start because of its environment: GUICHET_PORT: .*; GUICHET_ALLOW_PLAIN_HTTP: .*\.$/);
    expect(line).not.toContain('\n');
  });
});

describe('the embedded head office port', () => {
  it('is GUICHET_HQ_PORT, else the hub port + 10, else free with a free hub port', () => {
    expect(embeddedHqPort(8080, undefined)).toBe(8090);
    expect(embeddedHqPort(8080, 9000)).toBe(9000);
    expect(embeddedHqPort(0, undefined)).toBe(0);
    expect(embeddedHqPort(0, 0)).toBe(0);
  });

  it('never collides with the hub nor runs past the last port silently', () => {
    expect(() => embeddedHqPort(8080, 8080)).toThrow(/GUICHET_HQ_PORT is 8080, the hub's own port/);
    expect(() => embeddedHqPort(65530, undefined)).toThrow(/port 65540 \(GUICHET_PORT \+ 10\), past the last port; set GUICHET_HQ_PORT/);
    expect(embeddedHqPort(65530, 9000)).toBe(9000);
  });
});
