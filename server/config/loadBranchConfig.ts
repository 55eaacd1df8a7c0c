import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { BranchConfig } from '../../shared/config/schema.js';
import { businessDayOf } from '../../shared/queue/rules/index.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The branch configuration: a JSON file when GUICHET_CONFIG names one, the embedded demo branch
 * otherwise. A bad file stops start-up with a message that says what is wrong and where.
 */
export async function loadBranchConfig(path: string | undefined, now: Date): Promise<BranchConfig> {
  if (!path) return demoBranch(businessDayOf(now, 'Asia/Shanghai'));
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read branch configuration ${path}: ${(err as Error).message}`);
  }
  const parsed = BranchConfig.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`branch configuration ${path} is invalid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
