import { afterEach, describe, expect, it } from 'vitest';
import { resetCredentialsForTests, setDeviceToken, setSessionToken } from '../api/credentials.js';
import { FakeSocket } from '../testing/fakeSocket.js';
import { streamUrl } from './store.js';
import { StreamClient } from './streamClient.js';

afterEach(() => resetCredentialsForTests());

describe('the queue stream carries the credentials', () => {
  it('opens the queue stream with the device token and session', async () => {
    setDeviceToken('dev-token-9');
    setSessionToken('session-9');
    FakeSocket.all.length = 0;
    const client = new StreamClient({
      url: () => streamUrl(() => Promise.resolve('http://10.0.0.5:8080')),
      handlers: { onSnapshot: () => undefined, onEvent: () => true, onStatus: () => undefined },
      createSocket: (url) => new FakeSocket(url),
    });
    client.start();
    await new Promise((r) => setTimeout(r, 0));
    client.stop();
    const url = new URL(FakeSocket.all[0]!.url);
    expect(url.protocol).toBe('ws:');
    expect(url.pathname).toBe('/api/v1/stream');
    expect(url.searchParams.get('device')).toBe('dev-token-9');
    expect(url.searchParams.get('session')).toBe('session-9');
  });
});
