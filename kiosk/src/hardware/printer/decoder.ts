import { concatBytes } from '../bytes';
import type { Align, QrErrorLevel } from './escpos';
import { textColumns } from './slip';
import { decodeGb18030 } from './text-encoding';

/** One printed line with the modes it was printed in. */
export interface PrintedText {
  kind: 'text';
  text: string;
  align: Align;
  bold: boolean;
  /** Character width and height multipliers (GS ! / ESC !). */
  width: number;
  height: number;
}

export interface PrintedQr {
  kind: 'qr';
  data: string;
  model: number;
  moduleSize: number;
  level: QrErrorLevel;
  align: Align;
}

export type PrintedItem = PrintedText | PrintedQr;

/** What came out of the printer between two cuts. */
export interface PrintedSlip {
  items: PrintedItem[];
  cut: boolean;
}

export interface DecoderHooks {
  /** DLE EOT n arrived: answer with the status byte (the printer answers at once). */
  onStatusRequest?: (n: number) => void;
  /** A slip was cut off. */
  onSlip?: (slip: PrintedSlip) => void;
  /** Commands this decoder does not know (kept for tests: a golden slip has none). */
  onUnknown?: (bytes: Uint8Array) => void;
}

const LEVELS: Record<number, QrErrorLevel> = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' };

/**
 * Streaming ESC/POS decoder: the simulated printer feeds it what arrives on the wire, in
 * chunks of any size, and it turns the bytes back into printed lines and QR codes, so a
 * test (and a person) can read what was printed. Commands cut across chunks are held until
 * complete; real-time requests (DLE EOT) are answered as soon as they are complete.
 */
export class EscPosDecoder {
  private pending: Uint8Array = new Uint8Array(0);
  private line: number[] = [];
  private items: PrintedItem[] = [];
  private align: Align = 'left';
  private bold = false;
  private width = 1;
  private height = 1;
  private chinese = false;
  private qrModel = 2;
  private qrModuleSize = 3;
  private qrLevel: QrErrorLevel = 'L';
  private qrData: Uint8Array | null = null;
  /** Modes of the line being collected are those in force at its first character. */
  private lineStyle: Omit<PrintedText, 'kind' | 'text'> | null = null;
  readonly slips: PrintedSlip[] = [];
  readonly unknown: Uint8Array[] = [];

  constructor(private readonly hooks: DecoderHooks = {}) {}

  feed(chunk: Uint8Array): void {
    this.pending = this.pending.length ? concatBytes([this.pending, chunk]) : chunk.slice();
    let at = 0;
    while (at < this.pending.length) {
      const used = this.step(this.pending, at);
      if (used === 0) break; // incomplete command: wait for more bytes
      at += used;
    }
    this.pending = this.pending.slice(at);
  }

  /** The slip being printed (not yet cut), for a printer that was never told to cut. */
  current(): PrintedSlip {
    return { items: [...this.items, ...this.lineItem()], cut: false };
  }

  private lineItem(): PrintedText[] {
    if (this.line.length === 0) return [];
    const style = this.lineStyle ?? this.style();
    const bytes = Uint8Array.from(this.line);
    const text = this.chinese
      ? decodeGb18030(bytes)
      : String.fromCharCode(...bytes.filter((b) => b < 0x80));
    return [{ kind: 'text', text, ...style }];
  }

  private style(): Omit<PrintedText, 'kind' | 'text'> {
    return { align: this.align, bold: this.bold, width: this.width, height: this.height };
  }

  private newline(): void {
    const items = this.lineItem();
    if (items.length === 0) items.push({ kind: 'text', text: '', ...this.style() });
    this.items.push(...items);
    this.line = [];
    this.lineStyle = null;
  }

  private reset(): void {
    this.align = 'left';
    this.bold = false;
    this.width = 1;
    this.height = 1;
    this.chinese = false;
  }

