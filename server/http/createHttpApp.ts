import Fastify, { LogController } from 'fastify';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { body, installErrorHandling } from './errors.js';

export interface HttpAppOptions {
  /** Built renderer to serve (dist-renderer/); absent: API only. */
  rendererDir?: string;
  /** Origins (besides same-origin) allowed to call the API from a browser, e.g. the Electron app's. */
  corsOrigins?: readonly string[];
  logLevel?: 'silent' | 'warn' | 'info';
}

/** The one HTTP/WebSocket server of hub and HQ: JSON API, WebSockets, and the built renderer. */
export async function createHttpApp(opts: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'warn' },
    bodyLimit: 256 * 1024,
    // Request bodies and query strings may hold personal data: never logged.
    logController: new LogController({ disableRequestLogging: true }),
  });
  installErrorHandling(app);
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
