import net from 'node:net';
import { hex } from '../../kiosk/src/hardware/bytes';
import { fileLink, serialLink, tcpLink } from '../../kiosk/src/hardware/node-links';
import { gb18030 } from '../../kiosk/src/hardware/printer/gb18030-node';
import { ReceiptPrinter } from '../../kiosk/src/hardware/printer/printer';
import {
  attachSimPrinterToSerial,
  startSimPrinterServer,
  type SimPrinterServer,
} from '../../kiosk/src/hardware/printer/sim-printer-server';
import { encodeSlip } from '../../kiosk/src/hardware/printer/slip';
import {
  isStatusByte,
  parseStatusBytes,
  statusByteFor,
  summarizeStatus,
} from '../../kiosk/src/hardware/printer/status';
import { openPtyPair } from '../../kiosk/src/hardware/socat';
import { SLIP } from './fixtures';

describe('DLE EOT status bytes', () => {
  const ok = { printer: 0x12, offlineCause: 0x12, paper: 0x12 };

  test('a printer with nothing to report answers 0x12 everywhere', () => {
    expect(summarizeStatus(parseStatusBytes(ok))).toEqual({ state: 'ok', paperNearEnd: false });
  });

  test('paper out: offline (n=1 bit 3), stopped at paper end (n=2 bit 5), sensor (n=4 bits 5–6)', () => {
    const flags = parseStatusBytes({ printer: 0x1a, offlineCause: 0x32, paper: 0x7e });
    expect(flags).toMatchObject({ offline: true, paperOut: true, coverOpen: false });
    expect(summarizeStatus(flags)).toEqual({ state: 'paper-out', paperNearEnd: false });
  });

  test('cover open (n=2 bit 2) wins over everything else', () => {
    const flags = parseStatusBytes({ printer: 0x1a, offlineCause: 0x36, paper: 0x7e });
    expect(summarizeStatus(flags).state).toBe('cover-open');
  });

  test('paper near end (n=4 bits 2–3) still prints', () => {
    expect(summarizeStatus(parseStatusBytes({ ...ok, paper: 0x1e }))).toEqual({
      state: 'ok',
      paperNearEnd: true,
    });
  });

  test('error (n=2 bit 6) with an auto-cutter error (n=3 bit 3)', () => {
    const flags = parseStatusBytes({
      printer: 0x1a,
      offlineCause: 0x52,
      paper: 0x12,
      errorCause: 0x1a,
    });
    expect(flags).toMatchObject({ error: true, cutterError: true });
    expect(summarizeStatus(flags).state).toBe('error');
  });

  test('a byte that is not a status byte is refused, not misread', () => {
    expect(isStatusByte(0x12)).toBe(true);
    expect(isStatusByte(0x41)).toBe(false);
    expect(() => parseStatusBytes({ ...ok, paper: 0x41 })).toThrow(/not a status byte/);
  });

  test('the simulated printer answers what a real one in that condition would', () => {
    const out = { coverOpen: false, paperOut: true, paperNearEnd: true };
    const bytes = {
      printer: statusByteFor(1, out),
      offlineCause: statusByteFor(2, out),
      paper: statusByteFor(4, out),
    };
    expect(hex([bytes.printer, bytes.offlineCause, bytes.paper])).toBe('1a 32 7e');
    expect(summarizeStatus(parseStatusBytes(bytes)).state).toBe('paper-out');
  });
});

describe('printing over real transports to the simulated printer', () => {
  let server: SimPrinterServer;
  let printer: ReceiptPrinter;

  beforeEach(async () => {
    server = await startSimPrinterServer();
    printer = new ReceiptPrinter({ connect: () => tcpLink(server.host, server.port) });
  });

  afterEach(async () => {
    await printer.close();
    await server.close();
  });

  test('TCP 9100: status, then the slip round-trips byte for byte and reads back as text', async () => {
    expect(await printer.status()).toEqual({ state: 'ok', paperNearEnd: false });
    const bytes = encodeSlip(SLIP, gb18030);
    const slip = server.printer.nextSlip();
    expect(await printer.print(bytes)).toEqual({ ok: true });
    await slip;
    const text = server.printer.transcripts()[0]!;
    expect(text).toContain('«A001»');
    expect(text).toContain('办理窗口：1–8号窗口');
    expect(text).toContain('1. 身份证原件');
    expect(text).toContain(`[QR: ${SLIP.statusUrl}]`);
    // What arrived is exactly what was sent, between the status requests.
    const received = Buffer.concat(server.printer.received.map((c) => Buffer.from(c)));
    expect(received.includes(Buffer.from(bytes))).toBe(true);
  });

  test('paper out: the status says so and nothing is sent to print', async () => {
    server.printer.set({ paperOut: true, paperNearEnd: true });
    expect(await printer.status()).toEqual({ state: 'paper-out', paperNearEnd: false });
    expect(await printer.print(encodeSlip(SLIP, gb18030))).toMatchObject({
      ok: false,
      state: 'paper-out',
    });
    expect(server.printer.printed).toHaveLength(0);
    expect(server.printer.lost).toHaveLength(0);
    server.printer.set({ paperOut: false, paperNearEnd: false, coverOpen: true });
    expect((await printer.status()).state).toBe('cover-open');
  });

  test('a printer that went away is offline, and found again when it is back', async () => {
    const port = server.port;
    await server.close();
    expect((await printer.status()).state).toBe('offline');
    server = await startSimPrinterServer({ port });
    expect((await printer.status()).state).toBe('ok');
  });

  test('a printer that does not answer DLE EOT is offline after the timeout', async () => {
    const silent = net.createServer((socket) => socket.resume());
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const deaf = new ReceiptPrinter({
      connect: () => tcpLink('127.0.0.1', port),
      statusTimeoutMs: 200,
    });
    const started = Date.now();
    expect((await deaf.status()).state).toBe('offline');
    expect(Date.now() - started).toBeLessThan(1000);
    await deaf.close();
    await new Promise<void>((r) => silent.close(() => r()));
  });
});

describe('serial and USB (device file) transports, over a socat pseudo-terminal pair', () => {
  test('serial: the simulated printer on the far end of a pty prints the slip', async () => {
    const pty = await openPtyPair();
    const sim = await attachSimPrinterToSerial(pty.b);
    const printer = new ReceiptPrinter({ connect: () => serialLink(pty.a, 115200) });
    try {
      expect((await printer.status()).state).toBe('ok');
      const slip = sim.printer.nextSlip();
      expect(await printer.print(encodeSlip(SLIP, gb18030))).toEqual({ ok: true });
      await slip;
      expect(sim.printer.transcripts()[0]).toContain('税务');
    } finally {
      await printer.close();
      await sim.close();
      await pty.close();
    }
  });

  test('USB printer class: the device is opened as a file (here a pty standing in for /dev/usb/lp0)', async () => {
    const pty = await openPtyPair();
    const sim = await attachSimPrinterToSerial(pty.b);
    const printer = new ReceiptPrinter({ connect: () => fileLink(pty.a) });
    try {
      sim.printer.set({ paperNearEnd: true });
      expect(await printer.status()).toEqual({ state: 'ok', paperNearEnd: true });
      const slip = sim.printer.nextSlip();
      expect(await printer.print(encodeSlip(SLIP, gb18030))).toEqual({ ok: true });
      await slip;
      expect(sim.printer.transcripts()[0]).toContain('一次性告知');
    } finally {
      await printer.close();
      await sim.close();
      await pty.close();
    }
  });
});
