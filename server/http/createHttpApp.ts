import Fastify, { LogController } from 'fastify';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UPLOADS_PATH } from '../../shared/uploads/paths.js';
import { body, frameworkErrors, installErrorHandling } from './errors.js';

export interface HttpAppOptions {
  /** Built renderer to serve (dist-renderer/); absent: API only. */
  rendererDir?: string;
  /** Origins (besides same-origin) allowed to call the API from a browser, e.g. the Electron app's. */
  corsOrigins?: readonly string[];
  logLevel?: 'silent' | 'warn' | 'info';
  /** PEM key and certificate: HTTPS and WSS instead of plain HTTP (server/http/branchCertificate.ts). */
  tls?: { key: string; cert: string };
}

/** The one HTTP/WebSocket server of hub and HQ: JSON API, WebSockets, and the built renderer. */
export async function createHttpApp(opts: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'warn' },
    bodyLimit: 256 * 1024,
    // Request bodies and query strings may hold personal data: never logged.
    logController: new LogController({ disableRequestLogging: true }),
    // A path parameter longer than this is refused (414 uri_too_long), before any route runs.
    routerOptions: { maxParamLength: 100 },
    // The router's own refusals (a malformed %-escape, an over-long parameter) in our error shape.
    frameworkErrors,
    // On the branch LAN the hub speaks TLS (docs/security.md); an https.Server under the same API.
    ...(opts.tls ? { https: { key: opts.tls.key, cert: opts.tls.cert, minVersion: 'TLSv1.2' as const } } : {}),
  });
  installErrorHandling(app);
  // Strict JSON (DESIGN.md §8): fastify's parser (prototype poisoning refused, an empty body
  // refused), and no byte order mark: RFC 8259 lets a parser skip one; we refuse it (400).
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, text, done) => {
    const body = String(text);
    if (body.charCodeAt(0) === 0xfeff) return done(Object.assign(new Error('a JSON body starts without a byte order mark'), { statusCode: 400 }), undefined);
    return json(req, body, done);
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 1024 * 1024 } });

  const cors = new Set(opts.corsOrigins ?? []);
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (origin !== undefined && cors.has(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'origin');
      reply.header('access-control-allow-headers', 'content-type, idempotency-key, authorization, x-outbox-pending, tus-resumable, upload-length, upload-offset, upload-metadata');
      reply.header('access-control-expose-headers', 'location, upload-offset, upload-length, tus-resumable');
      reply.header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS');
      if (req.method === 'OPTIONS') return reply.status(204).send();
    }
  });

  // Bodies are strict JSON (DESIGN.md §8): a body of another type is refused before it is read.
  // tus uploads (docs/uploads.md) carry their own content types and keep them.
  app.addHook('onRequest', async (req, reply) => {
    if (!hasBody(req.headers) || req.url.startsWith(UPLOADS_PATH) || req.url.split('?')[0] === UPLOADS_PATH.replace(/\/$/, '')) return;
    const type = req.headers['content-type'];
    if (type === undefined || !JSON_TYPE.test(type)) {
      return reply.status(415).send(body('unsupported_media_type', 'a request body must be JSON (content-type: application/json)'));
    }
  });

  const rendererDir = opts.rendererDir;
  const index = rendererDir ? join(rendererDir, 'index.html') : undefined;
  if (rendererDir && index && existsSync(index)) {
    await app.register(fastifyStatic, { root: rendererDir, wildcard: false, index: false });
  }
  app.setNotFoundHandler((req, reply) => {
    // Role pages are client-side routes (/kiosk, /counter/3 ...): serve the app for them.
    const isPage = req.method === 'GET' && !req.url.startsWith('/api/') && !/\.[a-z0-9]+(\?|$)/i.test(req.url);
    if (isPage && index && existsSync(index)) return reply.type('text/html').sendFile('index.html');
    return reply.status(404).send(body('not_found', `no route for ${req.method} ${req.url.split('?')[0]}`));
  });
  return app;
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** A request that carries a body (of any length but zero). */
function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
