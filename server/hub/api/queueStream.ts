import type { FastifyInstance } from 'fastify';
import type { StreamMessage } from '../../../shared/queue/events.js';
import type { Actor } from '../access/types.js';
import type { QueueHub } from '../queue/queueHub.js';

/**
 * Other live state on the same stream (e.g. the phrases' special prompts): sent on connect, then
 * on change. `viewer` is who opened the socket (the access gate's req.actor): a side whose
 * messages are not for every device (the complaint log's reminders) sends only what the viewer
 * may see.
 */
export interface StreamSide {
  current(): StreamMessage[];
  subscribe(send: (message: StreamMessage) => void, viewer?: Actor): () => void;
}

/**
 * Live queue for displays and counters: a snapshot first, then every event in commit order.
 * A client that reconnects gets a fresh snapshot, so it never has to replay a gap.
 */
export function registerQueueStream(app: FastifyInstance, hub: QueueHub, sides: readonly StreamSide[] = []): void {
  app.get('/api/v1/stream', { websocket: true }, (socket, req) => {
    const send = (m: StreamMessage): void => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
    };
    // Snapshot and subscription happen in one tick, so no event can fall between them.
    send({ type: 'snapshot', snapshot: hub.snapshot() });
    const unsubscribes = [hub.subscribe((event) => send({ type: 'event', event }))];
    for (const side of sides) {
      for (const m of side.current()) send(m);
      unsubscribes.push(side.subscribe(send, (req as { actor?: Actor }).actor));
    }
    const unsubscribe = () => unsubscribes.forEach((u) => u());
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
  });
}
