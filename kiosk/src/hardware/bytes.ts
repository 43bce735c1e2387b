/**
 * Byte helpers shared by the device drivers. Everything under kiosk/src/hardware works on
 * Uint8Array (never Buffer), so the same drivers run in Node, in Electron and, with the
 * simulated devices, in a plain browser.
 */

export function concatBytes(parts: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** "1b 40 1c 26": for tests and debugging. */
export function hex(bytes: Uint8Array | readonly number[]): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Latin-1/ASCII bytes of a string (for the ASCII-only parts of a protocol). */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** UTF-8 bytes (QR code payloads: a URL). */
export function utf8Bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
