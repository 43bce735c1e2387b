import fc from 'fast-check';
import {
  ageOn,
  checkIdNumber,
  idCheckChar,
  maskIdNumber,
  maskName,
  maskPhone,
  maskPiiInText,
} from './pii';

const TODAY = '2026-03-01';

/**
 * ISO 7064 MOD 11-2, written from the standard rather than from pii.ts: the weight of the
 * digit at position i (0 = leftmost of 17) is 2^(17 - i) mod 11, and the check value is
 * (12 - sum mod 11) mod 11, where 10 is written X.
 */
function referenceCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** A full ID number: the 17 digits given and their check character. */
const withCheck = (first17: string): string => first17 + referenceCheckChar(first17);

describe('checkIdNumber', () => {
  it('accepts the published GB 11643 example 11010519491231002X', () => {
    expect(checkIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });

  it('accepts numbers whose check character is computed independently', () => {
    const hoxud = withCheck('65282819900101123');
    expect(checkIdNumber(hoxud, TODAY)).toEqual({
      ok: true,
      idNumber: hoxud,
      birthDate: '1990-01-01',
      sex: 'male',
    });
    const born2000 = withCheck('64042220000229004');
    expect(checkIdNumber(born2000, TODAY)).toMatchObject({
      ok: true,
      birthDate: '2000-02-29',
      sex: 'female',
    });
  });

  it('agrees with the reference MOD 11-2 on any 17 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (first17) => {
        expect(idCheckChar(first17)).toBe(referenceCheckChar(first17));
      }),
    );
  });

  it('accepts a lowercase x and surrounding spaces, and returns the number normalised', () => {
    expect(checkIdNumber(' 11010519491231002x ', TODAY)).toMatchObject({
      ok: true,
      idNumber: '11010519491231002X',
    });
  });

  it('rejects every wrong check character', () => {
    const valid = withCheck('65282819900101123');
    const wrong = [...'0123456789X'].filter((c) => c !== valid[17]);
    expect(wrong).toHaveLength(10);
    for (const c of wrong) {
      expect(checkIdNumber(valid.slice(0, 17) + c, TODAY)).toEqual({
        ok: false,
        problem: 'check-digit',
      });
    }
  });

  it('rejects a swap of two digits (what the check character is for)', () => {
    // 1990-01-01 → 1990-10-01 keeps a real date, so only the check character can catch it.
    const valid = withCheck('65282819900101123');
    const swapped = `${valid.slice(0, 10)}1001${valid.slice(14)}`;
    expect(checkIdNumber(swapped, TODAY)).toEqual({ ok: false, problem: 'check-digit' });
  });

  it.each([
    ['17 digits', '11010519491231002'],
    ['19 characters', '11010519491231002X1'],
    ['a letter other than X at the end', '11010519491231002A'],
    ['an X before the end', '1101051949123100X2'],
    ['letters', 'ABCDEFGHIJKLMNOPQR'],
    ['inner spaces', '110105 19491231 002X'],
    ['empty', ''],
    ['a 15-digit first-generation number', '110105491231002'],
  ])('rejects %s as format', (_label, raw) => {
    expect(checkIdNumber(raw, TODAY)).toEqual({ ok: false, problem: 'format' });
  });

  it('rejects a region code starting with 0', () => {
    expect(checkIdNumber(withCheck('01010519491231002'), TODAY)).toEqual({
      ok: false,
      problem: 'region',
    });
  });

  it.each([
    ['February 30', '19900230'],
    ['February 29 of a common year', '19990229'],
    ['month 13', '19901301'],
    ['month 00', '19900001'],
    ['day 00', '19900100'],
    ['April 31', '19900431'],
    ['a year before 1900', '18991231'],
    ['the day after today', '20260302'],
    ['a year in the future', '20270101'],
  ])('rejects %s as birth-date, even with the right check character', (_label, birth) => {
    expect(checkIdNumber(withCheck(`652828${birth}123`), TODAY)).toEqual({
      ok: false,
      problem: 'birth-date',
    });
  });

  it('accepts the edges: 1900-01-01, February 29 of a leap year, and born today', () => {
    for (const birth of ['19000101', '20000229', '20260301']) {
      expect(checkIdNumber(withCheck(`652828${birth}123`), TODAY).ok).toBe(true);
    }
  });

  it('reads the sex from the 17th digit: odd male, even female', () => {
    expect(checkIdNumber(withCheck('65282819900101001'), TODAY)).toMatchObject({ sex: 'male' });
    expect(checkIdNumber(withCheck('65282819900101000'), TODAY)).toMatchObject({ sex: 'female' });
  });
});

