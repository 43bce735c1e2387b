/**
 * HID input reports → key presses. Two report layouts are understood:
 *
 * - `boot-keyboard`: the 8-byte boot keyboard report most USB caller keypads send
 *   (modifiers, reserved, up to six key usages); a report ID byte first when the device
 *   numbers its reports. A key counts when it appears, not while it is held.
 * - `vendor`: one key code at a fixed byte (0 = released), as simple vendor keypads send.
 *
 * Usages are the HID keyboard page's (0x07): 0x59 is keypad 1, 0x3A is F1.
 */

export type ReportFormat =
  | { kind: 'boot-keyboard'; reportId?: number }
  | { kind: 'vendor'; keyByte: number; reportId?: number };

export const USAGE = {
  ERROR_ROLLOVER: 0x01,
  A: 0x04,
  DIGIT_1: 0x1e,
  DIGIT_0: 0x27,
  ENTER: 0x28,
  ESCAPE: 0x29,
  BACKSPACE: 0x2a,
  F1: 0x3a,
  F12: 0x45,
  KP_SLASH: 0x54,
  KP_STAR: 0x55,
  KP_MINUS: 0x56,
  KP_PLUS: 0x57,
  KP_ENTER: 0x58,
  KP_1: 0x59,
  KP_0: 0x62,
  KP_DOT: 0x63,
} as const;

/** The digit a usage types (top row or keypad), or null. */
export function usageDigit(usage: number): number | null {
  if (usage >= USAGE.DIGIT_1 && usage <= USAGE.DIGIT_0) return (usage - USAGE.DIGIT_1 + 1) % 10;
  if (usage >= USAGE.KP_1 && usage <= USAGE.KP_0) return (usage - USAGE.KP_1 + 1) % 10;
  return null;
}

/** Tracks the keys held, to turn each report into the keys newly pressed. */
export class ReportDecoder {
  private held = new Set<number>();

  constructor(private readonly format: ReportFormat) {}

  /** Usages pressed since the previous report, in report order. */
  decode(report: Uint8Array | readonly number[]): number[] {
    let bytes = Array.from(report);
    const id = this.format.reportId;
    if (id !== undefined) {
      if (bytes[0] !== id) return []; // another report of the device (LEDs, vendor data)
      bytes = bytes.slice(1);
    }
    let now: number[];
    if (this.format.kind === 'boot-keyboard') {
      if (bytes.length < 3) return [];
      const keys = bytes.slice(2, 8);
      // Too many keys at once: the report says nothing reliable; keep the previous state.
      if (keys.some((k) => k === USAGE.ERROR_ROLLOVER)) return [];
      now = keys.filter((k) => k > USAGE.ERROR_ROLLOVER + 2);
    } else {
      const key = bytes[this.format.keyByte] ?? 0;
      now = key === 0 ? [] : [key];
    }
    const pressed = now.filter((k) => !this.held.has(k));
    this.held = new Set(now);
    return pressed;
  }
}

/** A recorded report: hex bytes ("00 00 59 00 00 00 00 00") and when it came (ms from start). */
export interface RecordedReport {
  t: number;
  hex: string;
}

export function parseHex(hex: string): number[] {
  const parts = hex.trim().split(/\s+/).filter(Boolean);
  return parts.map((p) => {
    if (!/^[0-9a-fA-F]{2}$/.test(p)) throw new Error(`not a hex byte: ${p}`);
    return parseInt(p, 16);
  });
}
