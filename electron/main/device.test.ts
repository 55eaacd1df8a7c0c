import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEVICE_FILE, loadDeviceConfig, rolePath } from './device.js';
import { remoteHubFrom, UnreadableHubSetting } from './remoteHub.js';

describe('loadDeviceConfig', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-device-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const write = (content: string) => writeFile(path.join(dir, DEVICE_FILE), content);

  it('starts the launcher on a new install, without complaint', async () => {
    expect(await loadDeviceConfig(dir)).toEqual({ device: { role: 'launcher' } });
  });

  it('reads a valid device', async () => {
    await write(JSON.stringify({ role: 'counter', counter: 3, customerDisplay: { displayId: 2779098405 } }));
    expect(await loadDeviceConfig(dir)).toEqual({ device: { role: 'counter', counter: 3, customerDisplay: { displayId: 2779098405 } } });
  });

  it('keeps the branch hub setting apart from the role, even when the role is invalid', async () => {
    const hub = { url: 'https://10.0.0.5:8443', fingerprint: 'AB' };
    await write(JSON.stringify({ role: 'kiosk', hub }));
    expect(await loadDeviceConfig(dir)).toEqual({ device: { role: 'kiosk' }, hub });
    await write(JSON.stringify({ role: 'kiosque', hub }));
    const typo = await loadDeviceConfig(dir);
    expect(typo).toMatchObject({ device: { role: 'launcher' }, hub });
    expect(typo.problem).toMatch(/role/);
  });

  it('marks a broken file that names a hub, so the start stops instead of running a hub of its own', async () => {
    await write('{"role": "counter", "counter": 2, "hub": {"url": "https://10.0.0.5:8443",}}');
    const broken = await loadDeviceConfig(dir);
    expect(broken.device).toEqual({ role: 'launcher' });
    expect(broken.hub).toBeInstanceOf(UnreadableHubSetting);
    expect(() => remoteHubFrom({}, broken.hub, 'device.json')).toThrow(/^device.json names a "hub" but is not valid JSON/);
  });

  it('falls back to the launcher with a clear problem', async () => {
    await write('{ role: hall }');
    const notJson = await loadDeviceConfig(dir);
    expect(notJson.device).toEqual({ role: 'launcher' });
    expect(notJson.problem).toMatch(/not valid JSON/);

    await write(JSON.stringify({ role: 'counter' }));
    expect((await loadDeviceConfig(dir)).problem).toMatch(/role "counter" needs a counter number/);

    await write(JSON.stringify({ role: 'hall', counetr: 2 }));
    expect((await loadDeviceConfig(dir)).problem).toMatch(/counetr/);

    await write(JSON.stringify({ role: 'cashier' }));
    const badRole = await loadDeviceConfig(dir);
    expect(badRole).toMatchObject({ device: { role: 'launcher' } });
    expect(badRole.problem).toMatch(/role/);

    await write(JSON.stringify({ role: 'counter-display', counter: 100 }));
    expect((await loadDeviceConfig(dir)).problem).toMatch(/counter/);
  });
});

describe('rolePath', () => {
  it('maps each role to its route', () => {
    expect(rolePath({ role: 'counter', counter: 1 })).toBe('/counter/1');
    expect(rolePath({ role: 'counter-display', counter: 12 })).toBe('/counter-display/12');
    expect(rolePath({ role: 'hall' })).toBe('/hall');
    expect(rolePath({ role: 'kiosk' })).toBe('/kiosk');
    expect(rolePath({ role: 'lead' })).toBe('/lead');
    expect(rolePath({ role: 'hq' })).toBe('/hq');
    expect(rolePath({ role: 'launcher' })).toBe('/');
  });
});
