import { DeviceHost } from '../../kiosk/src/device-host/host';
import { StatusReporter } from '../../kiosk/src/device-host/status-reporter';
import { tcpLink } from '../../kiosk/src/hardware/node-links';
import { gb18030 } from '../../kiosk/src/hardware/printer/gb18030-node';
import { ReceiptPrinter } from '../../kiosk/src/hardware/printer/printer';
import {
  startSimPrinterServer,
  type SimPrinterServer,
} from '../../kiosk/src/hardware/printer/sim-printer-server';
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

/** POST /api/devices/status: a kiosk tells the hall its printer and reader state. */
describe('kiosk device status', () => {
  let hall: TestHall;
  let admin: string;
  let guide: string;
  let kiosk: string;
  let staff: HallSocket;

  beforeAll(async () => {
    hall = await startTestHall();
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'guide1', 'guide');
    createStaff(hall, 'clerk1', 'clerk');
    admin = await login(hall.url, 'boss');
    guide = await login(hall.url, 'guide1');
    kiosk = await enrollKiosk(hall, admin);
    staff = connectSocket(hall.url, { token: guide });
    await nextEvent(staff, 'hall.snapshot');
  });

  afterAll(async () => {
    staff?.close();
    await hall.server.close();
  });

  test('a report is stored, pushed to staff once per change, and listed for the guide', async () => {
    const pushed = nextEvent(staff, 'device.status');
    const first = await api(hall.url, 'POST', '/api/devices/status', {
      token: kiosk,
      body: { printer: 'paper-out', reader: 'ok' },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      name: '1号取号机',
      kind: 'kiosk',
      printer: 'paper-out',
      paperNearEnd: false,
      reader: 'ok',
      scanner: 'absent',
      alert: true,
      stale: false,
    });
    expect(await pushed).toMatchObject({ printer: 'paper-out', alert: true });

    // The same status again (a heartbeat): stored, not pushed.
    const events = collectEvents(staff);
    hall.clock.advance(1);
    const again = await api(hall.url, 'POST', '/api/devices/status', {
      token: kiosk,
      body: { printer: 'paper-out', reader: 'ok' },
    });
    expect(again.body.changedAt).toBe(first.body.changedAt);
    expect(again.body.reportedAt).not.toBe(first.body.reportedAt);
    await new Promise((r) => setTimeout(r, 100));
    expect(events.filter((e) => e.name === 'device.status')).toHaveLength(0);

    const list = await api(hall.url, 'GET', '/api/devices/status', { token: guide });
    expect(list.status).toBe(200);
    expect(list.body.devices).toHaveLength(1);
    expect(list.body.devices[0]).toMatchObject({ printer: 'paper-out', alert: true });

    // Paper changed: an all-clear is pushed too.
    const cleared = nextEvent(staff, 'device.status');
    await api(hall.url, 'POST', '/api/devices/status', {
      token: kiosk,
      body: { printer: 'ok', paperNearEnd: true, reader: 'ok', scanner: 'ok' },
    });
    expect(await cleared).toMatchObject({ printer: 'ok', paperNearEnd: true, alert: false });

    // Three missed heartbeats: stale.
    hall.clock.advance(2);
    const later = await api(hall.url, 'GET', '/api/devices/status', { token: admin });
    expect(later.body.devices[0].stale).toBe(true);
  });

  test('only a kiosk reports; staff but clerks read; the body is checked', async () => {
    const clerk = await login(hall.url, 'clerk1', 'w01');
    const body = { printer: 'ok', reader: 'ok' };
    expect((await api(hall.url, 'POST', '/api/devices/status', { body })).status).toBe(401);
    expect(
      (await api(hall.url, 'POST', '/api/devices/status', { token: guide, body })).status,
    ).toBe(403);
    const bad = await api(hall.url, 'POST', '/api/devices/status', {
      token: kiosk,
      body: { printer: 'on-fire', reader: 'ok', extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect((await api(hall.url, 'GET', '/api/devices/status', { token: clerk })).status).toBe(403);
    expect((await api(hall.url, 'GET', '/api/devices/status', { token: kiosk })).status).toBe(403);
  });

  test('the kiosk’s heartbeat: a change is sent at once, an unchanged status only on the beat', async () => {
    const sent: string[] = [];
    const reporter = new StatusReporter({
      hallUrl: hall.url,
      token: () => kiosk,
      intervalMs: 60_000,
      fetch: async (url, init) => {
        sent.push(String(init?.body));
        return fetch(url, init);
      },
    });
    const status = { printer: 'ok', paperNearEnd: false, reader: 'ok', scanner: 'absent' } as const;
    await reporter.update(status);
    await reporter.update(status);
    await reporter.update({ ...status, reader: 'offline' });
    expect(sent).toHaveLength(2);
    const list = await api(hall.url, 'GET', '/api/devices/status', { token: guide });
    expect(list.body.devices[0]).toMatchObject({ reader: 'offline', alert: true });
    reporter.stop();
  });

  test('a revoked kiosk’s reporter stops sending its dead token', async () => {
    const created = await api(hall.url, 'POST', '/api/devices', {
      token: admin,
      body: { kind: 'kiosk', name: '2号取号机' },
    });
    const enrolled = await api(hall.url, 'POST', '/api/devices/enroll', {
      body: { code: created.body.code },
    });
    await api(hall.url, 'DELETE', `/api/devices/${enrolled.body.deviceId}`, { token: admin });
    let token: string | null = enrolled.body.token;
    const reporter = new StatusReporter({
      hallUrl: hall.url,
      token: () => token,
      onUnauthenticated: () => (token = null),
    });
    await reporter.update({ printer: 'ok', paperNearEnd: false, reader: 'ok', scanner: 'absent' });
    expect(token).toBeNull();
    reporter.stop();
  });
});

describe('the device host end to end: simulated TCP printer runs out of paper, the guide hears', () => {
  let hall: TestHall;
  let printerServer: SimPrinterServer;
  let host: DeviceHost;

  afterAll(async () => {
    await host?.stop();
    await printerServer?.close();
    await hall?.server.close();
  });

  test('paper out on the printer → status on the kiosk → device.status on the staff socket', async () => {
    hall = await startTestHall();
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'guide1', 'guide');
    const kiosk = await enrollKiosk(hall, await login(hall.url, 'boss'));
    const staff = connectSocket(hall.url, { token: await login(hall.url, 'guide1') });
    await nextEvent(staff, 'hall.snapshot');
    printerServer = await startSimPrinterServer();
    host = new DeviceHost({
      mode: 'host',
      deviceName: '1号取号机',
      hallUrl: hall.url,
      token: () => kiosk,
      printer: new ReceiptPrinter({
        connect: () => tcpLink(printerServer.host, printerServer.port),
      }),
      encodeText: gb18030,
      reader: null,
      scanner: null,
      printerPollMs: 100,
    });
    const statuses: string[] = [];
    const pushed = collectEvents(staff);
    const told = () => pushed.filter((e) => e.name === 'device.status').map((e) => e.payload);
    host.onStatus((s) => statuses.push(s.printer));
    await host.start();
    await until(() => told().length === 1);
    expect(told()[0]).toMatchObject({ name: '1号取号机', printer: 'ok', alert: false });
    printerServer.printer.set({ paperOut: true });
    await until(() => told().length === 2);
    expect(statuses).toEqual(['ok', 'paper-out']);
    expect(told()[1]).toMatchObject({ name: '1号取号机', printer: 'paper-out', alert: true });
    staff.close();
  });
});
