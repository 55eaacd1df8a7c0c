import type { FastifyRequest } from 'fastify';

/**
 * The request's JSON body for a schema to parse: `{}` when the request carried no body at all
 * (a command without arguments), else exactly what was sent. A JSON `null` stays `null`, so the
 * schema refuses it (400): `req.body ?? {}` used to read it as "no body".
 */
export function bodyOf(req: FastifyRequest): unknown {
  return req.body === undefined ? {} : req.body;
}
