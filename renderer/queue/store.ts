import { create } from 'zustand';
import type { QueueEvent, QueueSnapshot } from '../../shared/queue/events.js';
import { applyEvent } from '../../shared/queue/snapshot.js';
import { onHubReachability } from '../api/hub.js';
import { getCredentials, onCredentialsChange, withSocketCredentials } from '../api/credentials.js';
import { getPlatform, toWebSocketUrl } from '../platform/index.js';
import { StreamClient } from './streamClient.js';
import type { SideMessage } from './streamClient.js';

/** Enough recent calls for the largest hall history (12) plus the current call. */
export const RECENT_CALLS_KEPT = 13;

export type HubStatus = 'connecting' | 'online' | 'offline';

export interface QueueState {
  /** The last snapshot received; kept (stale) while offline so screens still draw something. */
  snapshot: QueueSnapshot | null;
  /** True while the stream is up and the snapshot is current. */
  connected: boolean;
  /** 'connecting' only until the first attempt succeeds or fails. */
  status: HubStatus;
  /** When the stream last went down (ms), null while connected. */
  offlineSince: number | null;
}

export const useQueueStore = create<QueueState>(() => ({
  snapshot: null,
  connected: false,
  status: 'connecting',
  offlineSince: null,
}));

type EventListener = (event: QueueEvent, snapshot: QueueSnapshot) => void;
const eventListeners = new Set<EventListener>();

/** Called for every new event after it is applied (the hall announces calls from here). */
export function subscribeQueueEvents(listener: EventListener): () => void {
  eventListeners.add(listener);
  return () => eventListeners.delete(listener);
}

/** Applies one stream event; false when it does not follow the snapshot (a gap: resync). */
export function receiveEvent(event: QueueEvent): boolean {
  const { snapshot } = useQueueStore.getState();
  if (!snapshot) return false;
  if (event.seq <= snapshot.lastSeq) return true; // a replay after reconnect
  if (event.seq !== snapshot.lastSeq + 1) return false;
  const next = applyEvent(snapshot, event, RECENT_CALLS_KEPT);
  useQueueStore.setState({ snapshot: next });
  for (const l of eventListeners) l(event, next);
  return true;
}

type MessageListener = (message: SideMessage) => void;
const messageListeners = new Set<MessageListener>();

/** Called for every stream message that is not a queue snapshot or event (e.g. phrases). */
export function subscribeStreamMessages(listener: MessageListener): () => void {
  messageListeners.add(listener);
  return () => messageListeners.delete(listener);
}

export function receiveMessage(message: SideMessage): void {
  for (const l of messageListeners) l(message);
}

export function receiveSnapshot(snapshot: QueueSnapshot): void {
  useQueueStore.setState({ snapshot });
}

export function receiveStatus(connected: boolean): void {
  useQueueStore.setState((s) => ({
    connected,
    status: connected ? 'online' : 'offline',
    offlineSince: connected ? null : (s.offlineSince ?? Date.now()),
  }));
}

let client: StreamClient | null = null;
let users = 0;
let unhookReachability: (() => void) | null = null;
let unhookCredentials: (() => void) | null = null;

/** The stream's address with this page's device token (and session) as query parameters. */
export function streamUrl(hubUrl: () => Promise<string> = () => getPlatform().hubUrl()): Promise<string> {
  return hubUrl().then((hub) => withSocketCredentials(toWebSocketUrl(hub, '/api/v1/stream')));
}

/** Starts the shared stream (reference counted); returns the matching stop. */
export function retainQueueStream(): () => void {
  users++;
  if (!client) {
    client = new StreamClient({
      url: () => streamUrl(),
      handlers: { onSnapshot: receiveSnapshot, onEvent: receiveEvent, onStatus: receiveStatus, onMessage: receiveMessage },
    });
    unhookReachability = onHubReachability((reachable) => {
      if (reachable) client?.nudge();
    });
    // A new device token (enrolled again): reopen with it.
    let device = getCredentials().device;
    unhookCredentials = onCredentialsChange((c) => {
      if (c.device !== device && client) {
        client.stop();
        client.start();
      }
      device = c.device;
    });
  }
  client.start();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    users--;
    if (users === 0 && client) {
      client.stop();
      unhookReachability?.();
      unhookReachability = null;
      unhookCredentials?.();
      unhookCredentials = null;
      client = null;
    }
  };
}
