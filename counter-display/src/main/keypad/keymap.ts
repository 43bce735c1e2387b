import { PAUSE_REASONS } from '../../pause-reasons';
import { USAGE, usageDigit } from './reports';

/** What the caller keypad's keys do at its window. */
export type KeypadAction =
  'next' | 'recall' | 'start' | 'finish' | 'no-show' | 'transfer' | 'pause-resume' | 'extended';

/**
 * The default layout, printed on the keypad's key caps (docs/displays.md): F1–F8, or the
 * digits 1–8 when no number is being typed. Transfer and pause take a number: 转交 then
 * the window number then Enter; 暂停 then a reason number (or none) then Enter.
 */
export const DEFAULT_KEYMAP: Record<number, KeypadAction> = {
  [USAGE.F1]: 'next',
  [USAGE.F1 + 1]: 'recall',
  [USAGE.F1 + 2]: 'start',
  [USAGE.F1 + 3]: 'finish',
  [USAGE.F1 + 4]: 'no-show',
  [USAGE.F1 + 5]: 'transfer',
  [USAGE.F1 + 6]: 'pause-resume',
  [USAGE.F1 + 7]: 'extended',
};

const DIGIT_ACTIONS: KeypadAction[] = [
  'next',
  'recall',
  'start',
  'finish',
  'no-show',
  'transfer',
  'pause-resume',
  'extended',
];

/** Reasons chosen by number after 暂停 (1 by default): the console's list. */
export { PAUSE_REASONS };

export type KeypadStep =
  | { kind: 'act'; action: Exclude<KeypadAction, 'transfer' | 'pause-resume'> }
  | { kind: 'pause-resume' }
  | { kind: 'transfer'; windowNumber: number }
  | { kind: 'pause'; reason: string }
  | { kind: 'entry'; what: 'transfer' | 'pause'; digits: string }
  | { kind: 'cancelled' }
  | { kind: 'ignored' };

/**
 * Key presses → steps, with the little number entry the keypad needs. Pure; the driver
 * decides pause or resume from the window's state when it sees `pause-resume`.
 */
export class KeypadInterpreter {
  private entry: { what: 'transfer' | 'pause'; digits: string } | null = null;

  constructor(private readonly keymap: Record<number, KeypadAction> = DEFAULT_KEYMAP) {}

  /** Starts a pause-reason entry (the driver calls this when 暂停 means pause, not resume). */
  beginPause(): KeypadStep {
    this.entry = { what: 'pause', digits: '' };
    return { kind: 'entry', what: 'pause', digits: '' };
  }

  press(usage: number): KeypadStep {
    const digit = usageDigit(usage);
    if (this.entry) {
      const entry = this.entry;
      if (digit !== null) {
        if (entry.digits.length < 3) entry.digits += String(digit);
        return { kind: 'entry', what: entry.what, digits: entry.digits };
      }
      if (usage === USAGE.BACKSPACE || usage === USAGE.KP_DOT) {
        if (entry.digits === '') {
          this.entry = null;
          return { kind: 'cancelled' };
        }
        entry.digits = entry.digits.slice(0, -1);
        return { kind: 'entry', what: entry.what, digits: entry.digits };
      }
      if (usage === USAGE.ESCAPE || usage === USAGE.KP_MINUS) {
        this.entry = null;
        return { kind: 'cancelled' };
      }
      if (usage === USAGE.ENTER || usage === USAGE.KP_ENTER) {
        this.entry = null;
        if (entry.what === 'transfer') {
          const n = Number(entry.digits);
          return entry.digits && n > 0
            ? { kind: 'transfer', windowNumber: n }
            : { kind: 'cancelled' };
        }
        const index = entry.digits ? Number(entry.digits) - 1 : 0;
        const reason = PAUSE_REASONS[index];
        return reason ? { kind: 'pause', reason } : { kind: 'cancelled' };
      }
      // Any action key ends the entry and acts.
      this.entry = null;
    }
    const action =
      this.keymap[usage] ?? (digit !== null && digit >= 1 ? DIGIT_ACTIONS[digit - 1] : undefined);
    if (!action) return { kind: 'ignored' };
    if (action === 'transfer') {
      this.entry = { what: 'transfer', digits: '' };
      return { kind: 'entry', what: 'transfer', digits: '' };
    }
    if (action === 'pause-resume') return { kind: 'pause-resume' };
    return { kind: 'act', action };
  }
}
