import { EventEmitter } from 'node:events';
import { concatBytes, fromHex, hex } from '../../kiosk/src/hardware/bytes';
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
} from '../../kiosk/src/hardware/id-reader/ga467';
import {
  HidReportLink,
  hidInputPayload,
  hidInputReports,
  hidOutputReports,
  type HidDevice,
  type HidReportFormat,
} from '../../kiosk/src/hardware/id-reader/hid-link';
import { SamCardReader } from '../../kiosk/src/hardware/id-reader/reader';
import { SimSamReader, sampleCard } from '../../kiosk/src/hardware/id-reader/sim-reader';
import { encodeTextBlock, type IdentityCard } from '../../kiosk/src/hardware/id-reader/text-block';
import { ByteQueue, memoryLinkPair } from '../../kiosk/src/hardware/link';
import { parseKioskConfig } from '../../kiosk/src/main/config';
import { readerOf } from '../../kiosk/src/main/devices';

/**
 * GA 467 over USB HID (issue 4): report sequences written byte for byte in the layout such
 * readers use ([report ID] | n | n bytes | padding), through the same frame parser and the
 * same SAM driver as the serial path. No /dev/hidraw here: the device end is a twin that
 * speaks reports to the simulated SAM.
 */

const UNNUMBERED: HidReportFormat = { reportId: 0, reportSize: 64 };
const NUMBERED: HidReportFormat = { reportId: 2, reportSize: 32 };
const NUMBERED_64: HidReportFormat = { reportId: 2, reportSize: 64 };

/** A HID device as node-hid presents it: 'data' and 'error' events, write(report), close(). */
class HidTwin extends EventEmitter implements HidDevice {
  readonly written: number[][] = [];
  closed = false;
  write(values: number[]): number {
    if (this.closed) throw new Error('device closed');
    this.written.push(values);
    this.emit('written', Uint8Array.from(values));
    return values.length;
  }
  close(): void {
    this.closed = true;
  }
  report(bytes: Uint8Array | number[]): void {
    this.emit('data', Buffer.from(bytes));
  }
}

/** Everything the link passes on, as one byte string. */
function received(link: HidReportLink): () => Uint8Array {
  const chunks: Uint8Array[] = [];
  link.onData((c) => chunks.push(c));
  return () => concatBytes(chunks);
}