  /** Bytes consumed at `at`, or 0 when the command is not complete yet. */
  private step(buf: Uint8Array, at: number): number {
    const b = buf[at] as number;
    const left = buf.length - at;
    const arg = (i: number) => buf[at + i] as number;
    const need = (n: number) => left >= n;
    if (b === 0x0a) {
      this.newline();
      return 1;
    }
    if (b === 0x0d) return 1;
    if (b === 0x10) {
      if (!need(3)) return 0;
      if (arg(1) === 0x04) this.hooks.onStatusRequest?.(arg(2));
      else this.unknownCommand(buf.slice(at, at + 3));
      return 3;
    }
    if (b === 0x1b) {
      if (!need(2)) return 0;
      const c = arg(1);
      switch (c) {
        case 0x40: // ESC @
          this.reset();
          return 2;
        case 0x32: // ESC 2 default line spacing
          return 2;
        case 0x61: // ESC a n
        case 0x45: // ESC E n
        case 0x64: // ESC d n
        case 0x21: // ESC ! n
        case 0x2d: // ESC - n
        case 0x33: // ESC 3 n
        case 0x4a: // ESC J n
        case 0x74: // ESC t n
        case 0x4d: // ESC M n
        case 0x52: // ESC R n
        case 0x47: // ESC G n
        case 0x20: {
          // ESC SP n
          if (!need(3)) return 0;
          const n = arg(2);
          if (c === 0x61) this.align = n % 48 === 0 ? 'left' : n % 48 === 1 ? 'center' : 'right';
          else if (c === 0x45) this.bold = (n & 1) === 1;
          else if (c === 0x64) {
            // Print what is buffered, then feed n lines.
            if (this.line.length > 0) this.newline();
            for (let i = 0; i < n; i += 1) this.newline();
          } else if (c === 0x21) {
            this.bold = (n & 0x08) !== 0;
            this.height = n & 0x10 ? 2 : 1;
            this.width = n & 0x20 ? 2 : 1;
          }
          return 3;
        }
        default:
          this.unknownCommand(buf.slice(at, at + 2));
          return 2;
      }
    }
    if (b === 0x1c) {
      if (!need(2)) return 0;
      const c = arg(1);
      if (c === 0x26) {
        this.chinese = true;
        return 2;
      }
      if (c === 0x2e) {
        this.chinese = false;
        return 2;
      }
      if (c === 0x21 || c === 0x2d || c === 0x57) {
        // FS ! n (Chinese print mode), FS - n, FS W n
        if (!need(3)) return 0;
        if (c === 0x21) {
          const n = arg(2);
          this.width = n & 0x04 ? 2 : 1;
          this.height = n & 0x08 ? 2 : 1;
        }
        return 3;
      }
      this.unknownCommand(buf.slice(at, at + 2));
      return 2;
    }
    if (b === 0x1d) {
      if (!need(2)) return 0;
      const c = arg(1);
      switch (c) {
        case 0x21: {
          if (!need(3)) return 0;
          const n = arg(2);
          this.width = ((n >> 4) & 0x07) + 1;
          this.height = (n & 0x07) + 1;
          return 3;
        }
        case 0x42: // GS B n
        case 0x48: // GS H n
        case 0x66: // GS f n
        case 0x68: // GS h n
        case 0x77: // GS w n
          return need(3) ? 3 : 0;
        case 0x4c: // GS L nL nH
        case 0x57: // GS W nL nH
          return need(4) ? 4 : 0;
        case 0x56: {
          // GS V m [n]
          if (!need(3)) return 0;
          const m = arg(2);
          const size = m === 65 || m === 66 || m === 97 || m === 98 ? 4 : 3;
          if (!need(size)) return 0;
          this.cut();
          return size;
        }
        case 0x28: {
          // GS ( fn pL pH ...
          if (!need(5)) return 0;
          const length = arg(3) | (arg(4) << 8);
          if (!need(5 + length)) return 0;
          if (arg(2) === 0x6b) this.symbol(buf.slice(at + 5, at + 5 + length));
          else this.unknownCommand(buf.slice(at, at + 5 + length));
          return 5 + length;
        }
        case 0x76: {
          // GS v 0 m xL xH yL yH d1…dk (raster image): skipped, kept as a marker.
          if (!need(8)) return 0;
          const bytes = (arg(4) | (arg(5) << 8)) * (arg(6) | (arg(7) << 8));
          if (!need(8 + bytes)) return 0;
          this.items.push({ kind: 'text', text: '[image]', ...this.style() });
          return 8 + bytes;
        }
        default:
          this.unknownCommand(buf.slice(at, at + 2));
          return 2;
      }
    }
    // Text: in Chinese mode, a GB18030 character is kept whole (2 or 4 bytes).
    if (b >= 0x81 && b <= 0xfe && this.chinese) {
      if (!need(2)) return 0;
      const second = arg(1);
      const size = second >= 0x30 && second <= 0x39 ? 4 : 2;
      if (!need(size)) return 0;
      this.text(buf.slice(at, at + size));
      return size;
    }
    if (b >= 0x20) {
      this.text(buf.slice(at, at + 1));
      return 1;
    }
    this.unknownCommand(buf.slice(at, at + 1));
    return 1;
  }

  private text(bytes: Uint8Array): void {
    if (this.line.length === 0) this.lineStyle = this.style();
    this.line.push(...bytes);
  }

  /** GS ( k cn fn …: the QR code functions (cn = 49). */
  private symbol(body: Uint8Array): void {
    const cn = body[0];
    const fn = body[1];
    if (cn !== 0x31) return this.unknownCommand(body);
    switch (fn) {
      case 0x41:
        this.qrModel = (body[2] ?? 0x32) - 0x30;
        break;
      case 0x43:
        this.qrModuleSize = body[2] ?? 3;
        break;
      case 0x45:
        this.qrLevel = LEVELS[body[2] ?? 48] ?? 'L';
        break;
      case 0x50:
        this.qrData = body.slice(3);
        break;
      case 0x51:
        if (this.line.length > 0) this.newline();
        this.items.push({
          kind: 'qr',
          data: new TextDecoder().decode(this.qrData ?? new Uint8Array(0)),
          model: this.qrModel,
          moduleSize: this.qrModuleSize,
          level: this.qrLevel,
          align: this.align,
        });
        break;
      default:
        this.unknownCommand(body);
    }
  }

  private cut(): void {
    if (this.line.length > 0) this.newline();
    const slip: PrintedSlip = { items: this.items, cut: true };
    this.items = [];
    this.slips.push(slip);
    this.hooks.onSlip?.(slip);
  }

  private unknownCommand(bytes: Uint8Array): void {
    this.unknown.push(bytes);
    this.hooks.onUnknown?.(bytes);
  }
}

/**
 * A slip as plain text, the way it looks on paper: aligned to the paper's columns, big
 * text marked «», QR codes as [QR: data]. Trailing blank lines are dropped.
 */
export function slipTranscript(slip: PrintedSlip, columns = 48): string {
  const lines = slip.items.map((item) => {
    const text =
      item.kind === 'qr'
        ? `[QR: ${item.data}]`
        : item.width > 1 || item.height > 1
          ? `«${item.text}»`
          : item.text;
    const w = textColumns(text) * (item.kind === 'text' ? item.width : 1);
    const pad =
      item.align === 'center'
        ? Math.max(0, Math.floor((columns - w) / 2))
        : item.align === 'right'
          ? Math.max(0, columns - w)
          : 0;
    return (' '.repeat(pad) + text).trimEnd();
  });
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}
