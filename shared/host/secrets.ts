import { z } from 'zod';

/**
 * Secure storage on the workstation (docs/security.md): the host keeps the few secrets a screen
 * must survive a restart with, so they are not left in the page's own storage. Electron seals
 * them with the OS's key (safeStorage); the browser host keeps them in a file only its user may
 * read, and answers only pages on its own machine. Spread into shared/host/contract.ts.
 *
 * The names are a fixed list, so the bridge can never be used as a general file store: one device
 * token per device kind, and per window for the kinds that belong to one.
 */
export const SECRET_KINDS_WITH_WINDOW = ['counter', 'counter-display'] as const;
export const SECRET_KINDS_WITHOUT_WINDOW = ['kiosk', 'hall', 'lead'] as const;
export type SecretKindWithWindow = (typeof SECRET_KINDS_WITH_WINDOW)[number];
export type SecretKindWithoutWindow = (typeof SECRET_KINDS_WITHOUT_WINDOW)[number];

const NAME = /^device-token:(?:kiosk|hall|lead|(?:counter|counter-display):[1-9][0-9]?)$/;

export const SecretName = z
  .string()
  .max(64)
  .regex(NAME, 'not a secret the host keeps: device-token:<kiosk|hall|lead> or device-token:<counter|counter-display>:<window 1-99>');
export type SecretName = z.infer<typeof SecretName>;

/** The name of a device's enrolment token. */
export function deviceTokenSecret(kind: SecretKindWithoutWindow): SecretName;
export function deviceTokenSecret(kind: SecretKindWithWindow, window: number): SecretName;
export function deviceTokenSecret(kind: SecretKindWithWindow | SecretKindWithoutWindow, window?: number): SecretName {
  const name = window === undefined ? `device-token:${kind}` : `device-token:${kind}:${window}`;
  return SecretName.parse(name);
}

export function isSecretName(name: unknown): name is SecretName {
  return SecretName.safeParse(name).success;
}

export const SecretValue = z.string().min(1).max(4096);

/**
 * How the host keeps what it was given:
 * - `os`: encrypted with a key the operating system guards (Keychain, DPAPI, libsecret, KWallet);
 * - `os-weak`: Linux without a keyring: Electron's fallback key, no better than `host-file`;
 * - `host-file`: the browser host's file, readable by its own OS user only (mode 0600).
 */
export const SecretStorage = z.enum(['os', 'os-weak', 'host-file']);
export type SecretStorage = z.infer<typeof SecretStorage>;

export const secretsHostContract = {
  'secrets:get': {
    input: z.object({ name: SecretName }).strict(),
    output: z.object({ value: SecretValue.nullable() }),
  },
  /** null forgets the secret (a revoked device, a reset workstation). */
  'secrets:set': {
    input: z.object({ name: SecretName, value: SecretValue.nullable() }).strict(),
    output: z.object({ storage: SecretStorage }),
  },
} as const;
