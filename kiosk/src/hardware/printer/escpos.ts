import { concatBytes, utf8Bytes } from '../bytes';
import type { TextEncoderFn } from './text-encoding';

/** Control bytes of ESC/POS. */
export const LF = 0x0a;
export const DLE = 0x10;
export const EOT = 0x04;
export const ESC = 0x1b;
export const FS = 0x1c;
export const GS = 0x1d;

export type Align = 'left' | 'center' | 'right';
/** QR error correction: GS ( k function 169 takes 48–51 for L, M, Q, H. */
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';
const QR_LEVEL: Record<QrErrorLevel, number> = { L: 48, M: 49, Q: 50, H: 51 };

/**
 * A small ESC/POS encoder for Chinese receipt printers (Epson-compatible command set as
 * spoken by the common 58/80 mm printers sold in China: Xprinter, GPrinter, SNBC, Epson
 * TM-T82). Text goes out as GB18030 with Chinese mode on (FS &), which is how these
 * printers expect Hanzi; every command is a method that appends its exact bytes.
 */
export class EscPos {
  private readonly parts: Uint8Array[] = [];

  constructor(private readonly encode: TextEncoderFn) {}

  private raw(...bytes: number[]): this {
    this.parts.push(Uint8Array.from(bytes));
    return this;
  }

  /** ESC @: initialise (clears modes and the buffer). */
  init(): this {
    return this.raw(ESC, 0x40);
  }

  /** FS &: Chinese (two-byte) character mode on. */
  chineseOn(): this {
    return this.raw(FS, 0x26);
  }

  /** FS .: Chinese character mode off. */
  chineseOff(): this {
    return this.raw(FS, 0x2e);
  }

  /** ESC a n. */
  align(align: Align): this {
    return this.raw(ESC, 0x61, align === 'left' ? 0 : align === 'center' ? 1 : 2);
  }

  /** ESC E n: emphasised (bold). */
  bold(on: boolean): this {
    return this.raw(ESC, 0x45, on ? 1 : 0);
  }

  /** GS ! n: character size, width and height 1–8 each (GS ! 0x11 is double size). */
  size(width: number, height: number): this {
    const w = Math.min(8, Math.max(1, Math.round(width))) - 1;
    const h = Math.min(8, Math.max(1, Math.round(height))) - 1;
    return this.raw(GS, 0x21, (w << 4) | h);
  }

  /** Text in the printer's encoding (no line feed). */
  text(text: string): this {
    // Control characters would be read as commands: never let text carry them.
    // eslint-disable-next-line no-control-regex
    this.parts.push(this.encode(text.replace(/[\u0000-\u001f\u007f]/g, ' ')));
    return this;
  }

  /** Text and a line feed. */
  line(text = ''): this {
    return this.text(text).raw(LF);
  }

  /** ESC d n: print and feed n lines. */
  feed(lines: number): this {
    return this.raw(ESC, 0x64, Math.min(255, Math.max(0, lines)));
  }

  /**
   * A QR code with GS ( k: model 2 (fn 165), module size (fn 167), error level (fn 169),
   * store the data (fn 180), print it (fn 181). The data is the URL's UTF-8 bytes.
   */
  qr(data: string, options: { moduleSize?: number; level?: QrErrorLevel } = {}): this {
    const payload = utf8Bytes(data);
    if (payload.length > 7089) throw new Error('QR payload too long');
    const moduleSize = Math.min(16, Math.max(1, options.moduleSize ?? 6));
    const store = payload.length + 3;
    this.raw(GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00);
    this.raw(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, moduleSize);
    this.raw(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, QR_LEVEL[options.level ?? 'M']);
    this.raw(GS, 0x28, 0x6b, store & 0xff, store >> 8, 0x31, 0x50, 0x30);
    this.parts.push(payload);
    return this.raw(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30);
  }

  /** GS V 66 n: feed n dots, then a partial cut (the usual tear-off tab). */
  cut(feedDots = 0): this {
    return this.raw(GS, 0x56, 0x42, Math.min(255, Math.max(0, feedDots)));
  }

  bytes(): Uint8Array {
    return concatBytes(this.parts);
  }
}

/** DLE EOT n: real-time status request (1 printer, 2 offline cause, 3 error cause, 4 paper). */
export function statusRequest(n: 1 | 2 | 3 | 4): Uint8Array {
  return Uint8Array.from([DLE, EOT, n]);
}
