/**
 * PCM WAV files joined into one, so an announcement plays as one sound with no gaps
 * between its words (each HTMLAudioElement start costs tens of milliseconds). Packs of
 * another format, or of mixed formats, are played clip by clip instead.
 */

export interface WavFormat {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
}

export interface Wav extends WavFormat {
  data: Uint8Array;
}

const text = (view: DataView, at: number) =>
  String.fromCharCode(
    view.getUint8(at),
    view.getUint8(at + 1),
    view.getUint8(at + 2),
    view.getUint8(at + 3),
  );

/** The samples and format of a PCM WAV file, or null for anything else. */
export function parseWav(buffer: ArrayBuffer): Wav | null {
  const view = new DataView(buffer);
  if (buffer.byteLength < 12 || text(view, 0) !== 'RIFF' || text(view, 8) !== 'WAVE') return null;
  let format: WavFormat | null = null;
  let at = 12;
  while (at + 8 <= buffer.byteLength) {
    const id = text(view, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (view.getUint16(body, true) !== 1) return null; // not PCM
      format = {
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!format) return null;
      const end = Math.min(buffer.byteLength, body + size);
      return { ...format, data: new Uint8Array(buffer.slice(body, end)) };
    }
    at = body + size + (size % 2);
  }
  return null;
}

/** One WAV of all the clips in order, or null when they are not all PCM WAV of one format. */
export function joinWavs(buffers: ArrayBuffer[]): ArrayBuffer | null {
  const wavs = buffers.map(parseWav);
  const first = wavs[0];
  if (!first) return null;
  for (const wav of wavs) {
    if (
      !wav ||
      wav.sampleRate !== first.sampleRate ||
      wav.channels !== first.channels ||
      wav.bitsPerSample !== first.bitsPerSample
    )
      return null;
  }
  const length = wavs.reduce((sum, w) => sum + (w?.data.length ?? 0), 0);
  const out = new ArrayBuffer(44 + length);
  const view = new DataView(out);
  const write = (at: number, s: string) =>
    [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  const blockAlign = (first.channels * first.bitsPerSample) / 8;
  write(0, 'RIFF');
  view.setUint32(4, 36 + length, true);
  write(8, 'WAVE');
  write(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, first.channels, true);
  view.setUint32(24, first.sampleRate, true);
  view.setUint32(28, first.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, first.bitsPerSample, true);
  write(36, 'data');
  view.setUint32(40, length, true);
  const bytes = new Uint8Array(out);
  let at = 44;
  for (const wav of wavs) {
    if (!wav) continue;
    bytes.set(wav.data, at);
    at += wav.data.length;
  }
  return out;
}
