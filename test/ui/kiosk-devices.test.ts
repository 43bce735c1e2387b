import type { Browser, Page } from 'playwright-core';
import { DeviceHost } from '../../kiosk/src/device-host/host';
import {
  serialSamReader,
  attachSimReaderToSerial,
} from '../../kiosk/src/hardware/id-reader/serial-node';
import { sampleCard, type SimSamReader } from '../../kiosk/src/hardware/id-reader/sim-reader';
import { tcpLink } from '../../kiosk/src/hardware/node-links';
import { gb18030 } from '../../kiosk/src/hardware/printer/gb18030-node';
import { ReceiptPrinter } from '../../kiosk/src/hardware/printer/printer';
import {
  startSimPrinterServer,
  type SimPrinterServer,
} from '../../kiosk/src/hardware/printer/sim-printer-server';
import { openPtyPair, type PtyPair } from '../../kiosk/src/hardware/socat';
import { launchBrowser } from '../helpers/browser';
import {
  api,
  collectEvents,
  connectSocket,
  createStaff,
  enrollKiosk,
  login,
  nextEvent,
  startTestHall,
  until,
  type HallSocket,
  type TestHall,
} from '../helpers/hall-server';
import { serveHostToPage } from '../kiosk/page-bridge';

/**
 * The kiosk page on the device side Electron would give it: a DeviceHost in Node with the
 * real drivers, the slip printer a simulated ESC/POS printer behind real TCP, the ID card
 * reader the GA 467 driver on a socat pseudo-terminal with a simulated SAM on the far end.
 * The page reaches them through the same bridge the preload exposes.
 */
describe('the kiosk on real transports: TCP printer, serial ID card reader', () => {
  let hall: TestHall;
  let browser: Browser;
  let printer: SimPrinterServer;
  let pty: PtyPair;
  let sam: { sim: SimSamReader; close(): Promise<void> };
  let host: DeviceHost;
  let staff: HallSocket;
  let guide: string;

  beforeAll(async () => {
    hall = await startTestHall();
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'guide1', 'guide');
    const kiosk = await enrollKiosk(hall, await login(hall.url, 'boss'));
    guide = await login(hall.url, 'guide1');
    staff = connectSocket(hall.url, { token: guide });
    await nextEvent(staff, 'hall.snapshot');
    printer = await startSimPrinterServer();
    pty = await openPtyPair();
    sam = await attachSimReaderToSerial(pty.b);
    host = new DeviceHost({
      mode: 'host',
      deviceName: '1号取号机',
      hallUrl: hall.url,
      token: () => kiosk,
      printer: new ReceiptPrinter({ connect: () => tcpLink(printer.host, printer.port) }),
      encodeText: gb18030,
      reader: serialSamReader(pty.a, { pollMs: 100 }),
      scanner: null,
      printerPollMs: 200,
      statusBaseUrl: 'http://hall.example:3000',
    });
    await host.start();
    await until(() => host['current'].reader === 'ok', 5000);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    staff?.close();
    await browser?.close();
    await host?.stop();
    await sam?.close();
    await pty?.close();
    await printer?.close();
    await hall?.server.close();
  });

  async function openKiosk(viewport: { width: number; height: number }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    await serveHostToPage(page, host);
    await page.goto(`${hall.url}/kiosk`);
    await page.locator('[data-screen="home"]').waitFor();
    return page;
  }

  test('landscape: an elderly citizen’s card over serial, the slip over TCP, a second ticket refused', async () => {
    const page = await openKiosk({ width: 1920, height: 1080 });
    expect(await page.locator('.demo-panel').count()).toBe(0); // a real kiosk has no demo panel
    sam.sim.insertCard(sampleCard({ name: '张三', birthDate: '1950-03-08' }));
    await page.getByTestId('greeting').waitFor();
    expect(await page.getByTestId('greeting').textContent()).toContain('张*，您好');

    await page.click('[data-action="area:tax"]');
    await page.click('[data-action="service:tax"]');
    const slip = printer.printer.nextSlip(5000);
    await page.click('[data-action="confirm"]');
    await page.locator('[data-testid="print-state"][data-state="printed"]').waitFor();
    const number = (await page.getByTestId('number').textContent())!;
    expect(await page.getByTestId('priority').textContent()).toContain('老年人优先');
    await slip;
    const text = printer.printer.transcripts().at(-1)!;
    expect(text).toContain(`«${number}»`);
    expect(text).toContain('【老年人优先】');
    expect(text).toContain('办理窗口：1–8、54–55号窗口');
    expect(text).toContain('1. 身份证原件');
    expect(text).toMatch(/\[QR: http:\/\/hall\.example:3000\/t\/[\w-]+\]/);
    expect(text).not.toMatch(/张|\d{17}[\dX]/);

    // Done; the same card again, the same service: refused, with the number held.
    await page.click('[data-action="done"]');
    sam.sim.removeCard();
    await new Promise((r) => setTimeout(r, 250)); // the reader sees the card go
    sam.sim.insertCard(sampleCard({ name: '张三', birthDate: '1950-03-08' }));
    await page.getByTestId('greeting').waitFor();
    await page.click('[data-action="area:tax"]');
    await page.click('[data-action="service:tax"]');
    await page.click('[data-action="confirm"]');
    await page.getByTestId('held-number').waitFor();
    expect(await page.getByTestId('held-number').textContent()).toBe(number);
    expect(printer.printer.printed).toHaveLength(1);
    await page.close();
  });

  test('portrait: the printer runs out of paper: the screen says so, the guide console is told', async () => {
    const page = await openKiosk({ width: 1080, height: 1920 });
    const events = collectEvents(staff);
    printer.printer.set({ paperOut: true, paperNearEnd: true });
    await page.getByTestId('printer-banner').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('printer-banner').textContent()).toContain('打印机缺纸');
    await until(() => events.some((e) => e.name === 'device.status'), 5000);
    expect(events.find((e) => e.name === 'device.status')!.payload).toMatchObject({
      name: '1号取号机',
      printer: 'paper-out',
      reader: 'ok',
      alert: true,
    });
    // A ticket is still shown on screen, and nothing reaches the printer.
    await page.click('[data-action="area:police"]');
    await page.click('[data-action="confirm"]');
    await page.locator('[data-testid="print-state"][data-state="paper-out"]').waitFor();
    expect(printer.printer.printed).toHaveLength(1);
    expect(printer.printer.lost).toHaveLength(0);
    printer.printer.set({ paperOut: false, paperNearEnd: false });
    await page.getByTestId('printer-banner').waitFor({ state: 'detached', timeout: 5000 });
    const list = await api(hall.url, 'GET', '/api/devices/status', { token: guide });
    expect(list.body.devices[0]).toMatchObject({ printer: 'ok', alert: false });
    await page.close();
  });
});
