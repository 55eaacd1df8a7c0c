import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchHostCall } from '../../shared/host/contract.js';
import { deviceTokenSecret } from '../../shared/host/secrets.js';
import { newId } from '../../shared/ids.js';
import { browserHostHandlersFor, browserHostSecretFile } from './browserHostHandlers.js';
import type { RecordingHandlers } from './recording/recordingHostService.js';
import { unavailableRecordingHandlers } from './recording/unavailable.js';
import { SecretFile, fileOnlyCodec, isLoopbackAddress, isSameMachineCaller } from './secretStore.js';
import type { SecretCodec } from './secretStore.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guichet-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const counter3 = deviceTokenSecret('counter', 3);
const kiosk = deviceTokenSecret('kiosk');
const posix = process.platform !== 'win32';

function collect() {
  const warnings: string[] = [];
  return { warnings, warn: (m: string) => void warnings.push(m) };
}

describe('the browser host secret file', () => {
  it('keeps, reads back and forgets values, in a file only its user may read', async () => {
    const store = browserHostSecretFile(dir);
    expect(store.path).toBe(join(dir, 'host', 'secrets.json'));
    expect(await store.get(counter3)).toBeNull();
    await store.set(counter3, 'tok-3');
    await store.set(kiosk, 'tok-k');
    expect(await store.get(counter3)).toBe('tok-3');
    // A second store over the same file (a restart) reads what the first wrote.
    expect(await browserHostSecretFile(dir).get(kiosk)).toBe('tok-k');
    if (posix) {
      expect((await stat(store.path)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir, 'host'))).mode & 0o077).toBe(0);
    }
    await store.set(counter3, null);
    expect(await store.get(counter3)).toBeNull();
    expect(JSON.parse(await readFile(store.path, 'utf8'))).toEqual({ format: 1, scheme: 'plain', secrets: { 'device-token:kiosk': 'tok-k' } });
    expect(store.storage).toBe('host-file');
  });

  it('loses no write when several arrive at once', async () => {
    const store = browserHostSecretFile(dir);
    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => store.set(deviceTokenSecret('counter', n), `t${n}`)));
    const again = browserHostSecretFile(dir);
    for (let n = 1; n <= 8; n++) expect(await again.get(deviceTokenSecret('counter', n))).toBe(`t${n}`);
  });

  it.runIf(posix)('narrows a file someone made readable to others', async () => {
    const { warnings, warn } = collect();
    const store = new SecretFile(join(dir, 'secrets.json'), fileOnlyCodec, warn);
    await store.set(kiosk, 'tok');
    await chmod(store.path, 0o644);
    expect(await store.get(kiosk)).toBe('tok');
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    expect(warnings.join()).toMatch(/0600/);
  });

  it('reads a damaged file, or one sealed another way, as empty, and never prints a value', async () => {
    const { warnings, warn } = collect();
    const path = join(dir, 'secrets.json');
    await writeFile(path, '{not json', { mode: 0o600 });
    const store = new SecretFile(path, fileOnlyCodec, warn);
    expect(await store.get(kiosk)).toBeNull();
    await store.set(kiosk, 'fresh');
    expect(await store.get(kiosk)).toBe('fresh');

    await writeFile(path, JSON.stringify({ format: 1, scheme: 'electron-safeStorage', secrets: { 'device-token:kiosk': 'c2VjcmV0LXRva2Vu' } }));
    expect(await store.get(kiosk)).toBeNull();
    expect(warnings.some((w) => /damaged/.test(w))).toBe(true);
    expect(warnings.at(-1)).toMatch(/sealed as "electron-safeStorage"/);
    expect(warnings.join()).not.toMatch(/fresh|c2VjcmV0/);
  });

  it('seals through its codec, and seals again when the codec asks', async () => {
    let generation = 1;
    const codec: SecretCodec = {
      storage: 'os',
      scheme: 'test',
      seal: async (plain) => `g${generation}:${[...plain].reverse().join('')}`,
      open: async (sealed) => {
        const [g, body] = sealed.split(':') as [string, string];
        return { value: [...body].reverse().join(''), reseal: g !== `g${generation}` };
      },
    };
    const store = new SecretFile(join(dir, 'secrets.json'), codec);
    await store.set(kiosk, 'abc');
    expect(await readFile(store.path, 'utf8')).not.toContain('abc');
    generation = 2;
    expect(await store.get(kiosk)).toBe('abc');
    expect(JSON.parse(await readFile(store.path, 'utf8')).secrets['device-token:kiosk']).toBe('g2:cba');
  });
});

