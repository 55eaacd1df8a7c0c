import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError, z } from 'zod';
import { QueueError } from '../../shared/api/errors.js';
import type { ApiErrorBody, ApiErrorCode } from '../../shared/api/errors.js';

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
      return reply.status(status).send(body(codeForStatus(status), err.message));
    }
    // Log the route, never the body: bodies may carry personal data.
    request.log.error({ err: { message: err.message, stack: err.stack }, url: request.routeOptions.url }, 'request failed');
    return reply.status(500).send(body('internal', 'the server failed; the request was not applied'));
  });
}

export function body(code: ApiErrorBody['error']['code'], message: string): ApiErrorBody {
  return { error: { code, message } };
}

/** The code of one of the framework's own 4xx refusals. */
export function codeForStatus(status: number): ApiErrorCode {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 414:
      return 'uri_too_long';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'too_many_requests';
    default:
      return 'bad_request';
  }
}

/**
 * Fastify's `frameworkErrors`: the router's refusals before any route or hook runs (a malformed
 * %-escape is 400, a path parameter over maxParamLength 414), sent in the project's error shape.
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  const message = status === 414 ? 'a path parameter is too long' : 'the address is not valid';
  void reply.status(status).send(body(codeForStatus(status), message));
}
