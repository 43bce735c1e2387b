import { fromHex, hex } from '../../kiosk/src/hardware/bytes';
import {
  COMMANDS,
  FrameError,
  SW3,
  encodeAnswer,
  encodeBaseInfo,
  encodeCommand,
  frameLength,
  parseAnswer,
  parseBaseInfo,
  parseCommand,
} from '../../kiosk/src/hardware/id-reader/ga467';
import { SamCardReader } from '../../kiosk/src/hardware/id-reader/reader';
import {
  attachSimReaderToSerial,
  serialSamReader,
} from '../../kiosk/src/hardware/id-reader/serial-node';
import {
  SimSamReader,
  sampleCard,
  sampleIdNumber,
} from '../../kiosk/src/hardware/id-reader/sim-reader';
import {
  decodeTextBlock,
  encodeTextBlock,
  type IdentityCard,
} from '../../kiosk/src/hardware/id-reader/text-block';
import { memoryLinkPair } from '../../kiosk/src/hardware/link';
import { serialLink } from '../../kiosk/src/hardware/node-links';
import { openPtyPair } from '../../kiosk/src/hardware/socat';
import { checkIdNumber } from '../../shared/src/pii';

/** Text in a card's field encoding: UCS-2LE, padded with spaces to the field's length. */
function ucs2(text: string, bytes: number): Buffer {
  return Buffer.from(text.padEnd(bytes / 2, ' '), 'utf16le');
}

describe('GA 467 frames', () => {
  test('commands: preamble, length, CMD PARA, XOR checksum (as captured from real readers)', () => {
    expect(hex(encodeCommand(COMMANDS.findCard))).toBe('aa aa aa 96 69 00 03 20 01 22');
    expect(hex(encodeCommand(COMMANDS.selectCard))).toBe('aa aa aa 96 69 00 03 20 02 21');
    expect(hex(encodeCommand(COMMANDS.readBase))).toBe('aa aa aa 96 69 00 03 30 01 32');
  });

  test('answers: find ok (9F), select ok (90), failures (80, 81)', () => {
    const find = fromHex('aa aa aa 96 69 00 08 00 00 9f 00 00 00 00 97');
    expect(frameLength(find)).toBe(find.length);
    expect(parseAnswer(find)).toEqual({ sw3: 0x9f, data: new Uint8Array(4) });
    expect(hex(encodeAnswer(SW3.FIND_OK, new Uint8Array(4)))).toBe(hex(find));
    expect(hex(encodeAnswer(SW3.OK, new Uint8Array(8)))).toBe(
      'aa aa aa 96 69 00 0c 00 00 90 00 00 00 00 00 00 00 00 9c',
    );
    expect(hex(encodeAnswer(SW3.FIND_FAILED))).toBe('aa aa aa 96 69 00 04 00 00 80 84');
    expect(parseAnswer(fromHex('aa aa aa 96 69 00 04 00 00 81 85')).sw3).toBe(0x81);
  });

  test('a stream: noise before the preamble, a frame split anywhere, a bad checksum', () => {
    const frame = encodeAnswer(SW3.OK, Uint8Array.of(1, 2, 3));
    const noisy = Uint8Array.from([0x00, 0xff, ...frame]);
    for (let cut = 0; cut < noisy.length; cut += 1) {
      expect(frameLength(noisy.slice(0, cut))).toBe(0);
    }
    expect(frameLength(noisy)).toBe(noisy.length);
    expect(parseAnswer(noisy).data).toEqual(Uint8Array.of(1, 2, 3));
    const broken = frame.slice();
    broken[broken.length - 1] = (broken[broken.length - 1] ?? 0) ^ 0xff;
    expect(() => frameLength(broken)).toThrow(FrameError);
    expect(parseCommand(encodeCommand(COMMANDS.readBase)).command).toEqual([0x30, 0x01]);
  });

  test('read base information: 1288-byte length, text 256 and photo 1024', () => {
    const card = sampleCard();
    const photo = new Uint8Array(1024).fill(7);
    const answer = encodeAnswer(SW3.OK, encodeBaseInfo(encodeTextBlock(card), photo));
    expect(hex(answer.slice(0, 14))).toBe('aa aa aa 96 69 05 08 00 00 90 01 00 04 00');
    expect(answer.length).toBe(5 + 2 + 0x508);
    const info = parseBaseInfo(parseAnswer(answer).data);
    expect(info.text).toHaveLength(256);
    expect(info.photo).toEqual(photo);
    expect(() => parseBaseInfo(parseAnswer(answer).data.slice(0, 300))).toThrow(/truncated/);
  });
});

