import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { hubOptionsFromEnv } from './hubOptions.js';

describe('hubOptionsFromEnv', () => {
  it('defaults to loopback port 8080, data under userData and the demo branch', () => {
    expect(hubOptionsFromEnv({}, '/home/a/.config/Guichet')).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.join('/home/a/.config/Guichet', 'data'),
      hostKind: 'electron',
      configPath: undefined,
    });
  });
  it('takes the port, data folder and branch file from the environment', () => {
    expect(hubOptionsFromEnv({ GUICHET_PORT: '9123', GUICHET_DATA_DIR: '/srv/guichet', GUICHET_CONFIG: '/etc/branch.json' }, '/u')).toMatchObject({
      port: 9123,
      dataDir: '/srv/guichet',
      configPath: '/etc/branch.json',
    });
    expect(hubOptionsFromEnv({ GUICHET_PORT: '0' }, '/u').port).toBe(0);
  });
  it('refuses a port that is not one, instead of silently using another', () => {
    for (const bad of ['abc', '-1', '70000', '80.5']) {
      expect(() => hubOptionsFromEnv({ GUICHET_PORT: bad }, '/u'), bad).toThrow(/GUICHET_PORT/);
      expect(() => hubOptionsFromEnv({ GUICHET_HQ_PORT: bad }, '/u'), bad).toThrow(/GUICHET_HQ_PORT/);
    }
  });
  it('takes the embedded head office port from GUICHET_HQ_PORT', () => {
    expect(hubOptionsFromEnv({ GUICHET_HQ_PORT: '9200' }, '/u').hqPort).toBe(9200);
    expect(hubOptionsFromEnv({}, '/u')).not.toHaveProperty('hqPort');
  });
});
