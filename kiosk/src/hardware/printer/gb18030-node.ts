import iconv from 'iconv-lite';
import type { TextEncoderFn } from './text-encoding';

/** GB18030 through iconv-lite: the encoder of the real (Node/Electron) printer path. */
export const gb18030: TextEncoderFn = (text) => {
  const buffer = iconv.encode(text, 'gb18030');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
};
