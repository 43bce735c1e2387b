import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Phone numbers are stored sealed (AES-256-GCM), never in clear: a leaked database holds
 * no number (test/durability/privacy-leak.test.ts). The key is derived (HKDF) from the
 * hall's personal-data key (HALLQ_PII_KEY or pii.key beside the database, see
 * person-keys.ts), so it lives outside the database and a backup of that key restores
 * both. Screens show the masked form (138****5678) kept beside the sealed one.
 */
export class PhoneVault {
  private readonly key: Buffer;

  constructor(secret: Buffer) {
    this.key = Buffer.from(
      crypto.hkdfSync('sha256', secret, Buffer.alloc(0), 'hallq phone vault v1', 32),
    );
  }

  /** After PersonKeys.load (which creates pii.key on first start). */
  static load(dataDir: string, fromEnv: string | undefined): PhoneVault {
    if (fromEnv) return new PhoneVault(Buffer.from(fromEnv, 'utf8'));
    const file = path.join(dataDir, 'pii.key');
    return new PhoneVault(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64'));
  }

  encryptPhone(plain: string): string {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Throws when the sealed text was not sealed with this key (or was altered). */
  decryptPhone(sealed: string): string {
    const [version, data] = sealed.split(':');
    if (version !== VERSION || !data) throw new Error('not a sealed phone number');
    const bytes = Buffer.from(data, 'base64url');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }
}