describe('HID reports ↔ GA 467 byte stream', () => {
  test('a command as output reports: report ID first (0 when unnumbered), length, chunk, padding', () => {
    const [report, ...more] = hidOutputReports(encodeCommand(COMMANDS.findCard), UNNUMBERED);
    expect(more).toEqual([]);
    expect(report).toHaveLength(65);
    expect(hex(report!.slice(0, 12))).toBe('00 0a aa aa aa 96 69 00 03 20 01 22');
    expect(report!.slice(12).every((b) => b === 0)).toBe(true);

    // A frame longer than a report (a 1295-byte read answer) goes out in 31-byte chunks.
    const long = encodeAnswer(
      SW3.OK,
      encodeBaseInfo(encodeTextBlock(sampleCard()), new Uint8Array(1024)),
    );
    const reports = hidOutputReports(long, NUMBERED);
    expect(reports).toHaveLength(Math.ceil(long.length / 31));
    expect(reports.every((r) => r.length === 33 && r[0] === 2)).toBe(true);
    expect(concatBytes(reports.map((r) => r.slice(2, 2 + (r[1] as number))))).toEqual(long);
  });

  test('input reports: numbered, unnumbered, Windows’ leading 0; other IDs and bad lengths dropped', () => {
    const find = fromHex('aa aa aa 96 69 00 08 00 00 9f 00 00 00 00 97');
    const padded = (bytes: number[], size: number) => [
      ...bytes,
      ...new Array(size - bytes.length).fill(0),
    ];
    expect(hidInputPayload(Uint8Array.from(padded([15, ...find], 64)), UNNUMBERED)).toEqual(find);
    expect(hidInputPayload(Uint8Array.from(padded([0, 15, ...find], 65)), UNNUMBERED)).toEqual(
      find,
    );
    expect(hidInputPayload(Uint8Array.from(padded([2, 15, ...find], 33)), NUMBERED)).toEqual(find);
    expect(hidInputPayload(Uint8Array.from(padded([1, 15, ...find], 33)), NUMBERED)).toBeNull();
    expect(hidInputPayload(Uint8Array.from(padded([2, 40], 33)), NUMBERED)).toBeNull(); // n > 31
    expect(hidInputPayload(Uint8Array.of(2, 9, 1, 2), NUMBERED)).toBeNull(); // n beyond the report
    expect(hidInputPayload(Uint8Array.from(padded([2, 0], 33)), NUMBERED)).toEqual(
      new Uint8Array(0),
    );
  });

  test('a recorded-style sequence: a frame split over reports, two frames in one, noise and foreign reports between', async () => {
    const device = new HidTwin();
    const link = new HidReportLink(device, NUMBERED_64);
    const queue = new ByteQueue(link);
    const findOk = encodeAnswer(SW3.FIND_OK, new Uint8Array(4));
    const selectOk = encodeAnswer(SW3.OK, new Uint8Array(8));
    const none = encodeAnswer(SW3.FIND_FAILED);
    const report = (payload: Uint8Array | number[], id = 2) => {
      const r = new Uint8Array(65);
      r[0] = id;
      r[1] = payload.length;
      r.set(payload, 2);
      return r;
    };
    // find ok cut after its preamble; a mouse-like report of ID 1 in between; then the rest.
    device.report(report(findOk.slice(0, 5)));
    device.report(Uint8Array.of(1, 0x00, 0x05, 0xfb, 0x00));
    device.report(report(findOk.slice(5)));
    // select ok and find failed together in one report, after two bytes of line noise.
    device.report(report([0x00, 0xff, ...selectOk, ...none]));
    // a report whose length byte lies (more than the report holds): dropped whole.
    device.report(Uint8Array.of(2, 0xee, ...findOk));

    const frames: Uint8Array[] = [];
    for (let i = 0; i < 3; i += 1) frames.push(await queue.read(frameLength, 200));
    expect(frames.map((f) => parseAnswer(f).sw3)).toEqual([SW3.FIND_OK, SW3.OK, SW3.FIND_FAILED]);
    expect(hex(frames[1]!.slice(0, 2))).toBe('00 ff'); // the noise went out with the frame before the preamble
    expect(queue.pending).toBe(0);
    queue.dispose();
    await link.close();
    expect(device.closed).toBe(true);
  });

  test('the serial path’s frame checks hold on HID: every split point, a bad checksum', async () => {
    const frame = encodeAnswer(SW3.OK, Uint8Array.of(1, 2, 3));
    const noisy = Uint8Array.from([0x00, 0xff, ...frame]);
    for (let cut = 1; cut < noisy.length; cut += 1) {
      const device = new HidTwin();
      const link = new HidReportLink(device, UNNUMBERED);
      const bytes = received(link);
      for (const r of [
        ...hidInputReports(noisy.slice(0, cut), UNNUMBERED),
        ...hidInputReports(noisy.slice(cut), UNNUMBERED),
      ])
        device.report(r);
      expect(frameLength(bytes().slice(0, cut))).toBe(0);
      expect(frameLength(bytes())).toBe(noisy.length);
      expect(parseAnswer(bytes()).data).toEqual(Uint8Array.of(1, 2, 3));
    }
    const broken = frame.slice();
    broken[broken.length - 1] = (broken[broken.length - 1] ?? 0) ^ 0xff;
    const device = new HidTwin();
    const link = new HidReportLink(device, UNNUMBERED);
    const queue = new ByteQueue(link);
    for (const r of hidInputReports(broken, UNNUMBERED)) device.report(r);
    await expect(queue.read(frameLength, 200)).rejects.toThrow(FrameError);
  });

  test('a 1295-byte read answer in 42 reports of 32 bytes decodes to the card', async () => {
    const card = sampleCard({ name: '欧阳娜娜', sex: 'female' });
    const photo = new Uint8Array(1024).fill(9);
    const answer = encodeAnswer(SW3.OK, encodeBaseInfo(encodeTextBlock(card), photo));
    const reports = hidInputReports(answer, NUMBERED);
    expect(reports).toHaveLength(42);
    const device = new HidTwin();
    const queue = new ByteQueue(new HidReportLink(device, NUMBERED));
    for (const r of reports) device.report(r);
    const info = parseBaseInfo(parseAnswer(await queue.read(frameLength, 200)).data);
    expect(info.photo).toEqual(photo);
  });
});

/**
 * The device end: a HID twin in front of the simulated SAM. Output reports become command
 * bytes for the SAM; its answers go back as input reports, cut as `cut` says.
 */
function hidSamTwin(
  format: HidReportFormat,
  cut: (answer: Uint8Array) => Uint8Array[] = (a) => hidInputReports(a, format),
) {
  const sim = new SimSamReader();
  const [hostEnd, samEnd] = memoryLinkPair();
  sim.attach(samEnd);
  let device: HidTwin | null = null;
  const open = (): HidTwin => {
    const twin = new HidTwin();
    twin.on('written', (report: Uint8Array) => {
      const payload = hidInputPayload(report[0] === 0 ? report.subarray(1) : report, format);
      if (payload) void hostEnd.write(payload);
    });
    device = twin;
    return twin;
  };
  hostEnd.onData((answer) => {
    const twin = device;
    if (!twin || twin.closed) return;
    for (const r of cut(answer)) twin.report(r);
  });
  return {
    sim,
    open,
    get device() {
      return device;
    },
    unplug() {
      device?.emit('error', new Error('could not read from HID device'));
      device = null;
    },
  };
}

