import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError, loadBranchConfig } from './config/loadBranchConfig.js';
import { startBranch } from './startBranch.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const Env = z.object({
  GUICHET_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  GUICHET_HOST: z.string().min(1).default('127.0.0.1'),
  GUICHET_DATA_DIR: z.string().min(1).default(resolve(repoRoot, '.guichet-data')),
  GUICHET_CONFIG: z.string().min(1).optional(),
  GUICHET_UPSTREAM: z.url().optional(),
  GUICHET_ENROL_CODE: z.string().min(6).optional(),
  GUICHET_HQ_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  GUICHET_ADMIN_TOKEN: z.string().min(16).optional(),
});

export const ROLE_PATHS = ['/', '/kiosk', '/counter/1', '/counter/2', '/counter/3', '/counter/4', '/counter-display/1', '/counter-display/2', '/counter-display/3', '/counter-display/4', '/hall', '/lead', '/lead/recordings', '/hq'];

/** The browser host: the branch hub plus the renderer, on one port. */
async function main(): Promise<void> {
  const env = Env.safeParse(process.env);
  if (!env.success) {
    console.error(`Guichet: bad environment: ${z.prettifyError(env.error)}`);
    process.exit(2);
  }
  const { GUICHET_PORT, GUICHET_HOST, GUICHET_DATA_DIR, GUICHET_CONFIG, GUICHET_UPSTREAM, GUICHET_ENROL_CODE, GUICHET_HQ_PORT, GUICHET_ADMIN_TOKEN } = env.data;
  const version = (JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const config = await loadBranchConfig(GUICHET_CONFIG, new Date());
  const running = await startBranch({
    port: GUICHET_PORT,
    host: GUICHET_HOST,
    dataDir: resolve(GUICHET_DATA_DIR),
    hostKind: 'browser',
    rendererDir: resolve(repoRoot, 'dist-renderer'),
    config,
    version,
    ...(GUICHET_UPSTREAM ? { upstreamUrl: GUICHET_UPSTREAM } : {}),
    ...(GUICHET_ENROL_CODE ? { enrolCode: GUICHET_ENROL_CODE } : {}),
    ...(GUICHET_HQ_PORT !== undefined ? { hqPort: GUICHET_HQ_PORT } : {}),
    ...(GUICHET_ADMIN_TOKEN ? { adminToken: GUICHET_ADMIN_TOKEN } : {}),
  });
  const url = running.branch.url;
  console.log(`Guichet ${version}: branch "${config.name.en}" is running (data in ${resolve(GUICHET_DATA_DIR)}).`);
  console.log('Open a role in a browser:');
  for (const p of ROLE_PATHS) console.log(`  ${url}${p}`);
  if (running.hq) {
    console.log(`Head office (embedded, syncing with this branch): ${running.hq.url}/hq#token=${running.hq.adminToken}`);
    if (!GUICHET_ADMIN_TOKEN) console.log(`Head office admin token (made for this run; set GUICHET_ADMIN_TOKEN to choose one): ${running.hq.adminToken}`);
  } else {
    console.log(`Syncing with head office at ${GUICHET_UPSTREAM}.`);
  }
  console.log('Add ?lang=zh-TW or ?lang=en to any address for another language. Ctrl+C stops.');
  const stop = async (): Promise<void> => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `Guichet: ${err.message}` : err);
  process.exit(1);
});
