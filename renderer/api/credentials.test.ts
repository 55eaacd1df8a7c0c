import { afterEach, describe, expect, it } from 'vitest';
import { QueueError } from '../../shared/api/errors.js';
import { credentialHeaders, credentialTrouble, onCredentialTrouble, resetCredentialsForTests, setDeviceToken, setSessionToken, withSocketCredentials } from './credentials.js';
import { hubRequest } from './hub.js';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fetch that records what it was sent and answers `reply`. */
function recording(reply: () => Response = () => json(200, { ok: true })) {
  const seen: { url: string; headers: Record<string, string> }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    seen.push({ url, headers: init.headers as Record<string, string> });
    return reply();
  }) as unknown as typeof fetch;
  return { seen, fetchImpl };
}

afterEach(() => resetCredentialsForTests());

describe('credentials on every hub request', () => {
  it('sends nothing before enrolment, the device token once enrolled, and the session once signed in', async () => {
    const { seen, fetchImpl } = recording();
    await hubRequest('/api/v1/queue', { baseUrl: 'http://hub', fetchImpl });
    expect(seen[0]!.headers['x-guichet-device']).toBeUndefined();
    expect(seen[0]!.headers.authorization).toBeUndefined();

    setDeviceToken('dev-token-1');
    await hubRequest('/api/v1/queue', { baseUrl: 'http://hub', fetchImpl });
    expect(seen[1]!.headers['x-guichet-device']).toBe('dev-token-1');
    expect(seen[1]!.headers.authorization).toBeUndefined();

    setSessionToken('session-token-1');
    await hubRequest('/api/v1/counters/2/call-next', { method: 'POST', body: {}, baseUrl: 'http://hub', fetchImpl });
    expect(seen[2]!.headers).toMatchObject({ 'x-guichet-device': 'dev-token-1', authorization: 'Bearer session-token-1', 'content-type': 'application/json' });

    setSessionToken(null);
    await hubRequest('/api/v1/queue', { baseUrl: 'http://hub', fetchImpl });
    expect(seen[3]!.headers.authorization).toBeUndefined();
    expect(seen[3]!.headers['x-guichet-device']).toBe('dev-token-1');
  });

  it('sends none with credentials: false (enrolling with a code) and exactly the given ones otherwise', async () => {
    setDeviceToken('dev-token-1');
    setSessionToken('session-token-1');
    const { seen, fetchImpl } = recording();
    await hubRequest('/api/v1/sync/enrol', { method: 'POST', body: {}, credentials: false, baseUrl: 'http://hub', fetchImpl });
    expect(seen[0]!.headers['x-guichet-device']).toBeUndefined();
    expect(seen[0]!.headers.authorization).toBeUndefined();
    await hubRequest('/api/v1/session/sign-out', { method: 'POST', credentials: { device: 'd-2', session: 's-2' }, baseUrl: 'http://hub', fetchImpl });
    expect(seen[1]!.headers).toMatchObject({ 'x-guichet-device': 'd-2', authorization: 'Bearer s-2' });
  });

  it('tells the device layer when the hub refuses the token it was sent', async () => {
    setDeviceToken('dev-token-1');
    setSessionToken('session-token-1');
    const heard: string[] = [];
    onCredentialTrouble((trouble, err, sent) => heard.push(`${trouble}:${err.reason ?? err.code}:${sent.device}/${sent.session}`));
    const answers = [
      json(401, { error: { code: 'unauthorized', message: 'the device token is unknown or revoked', reason: 'device_required' } }),
      json(401, { error: { code: 'unauthorized', message: 'the session is unknown, signed out or expired', reason: 'session_required' } }),
      json(423, { error: { code: 'session_locked', message: 'locked', reason: 'session_locked' } }),
      json(403, { error: { code: 'forbidden', message: 'another workstation', reason: 'other_device' } }),
      // A wrong PIN is the screen's to show, not a refused credential.
      json(401, { error: { code: 'unauthorized', message: 'unknown staff member or wrong PIN', reason: 'bad_credentials' } }),
      json(409, { error: { code: 'conflict', message: 'the ticket changed' } }),
    ];
    const { fetchImpl } = recording(() => answers.shift()!);
    for (let i = 0; i < 6; i++) await hubRequest('/api/v1/x', { baseUrl: 'http://hub', fetchImpl }).catch(() => undefined);
    expect(heard).toEqual([
      'device:device_required:dev-token-1/session-token-1',
      'session:session_required:dev-token-1/session-token-1',
      'locked:session_locked:dev-token-1/session-token-1',
      'session:other_device:dev-token-1/session-token-1',
    ]);
  });

  it('reads a 401 without a reason (the sync API, device-token routes) as the device refused, only when one was sent', () => {
    const err = new QueueError('unauthorized', 'a valid device token is required');
    expect(credentialTrouble(err, { device: 'd', session: null })).toBe('device');
    expect(credentialTrouble(err, { device: null, session: null })).toBeNull();
    expect(credentialTrouble(new QueueError('unauthorized', 'x', 'session_required'), { device: 'd', session: null })).toBeNull();
  });

  it('puts the same tokens on a WebSocket as query parameters', () => {
    expect(withSocketCredentials('ws://hub:8080/api/v1/stream', { device: 'd 1', session: null })).toBe('ws://hub:8080/api/v1/stream?device=d+1');
    expect(withSocketCredentials('ws://hub/api/v1/live/listen?counter=2', { device: 'd1', session: 's1' })).toBe('ws://hub/api/v1/live/listen?counter=2&device=d1&session=s1');
    setDeviceToken('dev-1');
    setSessionToken('ses-1');
    expect(credentialHeaders()).toEqual({ 'x-guichet-device': 'dev-1', authorization: 'Bearer ses-1' });
  });
});
