import fs from 'node:fs';
import path from 'node:path';
import type { KeypadNotice } from '../../counter-display/src/bridge';
import { startKeypadBridge } from '../../counter-display/src/main/keypad-bridge';
import { KeypadDriver, httpCallerApi } from '../../counter-display/src/main/keypad/driver';
import { KeypadConnection, type HidDevice } from '../../counter-display/src/main/keypad/hid';
import { KeypadInterpreter } from '../../counter-display/src/main/keypad/keymap';
import {
  ReportDecoder,
  USAGE,
  parseHex,
  type ReportFormat,
} from '../../counter-display/src/main/keypad/reports';
import { EventEmitter } from 'node:events';
import {
  api,
  createStaff,
  enrollKiosk,
  login,
  startTestHall,
  until,
  type TestHall,
} from '../helpers/hall-server';

/**
 * The USB caller keypad, driven by HID input reports from fixtures. The fixtures are in the
 * byte layouts such keypads send (boot keyboard report, or a vendor report with the key code
 * in one byte); no keypad is attached on this machine, so they were written from the HID
 * usage tables, and counter-display/src/main/keypad/record.ts records real ones in the same
 * format.
 */

interface Fixture {
  note: string;
  format: ReportFormat;
  reports: { t: number; hex: string }[];
}

const fixture = (name: string): Fixture =>
  JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as Fixture;

describe('HID reports → key presses', () => {
  test('a boot keyboard report counts a key when it appears, not while held', () => {
    const decoder = new ReportDecoder({ kind: 'boot-keyboard' });
    const pressed = fixture('f-keys-call-start-finish').reports.map((r) =>
      decoder.decode(parseHex(r.hex)),
    );
    expect(pressed.flat()).toEqual([USAGE.F1, USAGE.F1 + 2, USAGE.F1 + 3]);
  });

  test('report ids, rollover errors and other reports', () => {
    const f = fixture('report-id-rollover');
    const decoder = new ReportDecoder(f.format);
    const pressed = f.reports.map((r) => decoder.decode(parseHex(r.hex)));
    expect(pressed.flat()).toEqual([USAGE.KP_1, USAGE.KP_1 + 1, USAGE.KP_1 + 2]);
  });

  test('a vendor report with the key in one byte', () => {
    const f = fixture('vendor-keypad');
    const decoder = new ReportDecoder(f.format);
    expect(f.reports.flatMap((r) => decoder.decode(parseHex(r.hex)))).toEqual([
      USAGE.F1,
      USAGE.F1 + 1,
      USAGE.F1 + 4,
    ]);
  });

  test('bad hex is refused', () => {
    expect(() => parseHex('00 zz')).toThrow('not a hex byte');
  });
});

describe('key presses → steps', () => {
  test('digits act, or type a number after 转交 and 暂停', () => {
    const keys = new KeypadInterpreter();
    expect(keys.press(USAGE.KP_1)).toEqual({ kind: 'act', action: 'next' });
    expect(keys.press(USAGE.KP_1 + 5)).toEqual({ kind: 'entry', what: 'transfer', digits: '' });
    expect(keys.press(USAGE.KP_1)).toEqual({ kind: 'entry', what: 'transfer', digits: '1' });
    expect(keys.press(USAGE.DIGIT_1 + 1)).toEqual({
      kind: 'entry',
      what: 'transfer',
      digits: '12',
    });
    expect(keys.press(USAGE.BACKSPACE)).toEqual({ kind: 'entry', what: 'transfer', digits: '1' });
    expect(keys.press(USAGE.KP_ENTER)).toEqual({ kind: 'transfer', windowNumber: 1 });
    expect(keys.press(USAGE.F1 + 6)).toEqual({ kind: 'pause-resume' });
    expect(keys.beginPause()).toEqual({ kind: 'entry', what: 'pause', digits: '' });
    expect(keys.press(USAGE.ENTER)).toEqual({ kind: 'pause', reason: '临时离开' });
    keys.beginPause();
    keys.press(USAGE.KP_1 + 8);
    expect(keys.press(USAGE.ENTER)).toEqual({ kind: 'cancelled' }); // no reason 9
    keys.press(USAGE.F1 + 5);
    expect(keys.press(USAGE.ESCAPE)).toEqual({ kind: 'cancelled' });
    expect(keys.press(USAGE.A)).toEqual({ kind: 'ignored' });
  });

  test('an action key during an entry ends it and acts', () => {
    const keys = new KeypadInterpreter();
    keys.press(USAGE.F1 + 5);
    keys.press(USAGE.KP_1 + 2);
    expect(keys.press(USAGE.F1 + 1)).toEqual({ kind: 'act', action: 'recall' });
  });
});

