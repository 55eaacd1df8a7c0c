import { demoBranch } from '../../shared/config/demoBranch.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { startBranchHost } from '../../server/branchHost.js';
import type { RunningBranchHost } from '../../server/branchHost.js';
import { postJson } from './http.js';
import { freshPgliteDir } from './pgliteDataDir.js';

/** A real hub on a loopback port with its own data folder; restartable on the same folder and port. */
export class BranchUnderTest {
  host!: RunningBranchHost;
  private constructor(
    readonly dataDir: string,
    readonly config: BranchConfig,
  ) {}

  static async start(config: BranchConfig = demoBranch('2000-01-01')): Promise<BranchUnderTest> {
    const b = new BranchUnderTest(await freshPgliteDir(), config);
    await b.boot(0);
    return b;
  }

  get url(): string {
    return this.host.url;
  }

  async restart(): Promise<void> {
    const port = this.host.port;
    await this.host.close();
    await this.boot(port);
  }

  stop(): Promise<void> {
    return this.host.close();
  }

  private async boot(port: number): Promise<void> {
    this.host = await startBranchHost({ port, host: '127.0.0.1', dataDir: this.dataDir, hostKind: 'browser', config: this.config, logLevel: 'silent' });
  }

  post(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
    return postJson(this.url + path, body, headers);
  }


  async get(path: string): Promise<{ status: number; json: any }> {
    const res = await fetch(this.url + path);
    return { status: res.status, json: await res.json() };
  }
}
