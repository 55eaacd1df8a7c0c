import type { FastifyInstance } from 'fastify';
import { HostError, dispatchHostCall } from '../../shared/host/contract.js';
import type { HostHandlers } from '../../shared/host/contract.js';
import { HOST_SOCKET_PATH, HostRequestFrame } from '../../shared/host/wire.js';
import type { HostResponseFrame } from '../../shared/host/wire.js';

/** Who opened a host socket: the TCP peer, and the host name the page addressed. */
export interface HostPeer {
  remoteAddress: string | undefined;
  host: string | undefined;
}

/**
 * Carries the host contract over a WebSocket for the browser host. Only pages served by this
 * host may use it: a browser always sends Origin, so another site open in the same browser
 * cannot drive the host (cross-site WebSocket hijacking).
 */
export function registerHostSocket(
  app: FastifyInstance,
  // Per connection when some channels depend on who connects (secrets: this machine's pages only).
  handlersFor: HostHandlers | ((peer: HostPeer) => HostHandlers),
  isAllowedOrigin: (origin: string | undefined, host: string | undefined) => boolean,
): void {
  app.get(HOST_SOCKET_PATH, { websocket: true }, (socket, req) => {
    if (!isAllowedOrigin(req.headers.origin, req.headers.host)) {
      socket.close(1008, 'forbidden origin');
      return;
    }
    const handlers = typeof handlersFor === 'function' ? handlersFor({ remoteAddress: req.socket.remoteAddress, host: req.headers.host }) : handlersFor;
    socket.on('message', async (data) => {
      let frame: HostRequestFrame;
      try {
        frame = HostRequestFrame.parse(JSON.parse(String(data)));
      } catch {
        socket.close(1007, 'malformed host frame');
        return;
      }
      let reply: HostResponseFrame;
      try {
        reply = { id: frame.id, ok: true, output: await dispatchHostCall(handlers, frame.channel, frame.input) };
      } catch (err) {
        const e = err instanceof HostError ? err : new HostError('failed', 'the host could not do that');
        reply = { id: frame.id, ok: false, error: { code: e.code, message: e.message } };
      }
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
    });
  });
}

/** Same-origin check: the Origin's host:port must be the host the request was addressed to. */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined || host === undefined) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
