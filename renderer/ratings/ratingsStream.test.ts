import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetCredentialsForTests, setDeviceToken } from '../api/credentials.js';
import { setPlatformForTests } from '../platform/index.js';
import { FakeSocket } from '../testing/fakeSocket.js';
import { watchRatings } from './ratingsApi.js';

afterEach(() => {
  resetCredentialsForTests();
  setPlatformForTests(null);
  vi.unstubAllGlobals();
});

describe('the ratings stream', () => {
  it('opens with the device token as a query parameter (a socket has no headers)', async () => {
    FakeSocket.all.length = 0;
    vi.stubGlobal('WebSocket', FakeSocket);
    setPlatformForTests({ kind: 'browser', host: { invoke: () => Promise.reject(new Error('no host')) } as never, hubUrl: () => Promise.resolve('https://hub.branch:8443') });
    setDeviceToken('display-token-2');
    const stop = watchRatings(
      () => undefined,
      () => undefined,
    );
    await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    stop();
    const url = new URL(FakeSocket.all[0]!.url);
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe('wss://hub.branch:8443/api/v1/ratings/stream');
    expect(url.searchParams.get('device')).toBe('display-token-2');
    expect(url.searchParams.has('session')).toBe(false);
  });
});
