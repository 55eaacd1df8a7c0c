import { scryptAsync } from '@noble/hashes/scrypt.js';

/**
 * Checks a PIN against the hub's verifier string "scrypt$N$r$p$<salt b64url>$<hash b64url>"
 * (server/hub/access/pinHash.ts), in the page, for the counter's offline sign-in. scrypt is
 * memory-hard on purpose (N=16384, r=8: 16 MiB, a few hundred ms in JS); @noble/hashes' async
 * form yields to the page every few milliseconds, so the screen keeps drawing and can show
 * `onProgress` (0..1).
 *
 * False for a wrong PIN and for a verifier it cannot read, or whose cost is out of bounds (a bad
 * configuration must not stall the counter); never throws on bad stored data.
 */
const KEY_BYTES = 32;
const VERIFIER = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

export interface ParsedVerifier {
  N: number;
  r: number;
  p: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

export function parseVerifier(stored: string): ParsedVerifier | null {
  const m = VERIFIER.exec(stored);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (N < 2 || N > 1 << 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = fromBase64Url(m[4]!);
  const hash = fromBase64Url(m[5]!);
  if (!salt || !hash || hash.length !== KEY_BYTES) return null;
  return { N, r, p, salt, hash };
}

export type PinVerify = (pin: string, stored: string, onProgress?: (fraction: number) => void) => Promise<boolean>;

export const verifyPin: PinVerify = async (pin, stored, onProgress) => {
  const v = parseVerifier(stored);
  if (!v) return false;
  const key = await scryptAsync(new TextEncoder().encode(pin), v.salt, {
    N: v.N,
    r: v.r,
    p: v.p,
    dkLen: KEY_BYTES,
    maxmem: 128 * v.N * v.r * 2 + 1024 * 1024,
    ...(onProgress ? { onProgress } : {}),
  });
  return equalBytes(key, v.hash);
};

/** Compares in time independent of where the bytes differ. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function fromBase64Url(text: string): Uint8Array | null {
  try {
    const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
