import { classifyScan } from '../../kiosk/src/hardware/scanner/codes';
import { LineScanner } from '../../kiosk/src/hardware/scanner/lines';
import { WedgeScanner } from '../../kiosk/src/hardware/scanner/wedge';

/**
 * Recorded key timings (ms since the first key): a keyboard-wedge scanner reading a slip's
 * QR code (a key every 4–9 ms, Enter at the end), and a person typing on the same keyboard.
 */
const SCANNER_BURST: [string, number][] = [
  ...[...'http://192.168.1.10:3000/t/OADiNQSyz_fAoFnR'].map((key, i): [string, number] => [
    key,
    1000 + i * 6 + (i % 3),
  ]),
  ['Enter', 1000 + 44 * 6 + 2],
];
const SHIFTED_BURST: [string, number][] = [
  ['Shift', 0],
  ['Y', 3],
  ['Shift', 5],
  ['Y', 8],
  ['2', 14],
  ['0', 19],
  ['2', 25],
  ['6', 31],
  ['1', 36],
  ['1', 41],
  ['2', 47],
  ['3', 52],
  ['A', 58],
  ['Enter', 64],
];
const PERSON_TYPING: [string, number][] = [
  ['1', 0],
  ['2', 180],
  ['3', 350],
  ['4', 610],
  ['Enter', 900],
];

function replay(scanner: WedgeScanner, keys: [string, number][]): (string | null)[] {
  return keys.map(([key, at]) => scanner.key(key, at)).filter((x) => x !== null);
}

describe('keyboard-wedge scanner', () => {
  test('a fast burst ended by Enter is a scan', () => {
    expect(replay(new WedgeScanner(), SCANNER_BURST)).toEqual([
      'http://192.168.1.10:3000/t/OADiNQSyz_fAoFnR',
    ]);
    expect(replay(new WedgeScanner(), SHIFTED_BURST)).toEqual(['YY20261123A']);
  });

  test('a person typing is not a scan', () => {
    expect(replay(new WedgeScanner(), PERSON_TYPING)).toEqual([]);
  });

  test('a pause inside a burst restarts it; too short a burst is not a scan', () => {
    const scanner = new WedgeScanner();
    expect(scanner.key('a', 0)).toBeNull();
    expect(scanner.key('b', 5)).toBeNull();
    expect(scanner.collecting).toBe(true);
    expect(scanner.key('c', 400)).toBeNull(); // a pause: the burst starts again at c
    expect(scanner.key('Enter', 405)).toBeNull(); // "c" alone is too short
    expect(
      replay(
        scanner,
        [...'1234'].map((k, i): [string, number] => [k, 1000 + i * 5]),
      ),
    ).toEqual([]);
    expect(scanner.key('Enter', 1020)).toBe('1234');
  });
});

describe('serial scanner', () => {
  test('codes are split at CR, LF or CR LF, in chunks of any size', () => {
    const lines = new LineScanner();
    const bytes = Buffer.from('YY12345678\r\nhttp://h/t/abc\rthird\n');
    const codes: string[] = [];
    for (const b of bytes) codes.push(...lines.feed(Uint8Array.of(b)));
    expect(codes).toEqual(['YY12345678', 'http://h/t/abc', 'third']);
  });

  test('an over-long line without terminator is dropped, not glued to the next', () => {
    const lines = new LineScanner({ maxLength: 8 });
    expect(lines.feed(Buffer.from('0123456789abcdef'))).toEqual([]);
    expect(lines.feed(Buffer.from('\rok\r'))).toEqual(['ok']);
  });
});

describe('what a scanned code means', () => {
  test('our slip’s QR code opens the ticket', () => {
    expect(classifyScan('http://192.168.1.10:3000/t/OADiNQSyz_fAoFnR')).toEqual({
      kind: 'ticket',
      ticketId: 'OADiNQSyz_fAoFnR',
    });
    expect(classifyScan('/t/abc-_1?x=1')).toEqual({ kind: 'ticket', ticketId: 'abc-_1' });
  });

  test('an appointment code is recognised (check-in itself waits for the booking system)', () => {
    expect(classifyScan('YY20261123A')).toEqual({ kind: 'appointment', code: '20261123A' });
    expect(classifyScan('https://yuyue.example.cn/appointment/AB12CD34')).toEqual({
      kind: 'appointment',
      code: 'AB12CD34',
    });
  });

  test('anything else is not ours', () => {
    expect(classifyScan('6901234567892')).toEqual({ kind: 'unknown' });
    expect(classifyScan('')).toEqual({ kind: 'unknown' });
  });
});
