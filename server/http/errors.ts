import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError, z } from 'zod';
import { QueueError } from '../../shared/api/errors.js';
import type { ApiErrorBody } from '../../shared/api/errors.js';

/** Every failure leaves as {"error": {"code", "message"}} with a 4xx/5xx status; nothing else. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    if (err instanceof QueueError) return reply.status(err.status).send(err.toBody());
    if (err instanceof ZodError) {
      return reply.status(400).send(body('bad_request', z.prettifyError(err)));
    }
    const status = (err as FastifyError).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own refusals: malformed JSON, wrong content type, body too large.
      return reply.status(status).send(body('bad_request', err.message));
    }
    // Log the route, never the body: bodies may carry personal data.
    request.log.error({ err: { message: err.message, stack: err.stack }, url: request.routeOptions.url }, 'request failed');
    return reply.status(500).send(body('internal', 'the server failed; the request was not applied'));
  });
}

export function body(code: ApiErrorBody['error']['code'], message: string): ApiErrorBody {
  return { error: { code, message } };
}