describe('ageOn', () => {
  it('counts the birthday itself as a full year', () => {
    expect(ageOn('1961-03-01', '2026-03-01')).toBe(65);
  });

  it('is a year less the day before the birthday', () => {
    expect(ageOn('1961-03-02', '2026-03-01')).toBe(64);
  });

  it('handles the turn of the year', () => {
    expect(ageOn('1960-12-31', '2026-01-01')).toBe(65);
    expect(ageOn('1961-01-01', '2025-12-31')).toBe(64);
  });

  it('is 0 on the day of birth', () => {
    expect(ageOn('2026-03-01', '2026-03-01')).toBe(0);
  });

  it('lets someone born on February 29 turn a year older on March 1 of a common year', () => {
    expect(ageOn('1960-02-29', '2025-02-28')).toBe(64);
    expect(ageOn('1960-02-29', '2025-03-01')).toBe(65);
    // In a leap year the birthday itself exists.
    expect(ageOn('1960-02-29', '2024-02-28')).toBe(63);
    expect(ageOn('1960-02-29', '2024-02-29')).toBe(64);
  });
});

describe('maskIdNumber', () => {
  it('shows the first 6 and last 4 characters with 8 stars between', () => {
    expect(maskIdNumber('652828199001011234')).toBe('652828********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('hides the whole birth date', () => {
    const masked = maskIdNumber('11010519491231002X');
    expect(masked).toHaveLength(18);
    expect(masked).not.toContain('1949');
    expect(masked).not.toContain('1231');
  });

  it('hides a short string entirely', () => {
    expect(maskIdNumber('1234567890')).toBe('**********');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['王小明', '王**'],
    ['  李四 ', '李*'],
    ['阿依古丽·买买提', '阿*******'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('gives a single character (a bare surname) one star, like a two-character name', () => {
    expect(maskName('李')).toBe('李*');
  });

  it('counts characters outside the BMP as one character', () => {
    expect(maskName('𠮷明')).toBe('𠮷*');
  });

  it('returns an empty string for a blank name', () => {
    expect(maskName('')).toBe('');
    expect(maskName('   ')).toBe('');
  });
});

describe('maskPhone', () => {
  it('shows the first 3 and last 4 digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('ignores separators', () => {
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
  });

  it('always hides at least four digits of a short number', () => {
    expect(maskPhone('09916012345')).toBe('099****2345');
    expect(maskPhone('6012345678')).toBe('******5678');
    expect(maskPhone('60123456')).toBe('****3456');
    expect(maskPhone('6012345')).toBe('*******');
    expect(maskPhone('')).toBe('');
  });
});

describe('maskPiiInText', () => {
  const id = '652828199001011234';

  it('masks an ID number inside text, Chinese or ASCII around it', () => {
    expect(maskPiiInText(`身份证号${id}已取号`)).toBe('身份证号652828********1234已取号');
    expect(maskPiiInText(`{"idNumber":"${id}"}`)).toBe('{"idNumber":"652828********1234"}');
    expect(maskPiiInText('id=11010519491231002x;')).toBe('id=110105********002x;');
  });

  it('masks a mobile number inside text', () => {
    expect(maskPiiInText('联系电话13812345678，请回电')).toBe('联系电话138****5678，请回电');
    expect(maskPiiInText('phone: 19912345678.')).toBe('phone: 199****5678.');
  });

  it('masks a mobile number with a country code or separators, keeping their form', () => {
    expect(maskPiiInText('tel +8613812345678')).toBe('tel +86138****5678');
    expect(maskPiiInText('tel +86 138 1234 5678')).toBe('tel +86 138 **** 5678');
    expect(maskPiiInText('tel 138-1234-5678')).toBe('tel 138-****-5678');
  });

  it('masks an ID number and a mobile number in the same line', () => {
    expect(maskPiiInText(`issue failed: person ${id} phone 15012345678`)).toBe(
      'issue failed: person 652828********1234 phone 150****5678',
    );
  });

  it('leaves ticket numbers, window numbers, times and short digit runs alone', () => {
    const text = '请 A001 号到 5 号窗口办理 (B0123, 2026-03-01 09:15, 12345, 20 min, 1234567890)';
    expect(maskPiiInText(text)).toBe(text);
  });

  it('leaves 11-digit runs that are not mobile numbers alone', () => {
    expect(maskPiiInText('code 12345678901')).toBe('code 12345678901');
    expect(maskPiiInText('code 10012345678')).toBe('code 10012345678');
  });

  it('does not half-mask a longer digit run: 19 or more digits are neither kind', () => {
    // A bank card or a 19-digit identifier: masking 18 of its digits as if it were an ID
    // number (or 11 as a phone) would leave a misleading fragment, so it stays whole.
    for (const run of ['6228480123456789012', '62284801234567890123', `${id}5`, `9${id}`]) {
      expect(maskPiiInText(`ref ${run} end`)).toBe(`ref ${run} end`);
    }
    // A 12-digit run starting like a mobile number is not a mobile number either.
    expect(maskPiiInText('ref 138123456789')).toBe('ref 138123456789');
  });

  it('leaves an 18-digit run glued to letters alone (part of a hash or token)', () => {
    const token = `ab${id}cd`;
    expect(maskPiiInText(token)).toBe(token);
  });

  it('is idempotent', () => {
    const once = maskPiiInText(`${id} 13812345678 +86 139 1234 5678`);
    expect(maskPiiInText(once)).toBe(once);
  });
});
