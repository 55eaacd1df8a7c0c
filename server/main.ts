import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadBranchConfig } from './config/loadBranchConfig.js';
import { describeHubTls, resolveHubTls } from './http/branchCertificate.js';
import { planListen } from './http/listenSecurity.js';
import { startBranch } from './startBranch.js';
import { API_KEYS_ENV, ApiKeysConfigError, parseApiKeys } from './hub/access/apiKeys.js';
import { describeEnvProblems, exitWithStartFailure } from './startupFailure.js';

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
  // TLS on the branch LAN (docs/security.md): a certificate and key, or the hub's own.
  GUICHET_TLS_CERT: z.string().min(1).optional(),
  GUICHET_TLS_KEY: z.string().min(1).optional(),
  GUICHET_ALLOW_PLAIN_HTTP: z.enum(['0', '1'], 'must be 1 (plain HTTP allowed off loopback) or 0').optional(),
  // How often complaint deadlines are checked for supervision reminders (督办); default every minute.
  GUICHET_REMINDER_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
});

export const ROLE_PATHS = ['/', '/kiosk', '/counter/1', '/counter/2', '/counter/3', '/counter/4', '/counter-display/1', '/counter-display/2', '/counter-display/3', '/counter-display/4', '/hall', '/lead', '/lead/recordings', '/hq'];

/** The browser host: the branch hub plus the renderer, on one port. */
async function main(): Promise<void> {
  const env = Env.safeParse(process.env);
  if (!env.success) {
    console.error(describeEnvProblems(env.error));
    process.exit(2);
  }
  // Integration keys: one clear sentence when the value is bad, and never the value itself.
  let apiKeys: ReturnType<typeof parseApiKeys> = [];
  try {
    apiKeys = parseApiKeys(process.env[API_KEYS_ENV]);
  } catch (err) {
    if (!(err instanceof ApiKeysConfigError)) throw err;
    console.error(`Guichet: ${err.message}`);
    process.exit(2);
  }
  const { GUICHET_PORT, GUICHET_HOST, GUICHET_DATA_DIR, GUICHET_CONFIG, GUICHET_UPSTREAM, GUICHET_ENROL_CODE, GUICHET_HQ_PORT, GUICHET_ADMIN_TOKEN } = env.data;
  const version = (JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const config = await loadBranchConfig(GUICHET_CONFIG, new Date());
  const { GUICHET_TLS_CERT, GUICHET_TLS_KEY, GUICHET_ALLOW_PLAIN_HTTP } = env.data;
  const plan = planListen({ host: GUICHET_HOST, certPath: GUICHET_TLS_CERT, keyPath: GUICHET_TLS_KEY, allowPlainHttp: GUICHET_ALLOW_PLAIN_HTTP === '1' });
  const tls = await resolveHubTls(plan, resolve(GUICHET_DATA_DIR), GUICHET_HOST);
  if (plan.tls === 'none' && plan.warning) console.warn(plan.warning);
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
    ...(tls ? { tls: { key: tls.key, cert: tls.cert } } : {}),
    ...(plan.tls === 'none' && plan.warning ? { allowPlainHttp: true } : {}),
    ...(apiKeys.length > 0 ? { apiKeys } : {}),
    ...(env.data.GUICHET_REMINDER_CHECK_SECONDS ? { complaintReminderMs: env.data.GUICHET_REMINDER_CHECK_SECONDS * 1000 } : {}),
  });
  const url = running.branch.url;
  console.log(`Guichet ${version}: branch "${config.name.en}" is running (data in ${resolve(GUICHET_DATA_DIR)}).`);
  if (tls) for (const line of describeHubTls(tls)) console.log(line);
  console.log('Open a role in a browser:');
  for (const p of ROLE_PATHS) console.log(`  ${url}${p}`);
  if (running.hq) {
    // A token given in the environment is never printed; one made for this run is shown once.
    console.log(`Head office (embedded, syncing with this branch): ${running.hq.url}/hq${GUICHET_ADMIN_TOKEN ? '' : `#token=${running.hq.adminToken}`}`);
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

// Port in use, data folder locked, a bad file: one sentence, no stack trace.
main().catch((err: unknown) => exitWithStartFailure(err));