describe('the 256-byte text block', () => {
  test('decodes each field from UCS-2LE at its offset', () => {
    const idNumber = sampleIdNumber('1948-10-01', '456');
    const block = Buffer.concat([
      ucs2('欧阳娜娜', 30),
      ucs2('2', 2),
      ucs2('05', 4),
      ucs2('19481001', 16),
      ucs2('新疆和硕县和硕镇团结路8号', 70),
      ucs2(idNumber, 36),
      ucs2('和硕县公安局', 30),
      ucs2('20100501', 16),
      ucs2('长期', 16),
      ucs2('', 36),
    ]);
    expect(block).toHaveLength(256);
    const card = decodeTextBlock(new Uint8Array(block));
    expect(card).toEqual<IdentityCard>({
      name: '欧阳娜娜',
      sex: 'female',
      nationCode: '05',
      nation: '维吾尔',
      birthDate: '1948-10-01',
      address: '新疆和硕县和硕镇团结路8号',
      idNumber,
      authority: '和硕县公安局',
      validFrom: '2010-05-01',
      validTo: '长期',
    });
    expect(checkIdNumber(card.idNumber, '2026-11-23').ok).toBe(true);
  });

  test('encode and decode are inverse (the simulated reader’s cards)', () => {
    const card = sampleCard({ name: '李四', sex: 'female', validTo: '2035-06-01' });
    expect(decodeTextBlock(encodeTextBlock(card))).toEqual(card);
    expect(() => decodeTextBlock(new Uint8Array(100))).toThrow(/256/);
  });
});

describe('the SAM card reader driver', () => {
  test('in memory: find, select, read; one card, once, until it is taken away', async () => {
    const sim = new SimSamReader();
    const reader = new SamCardReader({
      connect: async () => {
        const [kiosk, device] = memoryLinkPair();
        sim.attach(device);
        return kiosk;
      },
      pollMs: 10,
    });
    const cards: IdentityCard[] = [];
    reader.onCard((card) => cards.push(card));
    reader.start();
    await until(() => reader.state === 'ok');
    sim.insertCard(sampleCard());
    await until(() => cards.length === 1);
    expect(cards[0]!.name).toBe('张建国');
    expect(sim.commandsSeen.slice(-3)).toEqual(['20 01', '20 02', '30 01']);
    await sleep(100);
    expect(cards).toHaveLength(1); // still on the reader: not read again
    sim.removeCard();
    sim.insertCard(sampleCard({ name: '王五' }));
    await until(() => cards.length === 2);
    expect(cards[1]!.name).toBe('王五');
    await reader.stop();
  });

  test('over the real serial path: socat pseudo-terminals, serialport, the simulated SAM', async () => {
    const pty = await openPtyPair();
    const { sim, close } = await attachSimReaderToSerial(pty.b);
    const reader = serialSamReader(pty.a, { pollMs: 50 });
    const cards: IdentityCard[] = [];
    reader.onCard((card) => cards.push(card));
    try {
      reader.start();
      await until(() => reader.state === 'ok', 3000);
      sim.insertCard(sampleCard());
      await until(() => cards.length === 1, 3000);
      expect(cards[0]).toEqual(sampleCard());
    } finally {
      await reader.stop();
      await close();
      await pty.close();
    }
  });

  test('unplugged during a read: no partial identity, offline within 2 seconds, back after replug', async () => {
    let pty = await openPtyPair();
    let device = await attachSimReaderToSerial(pty.b);
    let path = pty.a;
    const reader = new SamCardReader({
      connect: () => serialLink(path),
      pollMs: 50,
      reconnectMs: 200,
    });
    const cards: IdentityCard[] = [];
    const states: string[] = [];
    reader.onCard((card) => cards.push(card));
    reader.onState((state) => states.push(state));
    try {
      reader.start();
      await until(() => reader.state === 'ok', 3000);
      device.sim.readDelayMs = 5000; // the SAM is busy reading when the cable goes
      const reading = new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (device.sim.commandsSeen.includes('30 01')) {
            clearInterval(timer);
            resolve();
          }
        }, 5);
      });
      device.sim.insertCard(sampleCard());
      await reading;
      const pulledAt = Date.now();
      await device.close();
      await pty.close(); // both pseudo-terminals vanish
      await until(() => reader.state === 'offline', 2000);
      expect(Date.now() - pulledAt).toBeLessThan(2000);
      expect(cards).toHaveLength(0);

      // Plugged back (a new tty path, as after a real replug): reads again.
      pty = await openPtyPair();
      device = await attachSimReaderToSerial(pty.b);
      path = pty.a;
      await until(() => reader.state === 'ok', 3000);
      device.sim.insertCard(sampleCard({ name: '赵六' }));
      await until(() => cards.length === 1, 3000);
      expect(cards[0]!.name).toBe('赵六');
      expect(states).toEqual(['ok', 'offline', 'ok']);
    } finally {
      await reader.stop();
      await device.close();
      await pty.close();
    }
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}
