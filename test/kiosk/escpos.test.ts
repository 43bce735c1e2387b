import iconv from 'iconv-lite';
import { hex } from '../../kiosk/src/hardware/bytes';
import { EscPosDecoder, slipTranscript } from '../../kiosk/src/hardware/printer/decoder';
import { EscPos, statusRequest } from '../../kiosk/src/hardware/printer/escpos';
import { gb18030 } from '../../kiosk/src/hardware/printer/gb18030-node';
import {
  encodeSlip,
  SLIP_58MM,
  slipTime,
  textColumns,
  windowRange,
  wrapColumns,
} from '../../kiosk/src/hardware/printer/slip';
import { slipHtml } from '../../kiosk/src/hardware/printer/render-html';
import { gb18030FromTable } from '../../kiosk/src/hardware/printer/text-encoding';
import { SLIP } from './fixtures';

describe('ESC/POS encoder', () => {
  const p = () => new EscPos(gb18030);

  test('init, Chinese mode, alignment, bold, size: the exact command bytes', () => {
    expect(hex(p().init().bytes())).toBe('1b 40');
    expect(hex(p().chineseOn().bytes())).toBe('1c 26');
    expect(hex(p().chineseOff().bytes())).toBe('1c 2e');
    expect(hex(p().align('center').bytes())).toBe('1b 61 01');
    expect(hex(p().bold(true).bold(false).bytes())).toBe('1b 45 01 1b 45 00');
    expect(hex(p().size(2, 2).bytes())).toBe('1d 21 11');
    expect(hex(p().size(1, 1).bytes())).toBe('1d 21 00');
    expect(hex(p().size(3, 1).bytes())).toBe('1d 21 20');
    expect(hex(p().feed(3).bytes())).toBe('1b 64 03');
    expect(hex(p().cut().bytes())).toBe('1d 56 42 00');
    expect(hex(statusRequest(4))).toBe('10 04 04');
  });

  test('Chinese text goes out as GB18030: 号 is BA C5', () => {
    expect(hex(p().text('号').bytes())).toBe('ba c5');
    expect(hex(p().line('A001号').bytes())).toBe('41 30 30 31 ba c5 0a');
    // The en dash of "1–8号窗口" is two bytes in GBK (A8 43), not a "?".
    expect(hex(p().text('1–8号窗口').bytes())).toBe('31 a8 43 38 ba c5 b4 b0 bf da');
    // A character outside GBK takes GB18030's four bytes (U+20BB7 𠮷).
    expect(hex(p().text('𠮷').bytes())).toBe(hex(iconv.encode('𠮷', 'gb18030')));
  });

  test('control characters inside text never reach the printer as commands', () => {
    expect(hex(p().text('A\x1b@B\n').bytes())).toBe('41 20 40 42 20');
  });

  test('QR code: GS ( k model 2, size, level M, store (pL pH = length + 3), print', () => {
    const url = 'http://h/t/abc'; // 14 bytes
    const bytes = p().qr(url, { moduleSize: 6, level: 'M' }).bytes();
    const data = hex(Buffer.from(url));
    expect(hex(bytes)).toBe(
      [
        '1d 28 6b 04 00 31 41 32 00', // fn 165: model 2
        '1d 28 6b 03 00 31 43 06', // fn 167: module size 6
        '1d 28 6b 03 00 31 45 31', // fn 169: error level M (49)
        `1d 28 6b 11 00 31 50 30 ${data}`, // fn 180: store 14 + 3 = 17 = 0x11
        '1d 28 6b 03 00 31 51 30', // fn 181: print
      ].join(' '),
    );
    // A payload over 252 bytes needs the high length byte.
    const long = p()
      .qr(`http://h/${'x'.repeat(300)}`)
      .bytes();
    const store = hex(long).indexOf('31 50 30');
    expect(hex(long).slice(store - 6, store - 1)).toBe('38 01'); // 309 + 3 = 312 = 0x0138
  });

  test('the browser table encoder gives the same bytes as iconv-lite', () => {
    const samples = [
      '和硕县政务服务中心 A001 税务 前面等候 3 人 预计等待 约 12 分钟',
      '一次性告知：请备齐以下材料 1. 身份证原件（复印件）',
      '1–8号窗口、「」…—·￥　',
      '𠮷',
    ];
    for (const text of samples) expect(hex(gb18030FromTable(text))).toBe(hex(gb18030(text)));
    // Every CJK unified ideograph of the BMP.
    let all = '';
    for (let cp = 0x4e00; cp <= 0x9fa5; cp += 1) all += String.fromCodePoint(cp);
    expect(Buffer.from(gb18030FromTable(all)).equals(Buffer.from(gb18030(all)))).toBe(true);
  });
});

