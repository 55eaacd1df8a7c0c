import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Staff PINs are stored as scrypt hashes (memory-hard, DESIGN.md §8):
 * "scrypt$N$r$p$<salt base64url>$<hash base64url>". A 6-digit PIN has only a million values, so
 * the hash alone does not protect it; the sign-in lockout (lockout.ts) does.
 */
const KEY_BYTES = 32;
const DEFAULT = { N: 16_384, r: 8, p: 1 };

function derive(pin: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, KEY_BYTES, { N, r, p, maxmem: 128 * N * r * 2 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPin(pin: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const { N, r, p } = DEFAULT;
  const key = await derive(pin, salt, N, r, p);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * Checked when nobody matches the login, so an unknown staff id costs the same time as a wrong
 * PIN (no PIN's hash: it verifies nothing).
 */
export const DUMMY_PIN_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** False for a wrong PIN and for a hash it cannot read (never throws on bad stored data). */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored);
  if (!m) return false;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // A stored cost far above ours would let a bad configuration stall the hub.
  if (N < 2 || N > 1 << 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  if (expected.length !== KEY_BYTES) return false;
  const key = await derive(pin, Buffer.from(m[4]!, 'base64url'), N, r, p);
  return timingSafeEqual(key, expected);
}
