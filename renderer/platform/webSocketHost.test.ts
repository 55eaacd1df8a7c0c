import { describe, expect, it } from 'vitest';
import { HostError } from '../../shared/host/contract.js';
import { FakeSocket } from '../testing/fakeSocket.js';
import { toWebSocketUrl } from './browser.js';
import { WebSocketHostBridge } from './webSocketHost.js';

function bridge(timeoutMs = 1000) {
  const sockets: FakeSocket[] = [];
  const b = new WebSocketHostBridge({
    url: 'ws://host/host',
    timeoutMs,
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      queueMicrotask(() => s.open());
      return s;
    },
  });
  return { b, sockets };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('WebSocketHostBridge', () => {
  it('sends a request frame and resolves with the parsed output', async () => {
    const { b, sockets } = bridge();
    const call = b.invoke('printer:printTicket', { path: '/ticket/T1?paper=80', paper: 80 });
    await flush();
    const frame = JSON.parse(sockets[0]?.sent[0] ?? '{}');
    expect(frame).toMatchObject({ channel: 'printer:printTicket', input: { path: '/ticket/T1?paper=80', paper: 80 } });
    sockets[0]?.receive({ id: frame.id, ok: true, output: { mode: 'dialog' } });
    await expect(call).resolves.toEqual({ mode: 'dialog' });
  });

  it('rejects with the host error', async () => {
    const { b, sockets } = bridge();
    const call = b.invoke('app:info', undefined);
    await flush();
    const frame = JSON.parse(sockets[0]?.sent[0] ?? '{}');
    sockets[0]?.receive({ id: frame.id, ok: false, error: { code: 'bad_input', message: 'nope' } });
    await expect(call).rejects.toMatchObject({ name: 'HostError', code: 'bad_input' });
  });

  it('rejects a malformed answer', async () => {
    const { b, sockets } = bridge();
    const call = b.invoke('printer:printTicket', { path: '/ticket/T1', paper: 58 });
    await flush();
    const frame = JSON.parse(sockets[0]?.sent[0] ?? '{}');
    sockets[0]?.receive({ id: frame.id, ok: true, output: { mode: 'fax' } });
    await expect(call).rejects.toMatchObject({ code: 'bad_output' });
  });

  it('fails calls in flight when the socket closes, and reconnects on the next call', async () => {
    const { b, sockets } = bridge();
    const call = b.invoke('app:info', undefined);
    await flush();
    sockets[0]?.close();
    await expect(call).rejects.toBeInstanceOf(HostError);
    const again = b.invoke('app:info', undefined);
    await flush();
    expect(sockets).toHaveLength(2);
    const frame = JSON.parse(sockets[1]?.sent[0] ?? '{}');
    sockets[1]?.receive({ id: frame.id, ok: true, output: { host: 'browser', version: '1', platform: 'linux', hubUrl: 'http://h' } });
    await expect(again).resolves.toMatchObject({ host: 'browser' });
  });

  it('fails when no host socket exists', async () => {
    const b = new WebSocketHostBridge({
      url: 'ws://host/host',
      createSocket: (url) => {
        const s = new FakeSocket(url);
        queueMicrotask(() => s.close());
        return s;
      },
    });
    await expect(b.invoke('app:info', undefined)).rejects.toMatchObject({ code: 'failed' });
  });

  it('times out', async () => {
    const { b } = bridge(20);
    await expect(b.invoke('app:info', undefined)).rejects.toThrow(/did not answer/);
  });
});

describe('toWebSocketUrl', () => {
  it('maps http to ws and https to wss', () => {
    expect(toWebSocketUrl('http://10.0.0.5:8080', '/api/v1/stream')).toBe('ws://10.0.0.5:8080/api/v1/stream');
    expect(toWebSocketUrl('https://hub.example', '/host')).toBe('wss://hub.example/host');
  });
});
