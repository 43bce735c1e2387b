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
    if (!fs.existsSync(file)) {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), {
        mode: 0o600,
        flag: 'wx',
      });
    }
    return new PersonKeys(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64'));
  }

  person(idNumber: string, today: string): PersonRef {
    const check = checkIdNumber(idNumber, today);
    if (!check.ok) throw new HallError(PROBLEM_CODES[check.problem]);
    const key = crypto.createHmac('sha256', this.key).update(check.idNumber).digest('hex');
    return { key, birthDate: check.birthDate };
  }
}
