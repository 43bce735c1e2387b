import {
  CHIME,
  PAUSE,
  REQUIRED_CLIPS,
  callSentence,
  callText,
  composeCall,
  readCardinal,
  readTicketNumber,
} from './compose';
import { missingClips, parseManifest } from './manifest';

describe('ticket numbers are read character by character', () => {
  test.each([
    ['A001', ['A', '零', '零', '一']],
    ['B120', ['B', '一', '二', '零']],
    ['Q1002', ['Q', '一', '零', '零', '二']],
    ['AB007', ['A', 'B', '零', '零', '七']],
    ['v999', ['V', '九', '九', '九']],
  ])('%s', (number, clips) => {
    expect(readTicketNumber(number)).toEqual(clips);
  });

  test('anything but letters and digits is refused', () => {
    expect(() => readTicketNumber('A-01')).toThrow(RangeError);
    expect(() => readTicketNumber('')).toThrow(RangeError);
  });
});

describe('window numbers are read as counts', () => {
  test.each([
    [1, '一'],
    [2, '二'],
    [5, '五'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [12, '十二'],
    [19, '十九'],
    [20, '二十'],
    [21, '二十一'],
    [40, '四十'],
    [55, '五十五'],
    [99, '九十九'],
    [100, '一百'],
    [101, '一百零一'],
    [110, '一百一十'],
    [115, '一百一十五'],
    [200, '二百'],
    [305, '三百零五'],
    [999, '九百九十九'],
    [1000, '一千'],
    [1005, '一千零五'],
    [1050, '一千零五十'],
    [1100, '一千一百'],
    [2019, '二千零一十九'],
    [9999, '九千九百九十九'],
  ])('%i → %s', (n, spoken) => {
    expect(readCardinal(n).join('')).toBe(spoken);
    // Every clip is a word the pack holds.
    for (const clip of readCardinal(n)) expect(REQUIRED_CLIPS).toContain(clip);
  });

  test('12 is the two clips 十 and 二', () => {
    expect(readCardinal(12)).toEqual(['十', '二']);
  });

  test('out of range or fractional numbers are refused', () => {
    expect(() => readCardinal(-1)).toThrow(RangeError);
    expect(() => readCardinal(10000)).toThrow(RangeError);
    expect(() => readCardinal(1.5)).toThrow(RangeError);
  });
});

describe('a call', () => {
  test('请 A001 号到 5 号窗口办理', () => {
    expect(callSentence({ number: 'A001', windowNumber: 5 })).toEqual([
      '请',
      'A',
      '零',
      '零',
      '一',
      '号',
      '到',
      '五',
      '号',
      '窗口',
      '办理',
    ]);
    expect(callText({ number: 'A001', windowNumber: 5 })).toBe('请 A001 号到 5 号窗口办理');
  });

  test('is spoken twice after a chime, with a pause between', () => {
    const sentence = callSentence({ number: 'D012', windowNumber: 12 });
    expect(composeCall({ number: 'D012', windowNumber: 12 })).toEqual([
      CHIME,
      ...sentence,
      PAUSE,
      ...sentence,
    ]);
    expect(sentence.slice(7, 9)).toEqual(['十', '二']);
  });

  test('repeats and chime are options', () => {
    const sentence = callSentence({ number: 'A001', windowNumber: 1 });
    expect(composeCall({ number: 'A001', windowNumber: 1 }, { repeats: 1, chime: false })).toEqual(
      sentence,
    );
    expect(composeCall({ number: 'A001', windowNumber: 1 }, { repeats: 3 })).toHaveLength(
      1 + 3 * sentence.length + 2,
    );
  });

  test('a window name is spoken only when the pack has a clip of it', () => {
    const call = { number: 'V003', windowNumber: 54, windowName: '帮办代办窗口' };
    expect(callSentence(call).slice(-6)).toEqual(['五', '十', '四', '号', '窗口', '办理']);
    const named = new Set(['帮办代办窗口']);
    expect(callSentence(call, named)).toEqual([
      '请',
      'V',
      '零',
      '零',
      '三',
      '号',
      '到',
      '帮办代办窗口',
      '办理',
    ]);
    expect(callText(call, named)).toBe('请 V003 号到 帮办代办窗口办理');
    // Names of ordinary windows (税务1) have no clip: the number is read.
    expect(callSentence({ number: 'A1', windowNumber: 1, windowName: '税务1' }, named)).toContain(
      '窗口',
    );
  });
});

describe('voice pack manifests', () => {
  test('a manifest lists what it lacks', () => {
    const manifest = parseManifest({
      name: 'partial',
      language: 'zh-CN',
      clips: { 请: { file: 'qing.wav', ms: 300 } },
    });
    expect(manifest.gapMs).toBe(600);
    expect(missingClips(manifest)).toContain('窗口');
    expect(missingClips(manifest)).not.toContain('请');
  });

  test.each([
    [
      { name: 'x', language: 'zh-CN', clips: { 请: { file: '../etc/passwd', ms: 300 } } },
      'plain file name',
    ],
    [{ name: 'x', language: 'zh-CN', clips: { 请: { file: 'qing.wav', ms: 0 } } }, 'length'],
    [{ name: 'x', language: 'zh-CN', clips: [] }, 'clips'],
    [{ name: 'x', language: 'zh-CN', clips: {}, extra: 1 }, 'unknown field extra'],
    [{ name: '', language: 'zh-CN', clips: {} }, 'name'],
    [null, 'not an object'],
  ])('a bad manifest is refused, saying why (%#)', (raw, why) => {
    expect(() => parseManifest(raw)).toThrow(why);
  });
});
