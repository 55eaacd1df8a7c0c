import type { z } from 'zod';
import { ConfigError } from './config/loadBranchConfig.js';
import { DataDirLockedError } from './db/dataDirLock.js';
import { ApiKeysConfigError } from './hub/access/apiKeys.js';

/**
 * A start-up failure the operator can fix, already said as one sentence that names what to
 * change (a port, a folder, a GUICHET_* variable). Printed as it is, without a stack trace.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** What a listening server was for, so a port problem names the variable that moves it. */
export interface PortRole {
  /** "the hub", "the embedded head office" */
  what: string;
  /** The variable that sets this port, e.g. GUICHET_PORT. */
  variable: string;
  /** Said after the fix, e.g. "or GUICHET_UPSTREAM to use a real head office". */
  alternative?: string;
}

type NodeError = NodeJS.ErrnoException & { port?: number; address?: string; hostname?: string };

/**
 * listen() failed: the one sentence for the usual causes, a StartupError; anything else is
 * returned unchanged.
 */
export function explainListenError(err: unknown, role: PortRole, port?: number, host?: string): unknown {
  const e = err as NodeError | undefined;
  const p = e?.port ?? port;
  const portText = p === undefined || !Number.isFinite(p) ? 'the port' : `port ${p}`;
  const on = e?.address ?? e?.hostname ?? host;
  const also = role.alternative ? `, ${role.alternative}` : '';
  switch (e?.code) {
    case 'EADDRINUSE':
      return new StartupError(`${upperFirst(portText)} for ${role.what} is already in use${on ? ` on ${on}` : ''} (another Guichet, or another program); stop it or set ${role.variable} to a free port${also}.`);
    case 'EACCES':
      return new StartupError(`This user may not listen on ${portText} for ${role.what}; set ${role.variable} to a port above 1023${also}.`);
    case 'EADDRNOTAVAIL':
      return new StartupError(`The address ${on ?? 'given'} is not one of this machine's, so ${role.what} cannot listen on it; set GUICHET_HOST to one of its addresses (or 0.0.0.0 for all).`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(`The host name ${on ?? 'given'} does not resolve; set GUICHET_HOST to an address of this machine.`);
    default:
      return err;
  }
}

export interface StartFailure {
  /** One line to print. */
  sentence: string;
  /** Unknown failures keep their stack for whoever reports the bug; known ones need none. */
  detail: string | null;
}

/** Turns whatever start-up threw into what is printed. */
export function describeStartFailure(err: unknown, program = 'Guichet'): StartFailure {
  if (err instanceof StartupError || err instanceof DataDirLockedError || err instanceof ConfigError || err instanceof ApiKeysConfigError) {
    return { sentence: `${program} could not start: ${lowerFirst(err.message)}`, detail: null };
  }
  const explained = explainListenError(err, { what: program === 'Guichet' ? 'the hub' : 'head office', variable: 'GUICHET_PORT' });
  if (explained instanceof StartupError) return { sentence: `${program} could not start: ${lowerFirst(explained.message)}`, detail: null };
  const message = err instanceof Error ? err.message : String(err);
  const detail = err instanceof Error && err.stack ? err.stack : null;
  return { sentence: `${program} could not start: ${message.split('\n')[0]}`, detail };
}

/** Bad GUICHET_* values as one line: each variable with what is wrong with it. */
export function describeEnvProblems(error: z.ZodError, program = 'Guichet'): string {
  const parts = error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`);
  return `${program} could not start because of its environment: ${parts.join('; ')}.`;
}

/** Prints a start-up failure and ends the process (the entry points' catch). */
export function exitWithStartFailure(err: unknown, program = 'Guichet'): never {
  const { sentence, detail } = describeStartFailure(err, program);
  console.error(sentence);
  if (detail) console.error(detail);
  process.exit(1);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(message: string): string {
  // "Port 8080 ..." and "The address ..." start sentences of their own; keep names as written.
  return /^(the|this|port)\b/i.test(message) ? message.charAt(0).toLowerCase() + message.slice(1) : message;
}
