import type { FastifyInstance } from 'fastify';
import { WindowParam } from '../../../shared/api/params.js';
import { RatingAnswer } from '../../../shared/ratings/api.js';
import type { RatingNotice } from '../../../shared/ratings/api.js';
import { bodyOf } from '../../http/body.js';
import type { RatingHub } from './ratingHub.js';

/**
 * Ratings on the LAN API (docs/api.md): the customer's answer, a window's rating state, the
 * lead's follow-ups, and a stream of notices so screens refresh when something changes.
 */
export function registerRatingRoutes(app: FastifyInstance, ratings: RatingHub): void {
  // A static last segment: Fastify routes it here before the counter commands' /:action.
  app.post('/api/v1/counters/:n/rating', async (req, reply) => {
    const { n } = WindowParam.parse(req.params);
    const accepted = await ratings.rate(n, RatingAnswer.parse(bodyOf(req)));
    return reply.status(201).send(accepted);
  });

  app.get('/api/v1/counters/:n/rating', async (req) => {
    const { n } = WindowParam.parse(req.params);
    return ratings.state(n);
  });

  app.get('/api/v1/follow-ups', async () => ({ followUps: await ratings.followUps() }));

  app.get('/api/v1/ratings/stream', { websocket: true }, (socket) => {
    const send = (m: RatingNotice): void => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
    };
    const unsubscribe = ratings.subscribe(send);
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
  });
}
