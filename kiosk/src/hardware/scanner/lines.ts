/**
 * A serial-mode scanner (or a USB scanner in virtual COM mode) sends each code followed by
 * a terminator, CR by default (some send CR LF or LF). This splits the byte stream into
 * codes, in chunks of any size; an over-long line without terminator is dropped.
 */
export class LineScanner {
  private pending: number[] = [];
  private skipLf = false;
  /** The line ran over the limit: drop it all, up to its terminator. */
  private overflow = false;

  constructor(private readonly options: { maxLength?: number; encoding?: string } = {}) {}

  feed(chunk: Uint8Array): string[] {
    const codes: string[] = [];
    const max = this.options.maxLength ?? 1024;
    for (const byte of chunk) {
      if (byte === 0x0a && this.skipLf) {
        this.skipLf = false;
        continue;
      }
      this.skipLf = false;
      if (byte === 0x0d || byte === 0x0a) {
        this.skipLf = byte === 0x0d;
        if (this.pending.length > 0 && !this.overflow) {
          const text = new TextDecoder(this.options.encoding ?? 'utf-8')
            .decode(Uint8Array.from(this.pending))
            .trim();
          if (text) codes.push(text);
        }
        this.pending = [];
        this.overflow = false;
        continue;
      }
      if (this.overflow) continue;
      if (this.pending.length >= max) {
        this.pending = [];
        this.overflow = true;
        continue;
      }
      this.pending.push(byte);
    }
    return codes;
  }
}
