// The recorder in a child process (recorderChild.ts, driven over JSON lines), for the crash test
// and the SIGKILL-loss bench. Runs from the TypeScript sources (through tsLoader.mjs) and from
// the build in dist/ alike.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export class RecorderProcess {
  private readonly messages: any[] = [];
  private waiters: (() => void)[] = [];
  private stderr = '';
  readonly child: ChildProcess;

  constructor(opts: object) {
    const here = fileURLToPath(import.meta.url);
    const ts = here.endsWith('.ts');
    const script = join(dirname(here), ts ? 'recorderChild.ts' : 'recorderChild.js');
    const args = ts ? ['--import', join(dirname(here), 'tsLoader.mjs'), script] : [script];
    this.child = spawn(process.execPath, [...args, JSON.stringify(opts)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d) => (this.stderr += String(d)));
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.messages.push(JSON.parse(line));
      for (const w of this.waiters.splice(0)) w();
    });
  }

  send(cmd: object): void {
    this.child.stdin!.write(`${JSON.stringify(cmd)}\n`);
  }

  /** The first message (taken off the queue) that `pred` accepts; throws if the child ends first. */
  async next(pred: (m: any) => boolean, timeoutMs = 30_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.messages.findIndex(pred);
      if (i >= 0) return this.messages.splice(i, 1)[0];
      if (this.child.exitCode !== null || Date.now() > deadline) throw new Error(`recorder child: no such message\n${this.stderr}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  kill(): Promise<void> {
    return new Promise((r) => {
      this.child.once('exit', () => r());
      this.child.kill('SIGKILL');
    });
  }
}
