import WebSocket from 'ws';

/** How a WebSocket attempt ended: refused before the upgrade (HTTP status), or opened and closed (code, messages received). */
export interface WsOutcome {
  /** The HTTP status of a refused upgrade (the hub's gate refuses before the upgrade). */
  status?: number;
  /** The close code when the upgrade completed. */
  code?: number;
  /** Messages received before the close. */
  messages: number;
}

/**
 * Opens a WebSocket and reports how it ended: an upgrade refused with a status (401/403...), or
 * an open socket and its close code (waits `openMs` for a close; an open socket still open then is
 * closed and reported with code 0).
 */
export function wsOutcome(url: string, headers: Record<string, string> = {}, openMs = 1_000): Promise<WsOutcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    let messages = 0;
    let settled = false;
    const done = (o: WsOutcome) => {
      if (settled) return;
      settled = true;
      resolve(o);
    };
    socket.on('unexpected-response', (_req, res) => {
      done({ status: res.statusCode ?? 0, messages });
      res.resume();
      socket.terminate();
    });
    socket.on('message', () => messages++);
    socket.on('error', () => undefined);
    socket.on('open', () => {
      setTimeout(() => {
        done({ code: 0, messages });
        socket.close();
      }, openMs);
    });
    socket.on('close', (code) => done({ code, messages }));
  });
}
