/**
 * Mandarin call announcements as a list of voice-pack clip names: "请 A001 号到 5 号窗口办理"
 * becomes 请 · A · 零 · 零 · 一 · 号 · 到 · 五 · 号 · 窗口 · 办理. Pure: the renderer's player
 * turns the names into files through the pack's manifest (docs/displays.md).
 */

export const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
export const LETTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'] as const;
export const WORDS = ['请', '号', '到', '窗口', '办理', '十', '百', '千'] as const;
/** A short chime before each announcement, and the pause between its two readings. */
export const CHIME = '叮咚';
export const PAUSE = '停顿';

/** Every clip a pack must hold for any call of any hall (window numbers 1–9999). */
export const REQUIRED_CLIPS: readonly string[] = [...DIGITS, ...LETTERS, ...WORDS, CHIME, PAUSE];

/** A ticket number is read one character at a time: letters by name, digits as digits (A001 → A 零 零 一). */
export function readTicketNumber(number: string): string[] {
  const clips: string[] = [];
  for (const char of number.toUpperCase()) {
    if (char >= '0' && char <= '9') clips.push(DIGITS[Number(char)] as string);
    else if (char >= 'A' && char <= 'Z') clips.push(char);
    else throw new RangeError(`cannot read "${char}" in ticket number ${number}`);
  }
  if (clips.length === 0) throw new RangeError('empty ticket number');
  return clips;
}

/**
 * A count, read as a person reads it: 5 → 五, 10 → 十, 12 → 十二, 20 → 二十, 101 → 一百零一,
 * 110 → 一百一十, 1005 → 一千零五. Window numbers are read this way.
 */
export function readCardinal(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`cannot read ${n}`);
  if (n === 0) return ['零'];
  const digit = (d: number) => DIGITS[d] as string;
  const places: [number, string][] = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
  ];
  const clips: string[] = [];
  let rest = n;
  let zero = false;
  for (const [size, unit] of places) {
    const d = Math.floor(rest / size);
    rest %= size;
    if (d === 0) {
      // One 零 stands for any run of missing places between two spoken ones (1005 → 一千零五).
      if (clips.length > 0 && rest > 0) zero = true;
      continue;
    }
    if (zero) clips.push('零');
    zero = false;
    // 10–19 alone drop the 一 (十二); inside a larger number they keep it (一百一十).
    if (!(unit === '十' && d === 1 && clips.length === 0)) clips.push(digit(d));
    clips.push(unit);
  }
  if (rest > 0) {
    if (zero) clips.push('零');
    clips.push(digit(rest));
  }
  return clips;
}

export interface CallToAnnounce {
  /** Ticket number, e.g. A001. */
  number: string;
  windowNumber: number;
  /** The window's name (税务1); spoken instead of "N 号窗口" only when the pack holds a clip of it. */
  windowName?: string;
}

/** One reading: 请 A001 号到 5 号窗口办理 (or 请 A001 号到 帮办代办窗口 办理 with a named-window clip). */
export function callSentence(call: CallToAnnounce, namedWindows?: ReadonlySet<string>): string[] {
  const to =
    call.windowName && namedWindows?.has(call.windowName)
      ? [call.windowName]
      : [...readCardinal(call.windowNumber), '号', '窗口'];
  return ['请', ...readTicketNumber(call.number), '号', '到', ...to, '办理'];
}

export interface ComposeOptions {
  /** How many times the sentence is read (2). */
  repeats?: number;
  /** A chime first (true). */
  chime?: boolean;
  /** Window names the pack has clips of. */
  namedWindows?: ReadonlySet<string>;
}

/** The whole announcement: chime, sentence, pause, sentence. */
export function composeCall(call: CallToAnnounce, options: ComposeOptions = {}): string[] {
  const repeats = options.repeats ?? 2;
  const sentence = callSentence(call, options.namedWindows);
  const clips: string[] = options.chime === false ? [] : [CHIME];
  for (let i = 0; i < repeats; i += 1) {
    if (i > 0) clips.push(PAUSE);
    clips.push(...sentence);
  }
  return clips;
}

/** The sentence as text, for subtitles and logs: 请 A001 号到 5 号窗口办理. */
export function callText(call: CallToAnnounce, namedWindows?: ReadonlySet<string>): string {
  const to =
    call.windowName && namedWindows?.has(call.windowName)
      ? call.windowName
      : `${call.windowNumber} 号窗口`;
  return `请 ${call.number} 号到 ${to}办理`;
}
