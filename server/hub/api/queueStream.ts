import type { FastifyInstance } from 'fastify';
import type { StreamMessage } from '../../../shared/queue/events.js';
import type { QueueHub } from '../queue/queueHub.js';

/**
 * Live queue for displays and counters: a snapshot first, then every event in commit order.
 * A client that reconnects gets a fresh snapshot, so it never has to replay a gap.
 */
export function registerQueueStream(app: FastifyInstance, hub: QueueHub): void {
  app.get('/api/v1/stream', { websocket: true }, (socket) => {
    const send = (m: StreamMessage): void => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
    };
    // Snapshot and subscription happen in one tick, so no event can fall between them.
    send({ type: 'snapshot', snapshot: hub.snapshot() });
    const unsubscribe = hub.subscribe((event) => send({ type: 'event', event }));
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
  });
}
