import crypto from 'node:crypto';

/** A bearer secret: 32 random bytes. Only its hash is stored. */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Unguessable ids for tickets (the status page URL) and other records. */
export function newId(bytes = 12): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** An eight-digit one-time code a person can type on a device. */
export function newEnrollmentCode(): string {
  return String(crypto.randomInt(0, 100_000_000)).padStart(8, '0');
}
