/**
 * A USB keyboard-wedge scanner "types" what it reads, one key every few milliseconds, and
 * presses Enter. A person types ten times slower. This tells them apart: keys arriving
 * within `maxGapMs` of each other form a burst, and a burst of at least `minLength`
 * characters ended by Enter (or Tab) is a scan. Anything else is typing and is let through.
 */
export interface WedgeOptions {
  maxGapMs?: number;
  minLength?: number;
  /** The burst must end this soon after its last key, or it was typing after all. */
  maxLength?: number;
}

export class WedgeScanner {
  private buffer = '';
  private last = Number.NEGATIVE_INFINITY;
  private readonly maxGapMs: number;
  private readonly minLength: number;
  private readonly maxLength: number;

  constructor(options: WedgeOptions = {}) {
    this.maxGapMs = options.maxGapMs ?? 50;
    this.minLength = options.minLength ?? 4;
    this.maxLength = options.maxLength ?? 512;
  }

  /**
   * Feeds one key (KeyboardEvent.key) at a time (ms). Returns the scanned text when this
   * key completes a scan, otherwise null.
   */
  key(key: string, timeMs: number): string | null {
    const gap = timeMs - this.last;
    this.last = timeMs;
    if (gap > this.maxGapMs) this.buffer = '';
    if (key === 'Enter' || key === 'Tab') {
      const text = this.buffer;
      this.buffer = '';
      return text.length >= this.minLength ? text : null;
    }
    if (key.length !== 1) return null; // Shift, arrows…: not part of the code
    if (this.buffer.length < this.maxLength) this.buffer += key;
    return null;
  }

  /** True while a burst is being collected: the page should not act on these keys. */
  get collecting(): boolean {
    return this.buffer.length > 0;
  }
}
