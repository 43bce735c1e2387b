import { concatBytes, hex } from '../bytes';

/**
 * The SAM (安全模块) protocol of resident ID card readers, GA 467 (居民身份证验证安全控制
 * 模块接口技术规范), on a serial line at 115200 baud, 8N1.
 *
 * Every frame, both ways:
 *
 *   AA AA AA 96 69 | Len1 Len2 | body … | CHK
 *
 * - the preamble is fixed;
 * - Len (big-endian) counts the body and the checksum byte;
 * - CHK is the XOR of the two length bytes and the body;
 * - a command's body is CMD PARA [data]; an answer's is SW1 SW2 SW3 [data], SW1 SW2 = 00 00.
 *
 * Commands used here: 20 01 find card (SW3 9F when a card is there, 80 when none),
 * 20 02 select card (90, or 81), 30 01 read base information (90 and: text length (2,
 * big-endian), photo length (2), 256 bytes of text, 1024 bytes of photo).
 */
export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);

export const COMMANDS = {
  reset: [0x10, 0xff],
  samStatus: [0x11, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readBase: [0x30, 0x01],
} as const;

/** SW3 values and what they mean. */
export const SW3 = {
  OK: 0x90,
  NO_CONTENT: 0x91,
  FIND_OK: 0x9f,
  CHECKSUM: 0x10,
  LENGTH: 0x11,
  COMMAND: 0x21,
  NOT_AUTHORISED: 0x23,
  UNKNOWN: 0x24,
  CARD_AUTH_SAM: 0x31,
  SAM_AUTH_CARD: 0x32,
  INFO_CHECK: 0x33,
  CARD_TYPE: 0x40,
  READ_FAILED: 0x41,
  RANDOM: 0x47,
  SELF_TEST: 0x60,
  SAM_UNAUTHORISED: 0x66,
  FIND_FAILED: 0x80,
  SELECT_FAILED: 0x81,
} as const;

export const SW3_TEXT: Record<number, string> = {
  0x90: '操作成功',
  0x91: '证/卡中此项无内容',
  0x9f: '寻找证/卡成功',
  0x10: '接收业务终端数据的校验和错',
  0x11: '接收业务终端数据的长度错',
  0x21: '接收业务终端的命令错误',
  0x23: '越权操作',
  0x24: '无法识别的错误',
  0x31: '证/卡认证SAM失败',
  0x32: 'SAM认证证/卡失败',
  0x33: '信息验证错误',
  0x40: '无法识别的卡类型',
  0x41: '读证/卡操作失败',
  0x47: '取随机数失败',
  0x60: 'SAM自检失败，不能接收命令',
  0x66: 'SAM未经授权，无法使用',
  0x80: '寻找证/卡失败',
  0x81: '选取证/卡失败',
};

export function xorChecksum(bytes: Uint8Array): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

/** A whole frame around a body. */
export function encodeFrame(body: Uint8Array | readonly number[]): Uint8Array {
  const length = body.length + 1;
  if (length > 0xffff) throw new Error('frame too long');
  const inner = concatBytes([[length >> 8, length & 0xff], body]);
  return concatBytes([PREAMBLE, inner, [xorChecksum(inner)]]);
}

export function encodeCommand(
  command: readonly [number, number],
  data: Uint8Array = new Uint8Array(0),
): Uint8Array {
  return encodeFrame(concatBytes([command, data]));
}

export function encodeAnswer(sw3: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  return encodeFrame(concatBytes([[0x00, 0x00, sw3], data]));
}

export class FrameError extends Error {
  constructor(
    message: string,
    readonly frame: Uint8Array,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}

/**
 * How many bytes at the start of `buffer` form the next complete frame (0: not yet).
 * Bytes before a preamble are noise and are counted in, so the caller drops them with
 * the frame. Throws FrameError for a frame whose checksum is wrong.
 */
export function frameLength(buffer: Uint8Array): number {
  let start = -1;
  for (let i = 0; i + PREAMBLE.length <= buffer.length; i += 1) {
    if (PREAMBLE.every((b, j) => buffer[i + j] === b)) {
      start = i;
      break;
    }
  }
  if (start < 0) return 0;
  const headerEnd = start + PREAMBLE.length + 2;
  if (buffer.length < headerEnd) return 0;
  const length = ((buffer[start + 5] as number) << 8) | (buffer[start + 6] as number);
  const end = headerEnd + length;
  if (length < 1) throw new FrameError('frame length 0', buffer.slice(start, headerEnd));
  if (buffer.length < end) return 0;
  const inner = buffer.slice(start + PREAMBLE.length, end - 1);
  if (xorChecksum(inner) !== buffer[end - 1])
    throw new FrameError('checksum mismatch', buffer.slice(start, end));
  return end;
}

/** The body of a complete frame (as counted by frameLength). */
export function frameBody(frame: Uint8Array): Uint8Array {
  let start = 0;
  while (!PREAMBLE.every((b, j) => frame[start + j] === b)) start += 1;
  return frame.slice(start + PREAMBLE.length + 2, frame.length - 1);
}

export interface SamAnswer {
  sw3: number;
  data: Uint8Array;
}

export function parseAnswer(frame: Uint8Array): SamAnswer {
  const body = frameBody(frame);
  if (body.length < 3) throw new FrameError('answer shorter than its status', frame);
  return { sw3: body[2] as number, data: body.slice(3) };
}

export interface SamCommand {
  command: [number, number];
  data: Uint8Array;
}

export function parseCommand(frame: Uint8Array): SamCommand {
  const body = frameBody(frame);
  if (body.length < 2) throw new FrameError('command shorter than CMD PARA', frame);
  return { command: [body[0] as number, body[1] as number], data: body.slice(2) };
}

export interface BaseInfo {
  text: Uint8Array;
  photo: Uint8Array;
}

/** The data of a 30 01 answer: text length, photo length, text, photo. */
export function parseBaseInfo(data: Uint8Array): BaseInfo {
  if (data.length < 4) throw new Error('base information too short');
  const textLength = ((data[0] as number) << 8) | (data[1] as number);
  const photoLength = ((data[2] as number) << 8) | (data[3] as number);
  if (data.length < 4 + textLength + photoLength)
    throw new Error(
      `base information truncated: ${data.length - 4} of ${textLength + photoLength} bytes`,
    );
  return {
    text: data.slice(4, 4 + textLength),
    photo: data.slice(4 + textLength, 4 + textLength + photoLength),
  };
}

export function encodeBaseInfo(text: Uint8Array, photo: Uint8Array): Uint8Array {
  return concatBytes([
    [text.length >> 8, text.length & 0xff, photo.length >> 8, photo.length & 0xff],
    text,
    photo,
  ]);
}

export function describeSw3(sw3: number): string {
  return `${SW3_TEXT[sw3] ?? '未知状态'} (${hex([sw3])})`;
}
