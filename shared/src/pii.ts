/**
 * Personal data: validation of resident ID numbers (GB 11643-1999) and masking of ID
 * numbers, names and phone numbers for every screen, slip, log and API answer.
 * Pure: no clock (today is passed in), no I/O.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'format' | 'region' | 'birth-date' | 'check-digit';

export type IdNumberCheck =
  | { ok: true; idNumber: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; problem: IdNumberProblem };

/** The ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '?';
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/**
 * Checks an 18-character resident ID number: format, region, a real birth date not after
 * `today` (YYYY-MM-DD) and not before 1900, and the check character.
 */
export function checkIdNumber(raw: string, today: string): IdNumberCheck {
  const idNumber = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber)) return { ok: false, problem: 'format' };
  if (!/^[1-9]\d{5}$/.test(idNumber.slice(0, 6))) return { ok: false, problem: 'region' };
  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  if (year < 1900 || !isRealDate(year, month, day) || birthDate > today) {
    return { ok: false, problem: 'birth-date' };
  }
  if (idCheckChar(idNumber) !== idNumber[17]) return { ok: false, problem: 'check-digit' };
  const sex = Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, idNumber, birthDate, sex };
}

/** Whole years between a birth date and a day, both YYYY-MM-DD. */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

/** 652828199001011234 → 652828********1234 (first 6, last 4). */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 10) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 6)}${'*'.repeat(idNumber.length - 10)}${idNumber.slice(-4)}`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: only the first character shows. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/**
 * 13812345678 → 138****5678. At least four digits are always hidden: a short (landline)
 * number keeps only its last four, one under eight digits is hidden whole.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return '*'.repeat(digits.length);
  if (digits.length < 11) return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/**
 * Masks anything in free text that looks like an ID number or a mobile number: the last
 * guard before a log line or an error message leaves the process. A mobile number may carry
 * the +86 / 86 country code and be written 3-4-4 with spaces or hyphens. Only whole digit
 * runs are masked: a longer run (a bank card, a 19-digit id) is neither, and is left as is.
 */
export function maskPiiInText(text: string): string {
  return text
    .replace(/(?<![\dA-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![\dA-Za-z])/g, '$1********$2')
    .replace(/(?<!\d)((?:\+?86[ -]?)?1[3-9]\d)([ -]?)\d{4}([ -]?\d{4})(?!\d)/g, '$1$2****$3');
}
