import crypto from 'node:crypto';

/** A bearer secret: 32 random bytes. Only its hash is stored. */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/**
 * Random bytes for ids, drawn from a pool refilled 4 kB at a time: one crypto.randomBytes
 * call costs about 30 µs on this server (a system call each), once per ticket. Same CSPRNG,
 * each byte used once, so an id has the same entropy as before.
 */
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

/** Unguessable ids for tickets (the status page URL) and other records. */
export function newId(bytes = 12): string {
  if (bytes > POOL_SIZE) return crypto.randomBytes(bytes).toString('base64url');
  if (poolOffset + bytes > POOL_SIZE) {
    crypto.randomFillSync(pool);
    poolOffset = 0;
  }
  const start = poolOffset;
  poolOffset += bytes;
  return pool.toString('base64url', start, poolOffset);
}

/** An eight-digit one-time code a person can type on a device. */
export function newEnrollmentCode(): string {
  return String(crypto.randomInt(0, 100_000_000)).padStart(8, '0');
}
