import { EscPos } from './escpos';
import type { TextEncoderFn } from './text-encoding';

/** What a ticket slip shows: all from the server's IssuedTicket, nothing personal. */
export interface SlipData {
  hallName: string;
  number: string;
  serviceName: string;
  /** ISO time; printed in the hall's time zone. */
  issuedAt: string;
  timeZone: string;
  ahead: number;
  estimatedWaitMinutes: number;
  windowNumbers: number[];
  /** 一次性告知. */
  materials: string[];
  /** 一件事一次办: the steps to do, in order (the ones the citizen left out are not listed). */
  steps?: string[];
  /** Absolute URL of the ticket's status page (the QR code). */
  statusUrl: string;
  /** Shown when the server gave the ticket a priority (elderly, appointment…). */
  priorityLabel?: string | null;
}

export interface SlipLayout {
  /** Columns of font A: 48 on 80 mm paper, 32 on 58 mm. A Hanzi takes two. */
  columns: number;
  qrModuleSize: number;
}

export const SLIP_80MM: SlipLayout = { columns: 48, qrModuleSize: 7 };
export const SLIP_58MM: SlipLayout = { columns: 32, qrModuleSize: 5 };

/** [1..8] → "1–8号窗口"; [1,2,3,7,9,10] → "1–3、7、9–10号窗口". */
export function windowRange(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  if (sorted.length === 0) return '';
  const runs: string[] = [];
  let start = sorted[0] as number;
  let prev = start;
  for (const n of [...sorted.slice(1), Number.NaN]) {
    if (n === prev + 1) {
      prev = n;
      continue;
    }
    runs.push(start === prev ? `${start}` : `${start}–${prev}`);
    start = n;
    prev = n;
  }
  return `${runs.join('、')}号窗口`;
}

/** Columns a character takes on the printer: two for wide (CJK) characters. */
export function charColumns(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x1100) return 1;
  if (cp === 0x2013 || cp === 0x2014 || cp === 0x2026 || cp === 0x00b7) return 2;
  return (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    cp >= 0x20000
    ? 2
    : 1;
}

export function textColumns(text: string): number {
  let n = 0;
  for (const ch of text) n += charColumns(ch);
  return n;
}

/** Wraps text to a width in columns; continuation lines get `indent` spaces. */
export function wrapColumns(text: string, columns: number, indent = 0): string[] {
  const lines: string[] = [];
  let line = '';
  let width = 0;
  for (const ch of text) {
    const w = charColumns(ch);
    if (width + w > columns) {
      lines.push(line);
      line = ' '.repeat(indent);
      width = indent;
    }
    line += ch;
    width += w;
  }
  if (line.trim() || lines.length === 0) lines.push(line);
  return lines;
}

/** "2026-11-23 10:00" in the hall's zone. */
export function slipTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/**
 * The slip, as ESC/POS bytes: hall name, the number in double size, service, time, people
 * ahead, estimated wait, window range, the materials list, the status QR code, a cut.
 */
export function encodeSlip(
  slip: SlipData,
  encode: TextEncoderFn,
  layout: SlipLayout = SLIP_80MM,
): Uint8Array {
  const p = new EscPos(encode);
  const rule = '-'.repeat(layout.columns);
  p.init().chineseOn();
  p.align('center').bold(true).line(slip.hallName).bold(false);
  p.line('自助取号 排队号票');
  p.feed(1);
  p.size(2, 2).bold(true).line(slip.number).size(1, 1).bold(false);
  p.bold(true).line(slip.serviceName).bold(false);
  if (slip.priorityLabel) p.line(`【${slip.priorityLabel}】`);
  p.align('left').line(rule);
  const field = (label: string, value: string) => {
    for (const line of wrapColumns(`${label}：${value}`, layout.columns, textColumns(label) + 2))
      p.line(line);
  };
  field('取号时间', slipTime(slip.issuedAt, slip.timeZone));
  field('前面等候', `${slip.ahead} 人`);
  field('预计等待', `约 ${slip.estimatedWaitMinutes} 分钟`);
  if (slip.windowNumbers.length > 0) field('办理窗口', windowRange(slip.windowNumbers));
  p.line(rule);
  // A titled, numbered list; long items wrap under their text, not under the number.
  const numbered = (title: string, items: readonly string[]) => {
    if (items.length === 0) return;
    p.bold(true).line(title).bold(false);
    items.forEach((item, i) => {
      const prefix = `${i + 1}. `;
      for (const line of wrapColumns(`${prefix}${item}`, layout.columns, prefix.length))
        p.line(line);
    });
    p.line(rule);
  };
  numbered('一件事一次办：办理步骤（一号办到底）', slip.steps ?? []);
  numbered('一次性告知：请备齐以下材料', slip.materials);
  p.align('center');
  p.qr(slip.statusUrl, { moduleSize: layout.qrModuleSize, level: 'M' });
  for (const note of ['手机扫码查看排队进度，办结后可评价', '请留意叫号，过号请到服务台'])
    for (const line of wrapColumns(note, layout.columns)) p.line(line);
  p.feed(3).cut();
  return p.bytes();
}
