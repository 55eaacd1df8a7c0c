import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describeEnvProblems, exitWithStartFailure } from '../startupFailure.js';
import { startHqServer } from './hqServer.js';

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

const HqAdmins = z.array(z.object({ name: z.string().min(1).max(64), token: z.string().min(16) }).strict()).max(100);

const Env = z.object({
  GUICHET_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  GUICHET_HOST: z.string().min(1).default('127.0.0.1'),
  GUICHET_DATA_DIR: z.string().min(1).default(resolve(repoRoot, '.guichet-data')),
  DATABASE_URL: z.string().min(1).optional(),
  GUICHET_ADMIN_TOKEN: z.string().min(16, 'GUICHET_ADMIN_TOKEN must be at least 16 characters').optional(),
  /** Named administrators, a JSON array [{"name", "token"}]: the configuration versions they save carry their name. */
  GUICHET_HQ_ADMINS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const parsed = HqAdmins.safeParse((() => { try { return JSON.parse(v) as unknown; } catch { return null; } })());
      if (parsed.success) return parsed.data;
      // Never repeat the value: it holds tokens.
      ctx.addIssue({ code: 'custom', message: 'GUICHET_HQ_ADMINS must be a JSON array of {"name", "token"} with tokens of at least 16 characters' });
      return z.NEVER;
    }),
});

/** `npm run hq`: head office on one port (PostgreSQL with DATABASE_URL, else PGlite in the data folder). */
async function main(): Promise<void> {
  const env = Env.safeParse(process.env);
  if (!env.success) {
    console.error(describeEnvProblems(env.error, 'Guichet HQ'));
    process.exit(2);
  }
  const { GUICHET_PORT, GUICHET_HOST, GUICHET_DATA_DIR, DATABASE_URL, GUICHET_ADMIN_TOKEN, GUICHET_HQ_ADMINS } = env.data;
  const hq = await startHqServer({
    port: GUICHET_PORT,
    host: GUICHET_HOST,
    dataDir: resolve(GUICHET_DATA_DIR),
    ...(DATABASE_URL ? { databaseUrl: DATABASE_URL } : {}),
    ...(GUICHET_ADMIN_TOKEN ? { adminToken: GUICHET_ADMIN_TOKEN } : {}),
    ...(GUICHET_HQ_ADMINS ? { admins: GUICHET_HQ_ADMINS } : {}),
    rendererDir: resolve(repoRoot, 'dist-renderer'),
  });
  // Never print the database URL: it may hold a password.
  console.log(`Guichet HQ is running at ${hq.url} (${DATABASE_URL ? 'PostgreSQL' : `PGlite in ${resolve(GUICHET_DATA_DIR, 'hq')}`}).`);
  if (!GUICHET_ADMIN_TOKEN) {
    console.log(`Administrator token (made for this run; set GUICHET_ADMIN_TOKEN to keep one): ${hq.adminToken}`);
  }
  console.log(`Enrolment code for a hub of the demo branch: ${(await hq.createEnrolCode({ branchId: 'demo-001', role: 'hub' })).code} (valid 24 h)`);
  console.log(`Read API: curl -H "Authorization: Bearer <token>" ${hq.url}/api/v1/hq/summary   Ctrl+C stops.`);
  const stop = async (): Promise<void> => {
    await hq.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

// Port in use, data folder locked: one sentence, no stack trace.
main().catch((err: unknown) => exitWithStartFailure(err, 'Guichet HQ'));
