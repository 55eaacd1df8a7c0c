import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { QueueError } from '../../shared/api/errors.js';
import { adminGuard } from './adminAuth.js';
import type { HqAdmin } from './adminAuth.js';
import { hqEntryFor, hqRouteKey, isHqAdmin } from './hqRouteAccess.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface HqGate {
  /** Every "METHOD /url" registered under the table (the security test compares it with the table). */
  registered: Set<string>;
}

/**
 * Head office's access gate: every route is checked against its entry in HQ_ROUTE_ACCESS
 * (hqRouteAccess.ts) before its body is read. Registering an /api/ route without an entry throws,
 * so head office does not start with it. A write from a foreign Origin is refused (403): the HQ
 * page is served by head office itself, and hubs send no Origin. Administrator routes need the
 * administrator token here, whatever their own plugin does; device-token routes check the token
 * in the route (the sync API's own hook, the uploads' authenticate), as the table says.
 * Install right after the app is made, before any route.
 */
export function installHqGate(app: FastifyInstance, o: { adminToken: string; admins?: readonly HqAdmin[] }): HqGate {
  const registered = new Set<string>();
  const admin = adminGuard(o.adminToken, o.admins ?? []);

  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // The built HQ page's files (@fastify/static registers one GET and HEAD per file found).
      if (!route.url.startsWith('/api/') && (method === 'GET' || method === 'HEAD')) continue;
      if (!hqEntryFor(method, route.url)) {
        throw new Error(`head office: ${hqRouteKey(method, route.url)} has no entry in server/hq/hqRouteAccess.ts; declare who may call it there`);
      }
      registered.add(hqRouteKey(method, route.url));
    }
  });

  app.addHook('onRequest', async (req) => {
    const url = req.routeOptions.url;
    // No route (the 404 answer) or a file of the page: nothing to guard.
    const access = url === undefined ? null : hqEntryFor(req.method, url);
    if (!access) return;
    if (STATE_CHANGING.has(req.method) && !sameOrigin(req)) throw new QueueError('forbidden', 'requests from another origin are refused', 'foreign_origin');
    if (isHqAdmin(access)) await admin(req);
  });

  return { registered };
}

/** No Origin (a hub, a script), or the Origin of the host the request was sent to. */
function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const forwarded = req.headers['x-forwarded-host'];
  return host === req.headers.host || (typeof forwarded === 'string' && host === forwarded.split(',')[0]!.trim());
}
