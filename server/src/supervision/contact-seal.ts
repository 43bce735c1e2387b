import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A citizen's callback number is needed for the 回访 and nowhere else: it is stored
 * sealed (AES-256-GCM) with a key outside the database, shown masked, and opened only by
 * an audited request of the case's owner or a manager.
 */
export class ContactSeal {
  constructor(private readonly key: Buffer) {}

  /** From HALLQ_PII_KEY (derived, so the two keys differ), or a key file beside pii.key. */
  static load(dataDir: string, piiKey: string | undefined): ContactSeal {
    if (piiKey) {
      return new ContactSeal(
        crypto.createHash('sha256').update(`hallq case contact|${piiKey}`).digest(),
      );
    }
    const file = path.join(dataDir, 'contact.key');
    if (!fs.existsSync(file)) {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), {
        mode: 0o600,
        flag: 'wx',
      });
    }
    return new ContactSeal(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64'));
  }

  seal(text: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  }

  open(sealed: string): string {
    const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
    if (!iv || !tag || !body) throw new Error('not a sealed value');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}