describe('who the browser host keeps secrets for', () => {
  it('knows loopback peers', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ['10.0.0.5', '::ffff:192.168.1.2', 'fe80::1', '', undefined, '128.0.0.1']) expect(isLoopbackAddress(a), String(a)).toBe(false);
  });

  it('is a page on this machine opened at a loopback name, not one rebound there by DNS', () => {
    expect(isSameMachineCaller({ remoteAddress: '127.0.0.1', host: '127.0.0.1:8080' })).toBe(true);
    expect(isSameMachineCaller({ remoteAddress: '::1', host: 'localhost:8080' })).toBe(true);
    expect(isSameMachineCaller({ remoteAddress: '::1', host: '[::1]:8080' })).toBe(true);
    expect(isSameMachineCaller({ remoteAddress: '127.0.0.1', host: 'evil.example:8080' })).toBe(false);
    expect(isSameMachineCaller({ remoteAddress: '192.168.1.20', host: '192.168.1.10:8080' })).toBe(false);
    expect(isSameMachineCaller({ remoteAddress: '192.168.1.20', host: 'localhost:8080' })).toBe(false);
    expect(isSameMachineCaller({ remoteAddress: '127.0.0.1', host: undefined })).toBe(false);
  });

  it('answers this machine from the file and refuses other machines with forbidden_sender', async () => {
    const forPeer = browserHostHandlersFor({ version: '1', hubUrl: '' }, undefined, browserHostSecretFile(dir));
    const local = forPeer({ remoteAddress: '127.0.0.1', host: '127.0.0.1:8080' });
    const remote = forPeer({ remoteAddress: '192.168.1.20', host: '192.168.1.10:8080' });
    await expect(dispatchHostCall(local, 'secrets:set', { name: 'device-token:hall', value: 'tok-h' })).resolves.toEqual({ storage: 'host-file' });
    await expect(dispatchHostCall(local, 'secrets:get', { name: 'device-token:hall' })).resolves.toEqual({ value: 'tok-h' });
    await expect(dispatchHostCall(remote, 'secrets:get', { name: 'device-token:hall' })).rejects.toMatchObject({ code: 'forbidden_sender' });
    await expect(dispatchHostCall(remote, 'secrets:set', { name: 'device-token:hall', value: 'x' })).rejects.toMatchObject({ code: 'forbidden_sender' });
    // Nor does another machine reach the recorder: no microphone list, no files, nothing deleted.
    const file = { recordingId: newId(), bytes: 10, finished: null, held: false };
    let deleted = 0;
    const recorder: RecordingHandlers = {
      ...unavailableRecordingHandlers('test'),
      'recording:microphones': async () => ({ source: 'pulse', microphones: [{ id: 'pulse:mic', label: 'Desk microphone' }] }),
      'recording:list': async () => ({ files: [file], current: null }),
      'recording:delete': async () => ((deleted += 1), { deleted: true, reason: 'deleted' }),
    };
    const withRecorder = browserHostHandlersFor({ version: '1', hubUrl: '' }, recorder, browserHostSecretFile(dir));
    const near = withRecorder({ remoteAddress: '127.0.0.1', host: '127.0.0.1:8080' });
    const far = withRecorder({ remoteAddress: '192.168.1.20', host: '192.168.1.10:8080' });
    await expect(dispatchHostCall(near, 'recording:list', { counter: 1 })).resolves.toEqual({ files: [file], current: null });
    await expect(dispatchHostCall(far, 'recording:list', { counter: 1 })).resolves.toEqual({ files: [], current: null });
    await expect(dispatchHostCall(far, 'recording:microphones', undefined)).resolves.toEqual({ source: 'none', microphones: [] });
    const del = { counter: 1, recordingId: file.recordingId, sha256: 'a'.repeat(64), credentials: { deviceId: 'counter-1', token: 'x'.repeat(20), branchId: 'demo-001' } };
    await expect(dispatchHostCall(far, 'recording:delete', del)).resolves.toEqual({ deleted: false, reason: 'missing' });
    expect(deleted).toBe(0);
    await expect(dispatchHostCall(near, 'recording:delete', del)).resolves.toEqual({ deleted: true, reason: 'deleted' });
    expect(deleted).toBe(1);
    // The rest of the host is the same for both.
    await expect(dispatchHostCall(remote, 'app:info', undefined)).resolves.toMatchObject({ host: 'browser' });
    await expect(dispatchHostCall(local, 'secrets:get', { name: 'device-token:hall' })).resolves.toEqual({ value: 'tok-h' });
  });
});
