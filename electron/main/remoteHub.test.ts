import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { StartupError } from '../../server/startupFailure.js';
import { hubChoiceFrom } from './hubOptions.js';
import { remoteHubFrom } from './remoteHub.js';

const FP = Array.from({ length: 32 }, (_, i) => (i * 7 + 16).toString(16).toUpperCase().padStart(2, '0')).join(':');
const FILE = '/u/device.json';

/** The StartupError's sentence, or a failure when none was thrown. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(StartupError);
    return (err as Error).message;
  }
  throw new Error('no StartupError');
}

describe('the remote hub of a workstation', () => {
  it('is none by default: the workstation runs its own hub on loopback, as before', () => {
    expect(remoteHubFrom({}, undefined, FILE)).toBeNull();
    expect(hubChoiceFrom({}, '/home/a/.config/Guichet', undefined, FILE)).toEqual({
      kind: 'local',
      options: { port: 8080, host: '127.0.0.1', dataDir: path.join('/home/a/.config/Guichet', 'data'), hostKind: 'electron', configPath: undefined },
    });
  });

  it('is the branch hub named in the environment, its fingerprint pinned as the hub prints it', () => {
    const typed = FP.replace(/:/g, '').toLowerCase();
    expect(remoteHubFrom({ GUICHET_HUB_URL: 'https://10.0.0.5:8443/', GUICHET_HUB_FINGERPRINT: typed }, undefined, FILE)).toEqual({
      url: 'https://10.0.0.5:8443',
      host: '10.0.0.5',
      pin: { fingerprint256: FP },
    });
    const choice = hubChoiceFrom({ GUICHET_HUB_URL: 'https://hub.branch.local:8443', GUICHET_HUB_FINGERPRINT: FP, GUICHET_DATA_DIR: '/srv/g' }, '/u', undefined, FILE);
    expect(choice).toEqual({ kind: 'remote', hub: { url: 'https://hub.branch.local:8443', host: 'hub.branch.local', pin: { fingerprint256: FP } }, dataDir: '/srv/g' });
  });

  it("is read from device.json's \"hub\" when the environment names none, and the environment wins over it", () => {
    expect(remoteHubFrom({}, { url: 'https://[fd00::5]:8443', fingerprint: FP }, FILE)).toEqual({ url: 'https://[fd00::5]:8443', host: 'fd00::5', pin: { fingerprint256: FP } });
    expect(remoteHubFrom({ GUICHET_HUB_URL: 'https://10.0.0.9:8443', GUICHET_HUB_FINGERPRINT: FP }, { url: 'https://10.0.0.5:8443', fingerprint: FP }, FILE)?.host).toBe('10.0.0.9');
  });

  it('says in one sentence what is mis-typed, naming where it was written', () => {
    const cases: Array<[NodeJS.ProcessEnv, unknown, RegExp]> = [
      [{ GUICHET_HUB_URL: 'hub.branch.local:8443', GUICHET_HUB_FINGERPRINT: FP }, undefined, /^GUICHET_HUB_URL must start with https:\/\//],
      [{ GUICHET_HUB_URL: '10.0.0.5:8443', GUICHET_HUB_FINGERPRINT: FP }, undefined, /^GUICHET_HUB_URL is "10.0.0.5:8443", which is not an address/],
      [{ GUICHET_HUB_URL: 'https//10.0.0.5', GUICHET_HUB_FINGERPRINT: FP }, undefined, /^GUICHET_HUB_URL is "https\/\/10.0.0.5", which is not an address/],
      [{ GUICHET_HUB_URL: 'https://10.0.0.5:8443/api/v1', GUICHET_HUB_FINGERPRINT: FP }, undefined, /the hub's address only/],
      [{ GUICHET_HUB_URL: 'https://admin:x@10.0.0.5:8443', GUICHET_HUB_FINGERPRINT: FP }, undefined, /the hub's address only/],
      [{ GUICHET_HUB_URL: 'https://10.0.0.5:8443' }, undefined, /^GUICHET_HUB_URL is https but GUICHET_HUB_FINGERPRINT is not given/],
      [{ GUICHET_HUB_URL: 'https://10.0.0.5:8443', GUICHET_HUB_FINGERPRINT: FP.slice(0, -3) }, undefined, /^GUICHET_HUB_FINGERPRINT is not a SHA-256 fingerprint/],
      [{ GUICHET_HUB_FINGERPRINT: FP }, undefined, /^GUICHET_HUB_FINGERPRINT is set but GUICHET_HUB_URL is not/],
      [{ GUICHET_HUB_URL: 'http://10.0.0.5:8080', GUICHET_HUB_FINGERPRINT: FP }, undefined, /pins a TLS certificate, but GUICHET_HUB_URL is plain http:\/\//],
      [{ GUICHET_HUB_URL: 'https://10.0.0.5', GUICHET_HUB_FINGERPRINT: FP, GUICHET_ALLOW_PLAIN_HTTP: 'yes' }, undefined, /^GUICHET_ALLOW_PLAIN_HTTP must be 1/],
      [{}, { url: 'https://10.0.0.5:8443', fingerprint: 'sha256/abc' }, /^"hub.fingerprint" in \/u\/device.json is not a SHA-256 fingerprint/],
      [{}, { url: 'https://10.0.0.5:8443', fingerprnt: FP }, /^\/u\/device.json: "hub" is wrong .*write "hub": \{"url"/],
      [{}, 'https://10.0.0.5:8443', /^\/u\/device.json: "hub" is wrong/],
    ];
    for (const [env, file, expected] of cases) {
      const sentence = refusal(() => remoteHubFrom(env, file, FILE));
      expect(sentence, JSON.stringify(env) + JSON.stringify(file)).toMatch(expected);
      // One sentence: no stack, no line breaks.
      expect(sentence).not.toMatch(/\n/);
    }
  });

  it('refuses plain HTTP to a hub on another machine unless it is allowed knowingly, with a warning', () => {
    expect(refusal(() => remoteHubFrom({ GUICHET_HUB_URL: 'http://10.0.0.5:8080' }, undefined, FILE))).toMatch(/plain HTTP to 10\.0\.0\.5, another machine.*GUICHET_ALLOW_PLAIN_HTTP=1/);
    expect(refusal(() => remoteHubFrom({}, { url: 'http://10.0.0.5:8080' }, FILE))).toMatch(/"allowPlainHttp": true in \/u\/device.json/);
    const allowed = remoteHubFrom({ GUICHET_HUB_URL: 'http://10.0.0.5:8080', GUICHET_ALLOW_PLAIN_HTTP: '1' }, undefined, FILE);
    expect(allowed).toMatchObject({ url: 'http://10.0.0.5:8080', pin: null, warning: expect.stringMatching(/^WARNING: .*plain HTTP/) });
    expect(remoteHubFrom({}, { url: 'http://10.0.0.5:8080', allowPlainHttp: true }, FILE)?.warning).toMatch(/plain HTTP/);
    // This machine's own address needs no certificate (a hub beside the app, another port).
    expect(remoteHubFrom({ GUICHET_HUB_URL: 'http://127.0.0.1:9080' }, undefined, FILE)).toEqual({ url: 'http://127.0.0.1:9080', host: '127.0.0.1', pin: null });
  });
});
