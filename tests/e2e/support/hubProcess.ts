import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
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

/** What the clocked hub (support/clockedHub.ts) writes before its answer to a clock command. */
const CLOCK_ANSWER = 'clock ';

/**
 * The real browser host (`npm run web`'s process) on its own port and data folder; stoppable.
 * With `clock`, the same branch from dist/tests/e2e/support/clockedHub.js, whose clock stands
 * still at that instant until the test moves it (setClock, advance).
 */
export class HubProcess {
  private child: ChildProcess | null = null;
  /** The clocked hub's time (ms), kept here so a restart resumes where the test left it. */
  private clockMs: number | null = null;
  private answers: string[] = [];
  private answered: (() => void) | null = null;
  /** The embedded head office's admin token in these tests. */
  static readonly ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

  private constructor(
    readonly port: number,
    readonly hqPort: number,
    readonly dataDir: string,
    /** More environment for the hub process (e.g. GUICHET_REMINDER_CHECK_SECONDS). */
    private readonly env: Readonly<Record<string, string>> = {},
  ) {}

  static async start(o: { env?: Readonly<Record<string, string>>; clock?: Date } = {}): Promise<HubProcess> {
    const hub = new HubProcess(await freePort(), await freePort(), mkdtempSync(join(tmpdir(), 'guichet-e2e-')), o.env);
    if (o.clock) hub.clockMs = o.clock.getTime();
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

  /** The clocked hub's time now (throws for a hub on the machine's clock). */
  get now(): Date {
    if (this.clockMs === null) throw new Error('this hub runs on the machine clock: start it with { clock }');
    return new Date(this.clockMs);
  }

  /** Moves the clocked hub's clock to `at` (never back); resolves once its alert rules have run at that time. */
  async setClock(at: Date): Promise<Date> {
    return this.clockCommand(`set ${at.toISOString()}`);
  }

  /** Moves the clocked hub's clock on by `ms`; resolves once its alert rules have run at the new time. */
  async advance(ms: number): Promise<Date> {
    return this.clockCommand(`advance ${Math.round(ms)}`);
  }

  private async clockCommand(line: string): Promise<Date> {
    const child = this.child;
    if (this.clockMs === null || !child?.stdin) throw new Error('this hub runs on the machine clock: start it with { clock }');
    const answer = new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no answer from the clocked hub to "${line}"`)), 30_000);
      this.answered = () => {
        clearTimeout(timer);
        this.answered = null;
        res(this.answers.shift()!);
      };
    });
    child.stdin.write(`${line}\n`);
    const got = await answer;
    if (!got.startsWith('ok ')) throw new Error(`clocked hub: ${got}`);
    this.clockMs = Date.parse(got.slice(3));
    return new Date(this.clockMs);
  }

  async resume(): Promise<void> {
    const clocked = this.clockMs !== null;
    const child = spawn(process.execPath, [join(root, clocked ? 'dist/tests/e2e/support/clockedHub.js' : 'dist/server/main.js')], {
      env: {
        ...process.env,
        GUICHET_PORT: String(this.port),
        GUICHET_HQ_PORT: String(this.hqPort),
        GUICHET_ADMIN_TOKEN: HubProcess.ADMIN_TOKEN,
        GUICHET_DATA_DIR: this.dataDir,
        ...this.env,
        ...(clocked ? { GUICHET_E2E_CLOCK: new Date(this.clockMs!).toISOString() } : {}),
      },
      stdio: [clocked ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let output = '';
    child.stdout?.on('data', (d) => (output += String(d)));
    if (clocked) {
      this.answers = [];
      createInterface({ input: child.stdout! }).on('line', (l) => {
        if (!l.startsWith(CLOCK_ANSWER)) return;
        this.answers.push(l.slice(CLOCK_ANSWER.length));
        this.answered?.();
      });
    }
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