describe('the ticket slip', () => {
  test('window ranges read like the hall writes them', () => {
    expect(windowRange([1, 2, 3, 4, 5, 6, 7, 8])).toBe('1–8号窗口');
    expect(windowRange([9])).toBe('9号窗口');
    expect(windowRange([10, 1, 2, 3, 7, 9])).toBe('1–3、7、9–10号窗口');
    expect(windowRange([])).toBe('');
  });

  test('wrapping counts a Hanzi as two columns', () => {
    expect(textColumns('A税务')).toBe(5);
    expect(wrapColumns('一二三四五六', 8, 2)).toEqual(['一二三四', '  五六']);
  });

  test('times are printed in the hall’s zone', () => {
    expect(slipTime('2026-11-23T02:05:00.000Z', 'Asia/Shanghai')).toBe('2026-11-23 10:05');
  });

  test('golden bytes: header, double-size number, fields, materials, QR, cut', () => {
    const bytes = encodeSlip(SLIP, gb18030);
    const h = hex(bytes);
    expect(h.startsWith('1b 40 1c 26 1b 61 01 1b 45 01')).toBe(true); // init, 中文, centre, bold
    // The number in double size, then back to normal.
    expect(h).toContain(`1d 21 11 1b 45 01 ${hex(Buffer.from('A001'))} 0a 1d 21 00`);
    expect(h).toContain(hex(gb18030('办理窗口：1–8号窗口')));
    expect(h).toContain(hex(gb18030('1. 身份证原件')));
    expect(h).toContain('1d 28 6b 03 00 31 45 31'); // QR level M
    expect(h.endsWith('1b 64 03 1d 56 42 00')).toBe(true); // feed, cut
    expect(bytes.length).toMatchInlineSnapshot(`546`);
  });

  test('golden transcript: what the decoder reads back from the bytes', () => {
    const decoder = new EscPosDecoder();
    decoder.feed(encodeSlip({ ...SLIP, priorityLabel: '老年人优先' }, gb18030));
    expect(decoder.unknown).toEqual([]);
    expect(decoder.slips).toHaveLength(1);
    expect(slipTranscript(decoder.slips[0]!)).toMatchInlineSnapshot(`
     "               和硕县政务服务中心
                    自助取号 排队号票

                       «A001»
                           税务
                      【老年人优先】
     ------------------------------------------------
     取号时间：2026-11-23 10:05
     前面等候：3 人
     预计等待：约 12 分钟
     办理窗口：1–8号窗口
     ------------------------------------------------
     一次性告知：请备齐以下材料
     1. 身份证原件
     2. 营业执照副本（单位办理）
     ------------------------------------------------
     [QR: http://192.168.1.10:3000/t/OADiNQSyz_fAoFnR]
            手机扫码查看排队进度，办结后可评价
                请留意叫号，过号请到服务台"
    `);
  });

  test('58 mm paper wraps to 32 columns', () => {
    const decoder = new EscPosDecoder();
    decoder.feed(
      encodeSlip(
        { ...SLIP, materials: ['住院发票、费用清单、出院记录（报销时）'] },
        gb18030,
        SLIP_58MM,
      ),
    );
    const lines = slipTranscript(decoder.slips[0]!, 32).split('\n');
    expect(lines).toContain('1. 住院发票、费用清单、出院记录');
    expect(lines).toContain('   （报销时）');
    for (const line of lines.filter((l) => !l.startsWith('[QR')))
      expect(textColumns(line)).toBeLessThanOrEqual(32);
  });

  test('the decoder takes the bytes in chunks of any size', () => {
    const bytes = encodeSlip(SLIP, gb18030);
    const whole = new EscPosDecoder();
    whole.feed(bytes);
    const bytewise = new EscPosDecoder();
    for (const b of bytes) bytewise.feed(Uint8Array.of(b));
    expect(bytewise.slips).toEqual(whole.slips);
    const qr = whole.slips[0]!.items.find((i) => i.kind === 'qr');
    expect(qr).toEqual({
      kind: 'qr',
      data: SLIP.statusUrl,
      model: 2,
      moduleSize: 7,
      level: 'M',
      align: 'center',
    });
  });

  test('a picture of the slip: paper 576 dots wide, the number at double size, the QR in dots', async () => {
    const decoder = new EscPosDecoder();
    decoder.feed(encodeSlip(SLIP, gb18030));
    const html = await slipHtml(decoder.slips[0]!);
    expect(html).toContain('width:576px');
    expect(html).toMatch(/font-size:48px[^>]*><span[^>]*>A001</);
    expect(html).toContain('<svg');
    expect(html).toContain('一次性告知：请备齐以下材料');
  });
});
