/**
 * GB18030 for the receipt printer. Chinese printers take GB18030 (GBK for most characters)
 * once Chinese mode is on (FS &). In Node and Electron the encoder is iconv-lite
 * (./gb18030-node); in a browser, where iconv-lite would need a Buffer polyfill, the
 * table below is built once from the browser's own GB18030 decoder. Both give the same
 * bytes for the Basic Multilingual Plane (checked in test/kiosk/escpos.test.ts).
 */
export type TextEncoderFn = (text: string) => Uint8Array;

let table: Map<number, number[]> | null = null;

/** Every two-byte code, and every four-byte code of the BMP, decoded once and inverted. */
function buildTable(): Map<number, number[]> {
  const decoder = new TextDecoder('gb18030');
  const map = new Map<number, number[]>();
  const codes: number[][] = [];
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      if (trail !== 0x7f) codes.push([lead, trail]);
    }
  }
  for (let b1 = 0x81; b1 <= 0x84; b1 += 1) {
    for (let b2 = 0x30; b2 <= 0x39; b2 += 1) {
      for (let b3 = 0x81; b3 <= 0xfe; b3 += 1) {
        for (let b4 = 0x30; b4 <= 0x39; b4 += 1) codes.push([b1, b2, b3, b4]);
      }
    }
  }
  const bytes = new Uint8Array(codes.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const code of codes) {
    bytes.set(code, at);
    at += code.length;
  }
  const text = decoder.decode(bytes);
  let index = 0;
  for (const ch of text) {
    const code = codes[index];
    index += 1;
    const cp = ch.codePointAt(0) ?? 0xfffd;
    if (code && cp !== 0xfffd && !map.has(cp)) map.set(cp, code);
  }
  return map;
}

/** A GB18030 encoder for environments without iconv-lite (the browser's simulated printer). */
export const gb18030FromTable: TextEncoderFn = (text) => {
  table ??= buildTable();
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0x3f;
    if (cp < 0x80) out.push(cp);
    else {
      const code = table.get(cp);
      if (code) out.push(...code);
      else if (cp > 0xffff) {
        // Supplementary planes: a linear four-byte range starting at 0x90308130.
        let n = cp - 0x10000;
        const b4 = 0x30 + (n % 10);
        n = Math.floor(n / 10);
        const b3 = 0x81 + (n % 126);
        n = Math.floor(n / 126);
        const b2 = 0x30 + (n % 10);
        const b1 = 0x90 + Math.floor(n / 10);
        out.push(b1, b2, b3, b4);
      } else out.push(0x3f);
    }
  }
  return Uint8Array.from(out);
};

/** Decodes printer text (GB18030; ASCII is a subset). */
export function decodeGb18030(bytes: Uint8Array): string {
  return new TextDecoder('gb18030').decode(bytes);
}
