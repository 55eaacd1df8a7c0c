import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** What can go wrong with one request on its way through the proxy. */
export type Fault =
  | 'none'
  | 'drop' // the request never reaches the server
  | 'cutRequest' // the server gets half the body, then the connection dies
  | 'delay' // arrives late
  | 'reorder' // held long enough that later requests overtake it
  | 'duplicate' // the server gets it twice
  | 'loseResponse'; // the server handles it, the answer never comes back

export type FaultWeights = Partial<Record<Exclude<Fault, 'none'>, number>>;

export const DEFAULT_FAULTS: FaultWeights = { drop: 0.06, cutRequest: 0.04, delay: 0.1, reorder: 0.05, duplicate: 0.06, loseResponse: 0.08 };

/**
 * An HTTP proxy on loopback between a client and a server that drops, delays, duplicates,
 * reorders and cuts requests and responses, decided by a seeded random source so a failing run
 * can be replayed. `quiet()` turns faults off for the settling period.
 */
export class FaultProxy {
  private faulty = true;
  readonly counts: Record<Fault, number> = { none: 0, drop: 0, cutRequest: 0, delay: 0, reorder: 0, duplicate: 0, loseResponse: 0 };

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(target: string, random: () => number, weights: FaultWeights = DEFAULT_FAULTS): Promise<FaultProxy> {
    const t = new URL(target);
    const ref: { proxy?: FaultProxy } = {};
    const server = createServer((req, res) => void ref.proxy?.handle(req, res, t, random, weights));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    ref.proxy = new FaultProxy(server, `http://127.0.0.1:${port}`);
    return ref.proxy;
  }

  quiet(): void {
    this.faulty = false;
  }

  noisy(): void {
    this.faulty = true;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  private pick(random: () => number, weights: FaultWeights): Fault {
    if (!this.faulty) return 'none';
    let x = random();
    for (const [fault, w] of Object.entries(weights) as [Fault, number][]) {
      if (x < w) return fault;
      x -= w;
    }
    return 'none';
  }

  private async handle(req: IncomingMessage, res: ServerResponse, target: URL, random: () => number, weights: FaultWeights): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const fault = this.pick(random, weights);
    this.counts[fault]++;
    const forward = (partial = false): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer } | null> =>
      new Promise((resolve) => {
        const up = httpRequest(
          { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
          (upRes) => {
            const parts: Buffer[] = [];
            upRes.on('data', (c: Buffer) => parts.push(c));
            upRes.on('end', () => resolve({ status: upRes.statusCode ?? 502, headers: upRes.headers, body: Buffer.concat(parts) }));
            upRes.on('error', () => resolve(null));
          },
        );
        up.on('error', () => resolve(null));
        if (partial) {
          up.write(body.subarray(0, Math.floor(body.length / 2)));
          setTimeout(() => {
            up.destroy();
            resolve(null);
          }, 5);
        } else {
          up.end(body);
        }
      });
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

    switch (fault) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'cutRequest':
        await forward(true);
        req.socket.destroy();
        return;
      case 'delay':
        await wait(20 + random() * 150);
        break;
      case 'reorder':
        await wait(200 + random() * 300);
        break;
      case 'loseResponse':
        await forward();
        req.socket.destroy();
        return;
      default:
        break;
    }
    const answer = await forward();
    if (fault === 'duplicate') await forward();
    if (!answer) {
      req.socket.destroy();
      return;
    }
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    headers['content-length'] = String(answer.body.length);
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }
}
