import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueEvent, QueueSnapshot } from '../../shared/queue/events.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { newTicket } from '../../shared/queue/ticket.js';
import { FakeSocket } from '../testing/fakeSocket.js';
import { receiveEvent, receiveSnapshot, receiveStatus, subscribeQueueEvents, useQueueStore } from './store.js';
import { StreamClient } from './streamClient.js';

const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  ...newTicket({ id: 't-1', businessDay: '2025-01-06', service: 'A', number: 'A001', priority: 'none', issuedAt: '2025-01-06T01:00:00.000Z' }),
  ...over,
});

const snapshot = (lastSeq: number, tickets: Ticket[] = []): QueueSnapshot => ({
  branchId: 'demo-001',
  businessDay: '2025-01-06',
  lastSeq,
  tickets,
  recentCalls: [],
});

const called = (seq: number): QueueEvent => ({
  id: `e-${seq}`,
  seq,
  type: 'ticket.called',
  at: '2025-01-06T01:05:00.000Z',
  branchId: 'demo-001',
  counter: 2,
  ticket: ticket({ status: 'called', counter: 2, calledAt: '2025-01-06T01:05:00.000Z', lastCalledAt: '2025-01-06T01:05:00.000Z' }),
  detail: {},
});

function client() {
  const onSnapshot = vi.fn(receiveSnapshot);
  const onEvent = vi.fn(receiveEvent);
  const onStatus = vi.fn(receiveStatus);
  const c = new StreamClient({
    url: () => Promise.resolve('ws://hub/api/v1/stream'),
    handlers: { onSnapshot, onEvent, onStatus },
    createSocket: (url) => new FakeSocket(url),
    delay: (n) => 100 * 2 ** n,
  });
  return { c, onSnapshot, onEvent, onStatus };
}

const lastSocket = () => FakeSocket.all[FakeSocket.all.length - 1] as FakeSocket;

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all.length = 0;
  useQueueStore.setState({ snapshot: null, connected: false, status: 'connecting', offlineSince: null });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('queue stream', () => {
  it('is connected once the snapshot arrives, then applies events in order', async () => {
    const { c } = client();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    const s = lastSocket();
    s.open();
    expect(useQueueStore.getState().connected).toBe(false);
    s.receive({ type: 'snapshot', snapshot: snapshot(4, [ticket()]) });
    expect(useQueueStore.getState()).toMatchObject({ connected: true, status: 'online' });
    const seen: string[] = [];
    const off = subscribeQueueEvents((e) => seen.push(e.id));
    s.receive({ type: 'event', event: called(5) });
    s.receive({ type: 'event', event: called(5) }); // replay: ignored
    off();
    const state = useQueueStore.getState().snapshot;
    expect(state?.lastSeq).toBe(5);
    expect(state?.tickets[0]?.status).toBe('called');
    expect(state?.recentCalls[0]).toMatchObject({ number: 'A001', counter: 2 });
    expect(seen).toEqual(['e-5']);
    c.stop();
  });

  it('resyncs with a fresh snapshot when an event is missing', async () => {
    const { c } = client();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    const first = lastSocket();
    first.open();
    first.receive({ type: 'snapshot', snapshot: snapshot(4) });
    first.receive({ type: 'event', event: called(7) }); // 5 and 6 missed
    expect(first.readyState).toBe(3);
    expect(useQueueStore.getState().snapshot?.lastSeq).toBe(4);
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeSocket.all).toHaveLength(2);
    c.stop();
  });

  it('goes offline when the hub is down and retries with growing delays', async () => {
    const { c, onStatus } = client();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    lastSocket().close(); // refused
    expect(useQueueStore.getState().status).toBe('offline');
    expect(useQueueStore.getState().offlineSince).not.toBeNull();
    await vi.advanceTimersByTimeAsync(99);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(2);
    lastSocket().close();
    await vi.advanceTimersByTimeAsync(199);
    expect(FakeSocket.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(3);
    // The hub is back: the banner goes away.
    lastSocket().open();
    lastSocket().receive({ type: 'snapshot', snapshot: snapshot(9) });
    expect(useQueueStore.getState()).toMatchObject({ connected: true, status: 'online', offlineSince: null });
    expect(onStatus.mock.calls.map((call) => call[0])).toEqual([false, false, true]);
    c.stop();
  });

  it('gives up a socket that never opens', async () => {
    const { c } = client();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(4000);
    expect(FakeSocket.all[0]?.readyState).toBe(3);
    expect(useQueueStore.getState().status).toBe('offline');
    c.stop();
  });

  it('retries at once when nudged', async () => {
    const { c } = client();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    lastSocket().close();
    lastSocket();
    await vi.advanceTimersByTimeAsync(100);
    lastSocket().close(); // now waiting 200 ms
    c.nudge();
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.all).toHaveLength(3);
    c.stop();
  });

  it('ignores garbage frames', async () => {
    const { c, onEvent } = client();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    lastSocket().receive('not json');
    lastSocket().receive({ type: 'event', event: { nope: true } });
    expect(onEvent).not.toHaveBeenCalled();
    c.stop();
  });
});

describe('default reconnect delay', () => {
  it('is the shared full-jitter backoff: the first retry waits below 500 ms', async () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const c = new StreamClient({
      url: () => Promise.resolve('ws://hub/api/v1/stream'),
      handlers: { onSnapshot: receiveSnapshot, onEvent: receiveEvent, onStatus: receiveStatus },
      createSocket: (url) => new FakeSocket(url),
    });
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    lastSocket().close();
    await vi.advanceTimersByTimeAsync(249);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(2);
    c.stop();
    random.mockRestore();
  });
});
