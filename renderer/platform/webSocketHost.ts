import { HostError, hostContract } from '../../shared/host/contract.js';
import type { HostBridge, HostChannel, HostInput, HostOutput } from '../../shared/host/contract.js';
import { HostResponseFrame } from '../../shared/host/wire.js';
import type { HostRequestFrame } from '../../shared/host/wire.js';

type SocketLike = Pick<WebSocket, 'readyState' | 'send' | 'close' | 'addEventListener'>;

interface Pending {
  channel: HostChannel;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface WebSocketHostOptions {
  /** ws:// or wss:// URL of the browser host's /host socket. */
  url: string;
  /** How long one call may take (printing can open a dialog on the host side). */
  timeoutMs?: number;
  /** Injected for tests. */
  createSocket?: (url: string) => SocketLike;
}

const OPEN = 1;

/**
 * The host contract over one WebSocket (the browser host). The socket opens on the first call
 * and again after it drops; calls in flight when it drops fail with HostError('failed').
 */
export class WebSocketHostBridge implements HostBridge {
  private socket: SocketLike | null = null;
  private opening: Promise<SocketLike> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly timeoutMs: number;
  private readonly createSocket: (url: string) => SocketLike;

  constructor(private readonly options: WebSocketHostOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
  }

  async invoke<C extends HostChannel>(channel: C, input: HostInput<C>): Promise<HostOutput<C>> {
    const socket = await this.connect();
    const id = this.nextId++;
    const frame: HostRequestFrame = { id, channel, input };
    const output = await new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new HostError('failed', `${channel}: the host did not answer in time`));
      }, this.timeoutMs);
      this.pending.set(id, { channel, resolve, reject, timer });
      socket.send(JSON.stringify(frame));
    });
    const parsed = hostContract[channel].output.safeParse(output);
    if (!parsed.success) throw new HostError('bad_output', `${channel}: the host returned a malformed answer`);
    return parsed.data as HostOutput<C>;
  }

  close(): void {
    this.socket?.close();
    this.socket = null;
  }

  private connect(): Promise<SocketLike> {
    if (this.socket && this.socket.readyState === OPEN) return Promise.resolve(this.socket);
    this.opening ??= new Promise<SocketLike>((resolve, reject) => {
      let socket: SocketLike;
      try {
        socket = this.createSocket(this.options.url);
      } catch (err) {
        this.opening = null;
        reject(new HostError('failed', `cannot open the host socket: ${String(err)}`));
        return;
      }
      let opened = false;
      socket.addEventListener('open', () => {
        opened = true;
        this.socket = socket;
        this.opening = null;
        resolve(socket);
      });
      socket.addEventListener('message', (ev) => this.onMessage((ev as MessageEvent).data));
      socket.addEventListener('close', () => {
        if (this.socket === socket) this.socket = null;
        if (!opened) {
          this.opening = null;
          reject(new HostError('failed', 'the host socket is not available'));
        }
        this.failAll('the host connection closed');
      });
    });
    return this.opening;
  }

  private onMessage(data: unknown): void {
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch {
      return;
    }
    const frame = HostResponseFrame.safeParse(json);
    if (!frame.success) return;
    const call = this.pending.get(frame.data.id);
    if (!call) return;
    this.pending.delete(frame.data.id);
    clearTimeout(call.timer);
    if (frame.data.ok) call.resolve(frame.data.output);
    else call.reject(new HostError(frame.data.error.code, frame.data.error.message));
  }

  private failAll(message: string): void {
    for (const [id, call] of this.pending) {
      clearTimeout(call.timer);
      call.reject(new HostError('failed', `${call.channel}: ${message}`));
      this.pending.delete(id);
    }
  }
}