describe('the keypad drives its window through the API (caller device token)', () => {
  let hall: TestHall;
  let kiosk: string;
  let caller: string;
  let clerk12: string;

  beforeAll(async () => {
    hall = await startTestHall();
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'clerk5', 'clerk', '李娜');
    createStaff(hall, 'clerk12', 'clerk', '赵强');
    const admin = await login(hall.url, 'boss');
    kiosk = await enrollKiosk(hall, admin);
    await login(hall.url, 'clerk5', 'w05');
    clerk12 = await login(hall.url, 'clerk12', 'w12');
    const created = await api(hall.url, 'POST', '/api/devices', {
      token: admin,
      body: { kind: 'caller', name: '5号呼叫器', windowId: 'w05' },
    });
    caller = (
      await api(hall.url, 'POST', '/api/devices/enroll', { body: { code: created.body.code } })
    ).body.token;
  });
  afterAll(() => hall.server.close());

  const issue = (serviceId = 'tax') =>
    api(hall.url, 'POST', '/api/tickets', { token: kiosk, body: { serviceId, channel: 'kiosk' } });
  const windowOf = async (id: string) => (await api(hall.url, 'GET', `/api/windows/${id}`)).body;

  async function play(name: string, windowId = 'w05'): Promise<KeypadNotice[]> {
    const f = fixture(name);
    const notices: KeypadNotice[] = [];
    const driver = new KeypadDriver({
      api: httpCallerApi(hall.url, caller),
      windowId,
      format: f.format,
      onNotice: (n) => notices.push(n),
    });
    for (const report of f.reports) void driver.report(Buffer.from(parseHex(report.hex)));
    await driver.idle();
    return notices;
  }

  test('F1 calls once though held, F3 starts, F4 finishes', async () => {
    const first = await issue();
    const notices = await play('f-keys-call-start-finish');
    expect(notices.map((n) => [n.action, n.ok, n.detail])).toEqual([
      ['next', true, first.body.number],
      ['start', true, first.body.number],
      ['finish', true, first.body.number],
    ]);
    expect((await api(hall.url, 'GET', `/api/tickets/${first.body.id}`)).body.status).toBe('done');
  });

  test('1 calls, then 6 1 2 Enter transfers the citizen to window 12, who calls them first', async () => {
    const head = await issue();
    await issue(); // others wait in the tax queue
    const notices = await play('keypad-transfer-to-window');
    expect(notices.map((n) => n.action)).toEqual([
      'next',
      'transfer',
      'transfer',
      'transfer',
      'transfer',
    ]);
    expect(notices.map((n) => n.entry)).toEqual([null, '', '1', '12', null]);
    expect(notices[0]?.detail).toBe(head.body.number);
    expect(notices[4]).toMatchObject({ ok: true, detail: head.body.number });
    expect((await windowOf('w05')).window.status).toBe('idle');
    // Window 12 (social insurance) takes the tax ticket sent to it before its own queue.
    const called = await api(hall.url, 'POST', '/api/windows/w12/next', { token: clerk12 });
    expect(called.body.ticket.number).toBe(head.body.number);
    await api(hall.url, 'POST', '/api/windows/w12/finish', { token: clerk12 });
  });

  test('7 3 Enter pauses with reason 3; 7 again resumes', async () => {
    const notices = await play('keypad-pause-resume');
    expect(notices.map((n) => [n.action, n.ok])).toEqual([
      ['pause', true],
      ['pause', true],
      ['pause', true],
      ['resume', true],
    ]);
    expect(notices[1]?.entry).toBe('3');
    const events = (
      await api(hall.url, 'GET', '/api/events?after=0&limit=1000', {
        token: await login(hall.url, 'boss'),
      })
    ).body.events as { type: string; cause?: string; window?: { pauseReason: string | null } }[];
    const paused = events.filter((e) => e.cause === 'window.paused').pop();
    expect(paused?.window?.pauseReason).toBe('系统维护');
    expect((await windowOf('w05')).window.status).toBe('idle');
  });

  test('refusals come back as the server’s Chinese message', async () => {
    // Nobody is called: recall and start are refused; 2 and 3 came in one report, in order.
    const notices = await play('report-id-rollover');
    expect(notices[0]).toMatchObject({ action: 'next', ok: true });
    expect(notices.slice(1).map((n) => [n.action, n.ok])).toEqual([
      ['recall', true],
      ['start', true],
    ]);
    await api(hall.url, 'POST', '/api/windows/w05/finish', { token: caller });
    // Serve whoever still waits, so that nobody does.
    while ((await api(hall.url, 'POST', '/api/windows/w05/next', { token: caller })).status === 200)
      await api(hall.url, 'POST', '/api/windows/w05/finish', { token: caller });
    const refused = await play('vendor-keypad');
    // Nobody waits now: 叫号 answers 204, then recall and no-show have no ticket.
    expect(refused[0]).toMatchObject({ action: 'next', ok: true, messageZh: '当前没有等候的号码' });
    expect(refused.slice(1).map((n) => [n.action, n.ok, n.messageZh])).toEqual([
      ['recall', false, '窗口当前没有号码'],
      ['no-show', false, '窗口当前没有号码'],
    ]);
  });

  test('the bridge finds its window from the token, reopens an unplugged keypad, and reports', async () => {
    await issue();
    const devices: FakeHid[] = [];
    let plugged = false;
    const notices: KeypadNotice[] = [];
    const bridge = startKeypadBridge(
      {
        server: hall.url,
        kind: 'caller',
        window: 5,
        screen: 0,
        keypad: { vendorId: 1, productId: 2, format: { kind: 'boot-keyboard' }, token: caller },
      },
      (n) => notices.push(n),
      {
        open: () => {
          if (!plugged) return null;
          const device = new FakeHid();
          devices.push(device);
          return device;
        },
        retryMs: 20,
      },
    );
    try {
      await new Promise((r) => setTimeout(r, 100));
      plugged = true;
      await until(() => devices.length === 1);
      devices[0]?.emit('data', Buffer.from(parseHex('00 00 3a 00 00 00 00 00')));
      devices[0]?.emit('data', Buffer.from(parseHex('00 00 00 00 00 00 00 00')));
      await until(() => notices.some((n) => n.action === 'next'));
      expect((await windowOf('w05')).window.status).toBe('calling');
      devices[0]?.emit('error', new Error('unplugged'));
      await until(() => devices.length === 2);
      expect(devices[0]?.closed).toBe(true);
      expect(notices.filter((n) => n.action === 'keypad').map((n) => n.detail)).toEqual([
        'connected',
        'disconnected',
        'connected',
      ]);
    } finally {
      bridge.stop();
    }
    expect(devices[1]?.closed).toBe(true);
    await api(hall.url, 'POST', '/api/windows/w05/finish', { token: caller });
  });

  test('a revoked caller token is told, not retried for ever', async () => {
    const notices: KeypadNotice[] = [];
    const bridge = startKeypadBridge(
      {
        server: hall.url,
        kind: 'window-screen',
        window: 5,
        screen: 0,
        keypad: {
          vendorId: 1,
          productId: 2,
          format: { kind: 'boot-keyboard' },
          token: 'not-a-token',
        },
      },
      (n) => notices.push(n),
      { open: () => null, retryMs: 20 },
    );
    await until(() => notices.length > 0);
    bridge.stop();
    expect(notices[0]).toMatchObject({ ok: false, messageZh: '呼叫器令牌无效，请重新注册设备' });
  });
});

class FakeHid extends EventEmitter implements HidDevice {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

test('KeypadConnection keeps retrying until a keypad is there', async () => {
  let attempts = 0;
  const connection = new KeypadConnection(
    () => {
      attempts += 1;
      return attempts < 3 ? null : new FakeHid();
    },
    () => undefined,
    5,
  );
  connection.start();
  await until(() => connection.connected);
  connection.stop();
  expect(attempts).toBe(3);
  expect(connection.connected).toBe(false);
});