describe('the SAM driver over HID', () => {
  test('find, select, read through reports: one card, once, until taken away', async () => {
    const twin = hidSamTwin(NUMBERED);
    const reader = new SamCardReader({
      connect: async () => new HidReportLink(twin.open(), NUMBERED),
      pollMs: 10,
    });
    const cards: IdentityCard[] = [];
    reader.onCard((c) => cards.push(c));
    reader.start();
    try {
      await until(() => reader.state === 'ok');
      twin.sim.insertCard(sampleCard());
      await until(() => cards.length === 1);
      expect(cards[0]).toEqual(sampleCard());
      expect(twin.sim.commandsSeen.slice(-3)).toEqual(['20 01', '20 02', '30 01']);
      // What went out: whole output reports, report ID 2, each command in one report.
      const reads = twin.device!.written.filter(
        (w) => hex(Uint8Array.from(w.slice(2, 12))) === hex(encodeCommand(COMMANDS.readBase)),
      );
      expect(reads.length).toBeGreaterThanOrEqual(1);
      expect(reads[0]).toHaveLength(33);
      await sleep(80);
      expect(cards).toHaveLength(1);
      twin.sim.removeCard();
      twin.sim.insertCard(sampleCard({ name: '王五' }));
      await until(() => cards.length === 2);
      expect(cards[1]!.name).toBe('王五');
    } finally {
      await reader.stop();
    }
  });

  test('answers cut at odd places, with foreign reports and empty reports between: the same card', async () => {
    // 7-byte pieces, each followed by a report of another ID and an empty keep-alive.
    const twin = hidSamTwin(UNNUMBERED, (answer) => {
      const out: Uint8Array[] = [];
      for (let at = 0; at < answer.length; at += 7) {
        out.push(...hidInputReports(answer.slice(at, at + 7), UNNUMBERED));
        out.push(Uint8Array.of(0x00, 0x00)); // Windows-style empty report
      }
      return out;
    });
    const reader = new SamCardReader({
      connect: async () => new HidReportLink(twin.open(), UNNUMBERED),
      pollMs: 10,
    });
    const cards: IdentityCard[] = [];
    reader.onCard((c) => cards.push(c));
    reader.start();
    try {
      twin.sim.insertCard(sampleCard({ name: '李娜', sex: 'female' }));
      await until(() => cards.length === 1);
      expect(cards[0]).toEqual(sampleCard({ name: '李娜', sex: 'female' }));
    } finally {
      await reader.stop();
    }
  });

  test('unplugged during a read: no partial identity, offline within 2 seconds, back after replug', async () => {
    const twin = hidSamTwin(NUMBERED);
    let plugged = true;
    const reader = new SamCardReader({
      connect: async () => {
        if (!plugged) throw new Error('no HID ID card reader');
        return new HidReportLink(twin.open(), NUMBERED);
      },
      pollMs: 20,
      reconnectMs: 100,
    });
    const cards: IdentityCard[] = [];
    const states: string[] = [];
    reader.onCard((c) => cards.push(c));
    reader.onState((s) => states.push(s));
    reader.start();
    try {
      await until(() => reader.state === 'ok');
      twin.sim.readDelayMs = 5000; // the SAM is busy reading when the cable goes
      twin.sim.insertCard(sampleCard());
      await until(() => twin.sim.commandsSeen.includes('30 01'));
      const pulledAt = Date.now();
      const old = twin.device!;
      plugged = false;
      twin.unplug();
      await until(() => reader.state === 'offline', 2000);
      expect(Date.now() - pulledAt).toBeLessThan(2000);
      expect(old.closed).toBe(true);
      expect(cards).toHaveLength(0);

      twin.sim.readDelayMs = 0;
      twin.sim.removeCard();
      plugged = true;
      await until(() => reader.state === 'ok', 2000);
      twin.sim.insertCard(sampleCard({ name: '赵六' }));
      await until(() => cards.length === 1, 3000);
      expect(cards[0]!.name).toBe('赵六');
      expect(states).toEqual(['ok', 'offline', 'ok']);
    } finally {
      await reader.stop();
    }
  });
});

describe('the kiosk configuration of a HID reader', () => {
  test('parsed with defaults; a reader that cannot be opened is offline, not a crash', async () => {
    const config = parseKioskConfig({
      hallUrl: 'http://hall:3000',
      reader: { type: 'hid', vendorId: 0x0400, productId: 0xc35a },
    });
    expect(config.reader).toEqual({
      type: 'hid',
      vendorId: 0x0400,
      productId: 0xc35a,
      reportId: 0,
      reportSize: 64,
    });
    expect(() =>
      parseKioskConfig({
        hallUrl: 'http://x',
        reader: { type: 'hid', vendorId: 70000, productId: 1 },
      }),
    ).toThrow(/vendorId/);
    // No such device here (nor, on this machine, node-hid's native library): offline, retrying.
    const reader = readerOf(config.reader)!;
    reader.start();
    await sleep(100);
    expect(reader.state).toBe('offline');
    await reader.stop();
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
