import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HallError, type PersonRef } from '../../shared/src/domain';
import { checkIdNumber, type IdNumberProblem } from '../../shared/src/pii';

const PROBLEM_CODES: Record<
  IdNumberProblem,
  'ID_NUMBER_INVALID' | 'ID_NUMBER_REGION' | 'ID_NUMBER_BIRTH_DATE' | 'ID_NUMBER_CHECK_DIGIT'
> = {
  format: 'ID_NUMBER_INVALID',
  region: 'ID_NUMBER_REGION',
  'birth-date': 'ID_NUMBER_BIRTH_DATE',
  'check-digit': 'ID_NUMBER_CHECK_DIGIT',
};

const KEY_BYTES = 32;

/**
 * Creates the key file whole or not at all: written beside it, flushed to disk, then
 * linked into place (which, like 'wx', never replaces a key that is there). A crash or a
 * power cut at any moment leaves either no key file, or a complete one; never an empty
 * file that a restart would take for the key.
 */
function createKeyFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.writeSync(fd, crypto.randomBytes(KEY_BYTES).toString('base64'));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.unlinkSync(temp);
  }
  const dir = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

/**
 * Turns an ID number into what the hall keeps of it: a keyed hash (HMAC-SHA256) for the
 * one-ticket-per-person checks, and the birth date for the elderly priority. The number
 * itself is never stored. The key lives outside the database (HALLQ_PII_KEY, or a file
 * beside it created on first start), so a leaked database cannot be matched against a
 * list of ID numbers.
 */
export class PersonKeys {
  constructor(private readonly key: Buffer) {}

  static load(dataDir: string, fromEnv: string | undefined): PersonKeys {
    if (fromEnv) return new PersonKeys(Buffer.from(fromEnv, 'utf8'));
    const file = path.join(dataDir, 'pii.key');
    if (!fs.existsSync(file)) createKeyFile(file);
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    // An empty or short key would make the "keyed" hash guessable from a list of ID numbers.
    if (key.length < KEY_BYTES) {
      throw new Error(
        `${file} is damaged (${key.length} bytes, not ${KEY_BYTES}): put back the saved copy of the key`,
      );
    }
    return new PersonKeys(key);
  }

  person(idNumber: string, today: string): PersonRef {
    const check = checkIdNumber(idNumber, today);
    if (!check.ok) throw new HallError(PROBLEM_CODES[check.problem]);
    const key = crypto.createHmac('sha256', this.key).update(check.idNumber).digest('hex');
    return { key, birthDate: check.birthDate };
  }
}
