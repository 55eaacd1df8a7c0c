import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? res(a.port) : rej(new Error('no port'))));
    });
  });
}

/** The real browser host (`npm run web`'s process) on its own port and data folder; stoppable. */
export class HubProcess {
  private child: ChildProcess | null = null;
  /** The embedded head office's admin token in these tests. */
  static readonly ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

  private constructor(
    readonly port: number,
    readonly hqPort: number,
    readonly dataDir: string,
    /** More environment for the hub process (e.g. GUICHET_REMINDER_CHECK_SECONDS). */
    private readonly env: Readonly<Record<string, string>> = {},
  ) {}

  static async start(o: { env?: Readonly<Record<string, string>> } = {}): Promise<HubProcess> {
    const hub = new HubProcess(await freePort(), await freePort(), mkdtempSync(join(tmpdir(), 'guichet-e2e-')), o.env);
    await hub.resume();
    return hub;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The embedded head office that this branch syncs with. */
  get hqUrl(): string {
    return `http://127.0.0.1:${this.hqPort}`;
  }

  async resume(): Promise<void> {
    const child = spawn(process.execPath, [join(root, 'dist/server/main.js')], {
      env: {
        ...process.env,
        GUICHET_PORT: String(this.port),
        GUICHET_HQ_PORT: String(this.hqPort),
        GUICHET_ADMIN_TOKEN: HubProcess.ADMIN_TOKEN,
        GUICHET_DATA_DIR: this.dataDir,
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let output = '';
    child.stdout?.on('data', (d) => (output += String(d)));
    child.stderr?.on('data', (d) => (output += String(d)));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`hub exited early:\n${output}`);
      try {
        // Every data route wants a device token now: a 401 from the gate means the hub is up.
        const res = await fetch(`${this.url}/api/v1/queue`);
        if (res.ok || res.status === 401) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`hub did not start within 60 s:\n${output}`);
  }

  /** A clean stop (SIGTERM), or a crash (SIGKILL: no shutdown code runs). */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((r) => {
      child.once('exit', () => r());
      child.kill(signal);
    });
    this.child = null;
  }
}
