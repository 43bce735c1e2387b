import fs from 'node:fs';
import vm from 'node:vm';
import { build } from 'esbuild';
import os from 'node:os';
import path from 'node:path';
import { kioskPageUrl, parseKioskConfig } from '../../kiosk/src/main/config';
import { createDeviceHost, printerConnect } from '../../kiosk/src/main/devices';
import {
  EnrollmentError,
  enroll,
  enrollmentCodeFromArgs,
  forgetIdentity,
  readIdentity,
} from '../../kiosk/src/main/enrollment';
import {
  OFFLINE_PAGE,
  isAllowedNavigation,
  isBlockedShortcut,
  kioskWindowOptions,
} from '../../kiosk/src/main/window-policy';
import { startSimPrinterServer } from '../../kiosk/src/hardware/printer/sim-printer-server';
import { api, createStaff, login, startTestHall, type TestHall } from '../helpers/hall-server';
import { SLIP } from './fixtures';

/** The Electron main process's modules, in Node (Electron itself cannot run here). */
describe('kiosk configuration', () => {
  test('defaults: USB printer, no reader, keyboard scanner, 60 s idle, production', () => {
    const config = parseKioskConfig({ hallUrl: 'http://192.168.1.10:3000' });
    expect(config).toEqual({
      hallUrl: 'http://192.168.1.10:3000',
      printer: { type: 'usb', path: '/dev/usb/lp0' },
      paper: '80mm',
      reader: { type: 'none' },
      scanner: { type: 'keyboard' },
      idleSeconds: 60,
      production: true,
    });
    expect(kioskPageUrl(config)).toBe('http://192.168.1.10:3000/kiosk?idle=60');
  });

  test('a network printer and a serial reader; a mistake is named', () => {
    const config = parseKioskConfig({
      hallUrl: 'http://hall:3000',
      printer: { type: 'tcp', host: '192.168.1.50' },
      reader: { type: 'serial', path: '/dev/ttyUSB0' },
    });
    expect(config.printer).toEqual({ type: 'tcp', host: '192.168.1.50', port: 9100 });
    expect(config.reader).toEqual({ type: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 });
    expect(() => parseKioskConfig({ hallUrl: 'ftp://x', printer: { type: 'fax' } })).toThrow(
      /hallUrl[\s\S]*printer/,
    );
    expect(() => parseKioskConfig({ hallUrl: 'http://x', extra: 1 })).toThrow(/extra/);
  });
});

describe('the kiosk window', () => {
  test('kiosk mode, isolated, sandboxed, no Node, devtools only off production', () => {
    const options = kioskWindowOptions('/app/preload.js', true);
    expect(options).toMatchObject({ fullscreen: true, kiosk: true, autoHideMenuBar: true });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      devTools: false,
    });
    expect(kioskWindowOptions('/p', false).webPreferences.devTools).toBe(true);
  });

  test('navigation: only the hall server’s /kiosk page', () => {
    const hall = 'http://192.168.1.10:3000';
    expect(isAllowedNavigation('http://192.168.1.10:3000/kiosk?idle=60', hall)).toBe(true);
    expect(isAllowedNavigation('http://192.168.1.10:3000/admin', hall)).toBe(false);
    expect(isAllowedNavigation('http://192.168.1.10:3001/kiosk', hall)).toBe(false);
    expect(isAllowedNavigation('https://www.baidu.com/', hall)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', hall)).toBe(false);
    expect(isAllowedNavigation('not a url', hall)).toBe(false);
  });

  test('browser shortcuts are blocked; a scanner’s characters and Enter pass', () => {
    const key = (
      k: string,
      mods: Partial<{ control: boolean; alt: boolean; shift: boolean }> = {},
    ) => ({
      type: 'keyDown',
      key: k,
      control: false,
      meta: false,
      alt: false,
      shift: false,
      ...mods,
    });
    for (const blocked of [
      key('F5'),
      key('F12'),
      key('r', { control: true }),
      key('F4', { alt: true }),
      key('I', { control: true, shift: true }),
      key('=', { control: true }),
    ])
      expect(isBlockedShortcut(blocked, true)).toBe(true);
    for (const allowed of [key('A'), key('1'), key('Enter'), key('/'), key(':')])
      expect(isBlockedShortcut(allowed, true)).toBe(false);
    expect(isBlockedShortcut(key('F12'), false)).toBe(false);
    expect(decodeURIComponent(OFFLINE_PAGE)).toContain('暂停取号，请到服务台');
  });
});

describe('enrollment', () => {
  let hall: TestHall;
  let admin: string;
  let dir: string;

  beforeAll(async () => {
    hall = await startTestHall();
    createStaff(hall, 'boss', 'admin');
    admin = await login(hall.url, 'boss');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hallq-kiosk-'));
  });

  afterAll(async () => {
    await hall.server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const code = async (kind = 'kiosk') =>
    (
      await api(hall.url, 'POST', '/api/devices', {
        token: admin,
        body: {
          kind,
          name: '大厅1号取号机',
          ...(kind === 'kiosk' || kind === 'hall-board' ? {} : { windowId: 'w01' }),
        },
      })
    ).body.code as string;

  test('a one-time code becomes a token in a 0600 file, which works; the code does not work twice', async () => {
    const file = path.join(dir, 'sub', 'device-token.json');
    const enrollmentCode = await code();
    const identity = await enroll(hall.url, enrollmentCode, file);
    expect(identity.name).toBe('大厅1号取号机');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readIdentity(file)).toEqual(identity);
    const me = await api(hall.url, 'GET', '/api/auth/me', { token: identity.token });
    expect(me.status).toBe(200);
    await expect(enroll(hall.url, enrollmentCode, path.join(dir, 'other.json'))).rejects.toThrow(
      /401.*设备注册码无效或已使用/,
    );
    forgetIdentity(file);
    expect(readIdentity(file)).toBeNull();
  });

  test('a code for another kind of device, or a malformed code, is refused', async () => {
    await expect(
      enroll(hall.url, await code('hall-board'), path.join(dir, 'b.json')),
    ).rejects.toThrow(/not a kiosk/);
    await expect(enroll(hall.url, '1234', path.join(dir, 'c.json'))).rejects.toThrow(
      EnrollmentError,
    );
    expect(fs.existsSync(path.join(dir, 'c.json'))).toBe(false);
  });

  test('the code on the command line', () => {
    expect(enrollmentCodeFromArgs(['electron', '.', '--enroll=12345678'])).toBe('12345678');
    expect(enrollmentCodeFromArgs(['electron', '.', '--enroll', '87654321'])).toBe('87654321');
    expect(enrollmentCodeFromArgs(['electron', '.'])).toBeNull();
  });
});

describe('devices from the configuration', () => {
  test('a TCP printer: the device host prints a slip on it', async () => {
    const printer = await startSimPrinterServer();
    const config = parseKioskConfig({
      hallUrl: 'http://127.0.0.1:9',
      printer: { type: 'tcp', host: printer.host, port: printer.port },
      paper: '58mm',
    });
    const host = createDeviceHost(
      config,
      { token: () => null, name: '1号取号机', onTokenRejected: () => undefined },
      () => undefined,
    );
    try {
      expect(await host.refreshPrinter()).toMatchObject({ printer: 'ok', reader: 'absent' });
      const slip = printer.printer.nextSlip();
      expect(await host.print(SLIP)).toEqual({ ok: true });
      await slip;
      // 58 mm paper: 32 columns.
      expect(printer.printer.transcripts(32)[0]).toContain('--------------------------------\n');
      expect(await host.info()).toEqual({
        mode: 'electron',
        deviceName: '1号取号机',
        statusBaseUrl: null,
        enrolled: false,
      });
    } finally {
      await host.stop();
      await printer.close();
    }
  });

  test('each printer transport from its setting', () => {
    expect(
      printerConnect(parseKioskConfig({ hallUrl: 'http://h', printer: { type: 'none' } })),
    ).toBeNull();
    for (const printer of [
      { type: 'tcp', host: 'p' },
      { type: 'serial', path: '/dev/ttyS0' },
      { type: 'usb' },
    ])
      expect(typeof printerConnect(parseKioskConfig({ hallUrl: 'http://h', printer }))).toBe(
        'function',
      );
  });
});

describe('the preload', () => {
  test('exposes exactly the kiosk bridge, each method one IPC call, each event one channel', async () => {
    const bundle = await build({
      entryPoints: [path.join(__dirname, '..', '..', 'kiosk', 'src', 'main', 'preload.ts')],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      logLevel: 'silent',
    });
    const exposed: Record<string, Record<string, (...args: unknown[]) => unknown>> = {};
    const invoked: unknown[][] = [];
    const subscribed: string[] = [];
    const electron = {
      contextBridge: {
        exposeInMainWorld: (name: string, api: Record<string, (...args: unknown[]) => unknown>) =>
          (exposed[name] = api),
      },
      ipcRenderer: {
        invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve(null)),
        on: (channel: string) => subscribed.push(channel),
        removeListener: () => undefined,
      },
    };
    const module = { exports: {} };
    vm.runInNewContext(bundle.outputFiles[0]!.text, {
      module,
      exports: module.exports,
      require: (name: string) => {
        if (name !== 'electron') throw new Error(`the preload may not require ${name}`);
        return electron;
      },
    });
    expect(Object.keys(exposed)).toEqual(['hallqKiosk']);
    const bridge = exposed.hallqKiosk!;
    expect(Object.keys(bridge).sort()).toEqual(
      [
        'checkIn',
        'collect',
        'forgetCard',
        'info',
        'issue',
        'onCard',
        'onScan',
        'onStatus',
        'print',
        'status',
      ].sort(),
    );
    await bridge.issue!({ serviceId: 'tax' });
    await bridge.checkIn!({ code: 'K7M2Q9XR', withCard: false });
    await bridge.collect!({ ticketId: 'OADiNQSyz_fAoFnR' });
    await bridge.print!(SLIP);
    expect(invoked).toEqual([
      ['kiosk:issue', { serviceId: 'tax' }],
      ['kiosk:check-in', { code: 'K7M2Q9XR', withCard: false }],
      ['kiosk:collect', { ticketId: 'OADiNQSyz_fAoFnR' }],
      ['kiosk:print', SLIP],
    ]);
    const off = bridge.onCard!(() => undefined) as () => void;
    bridge.onStatus!(() => undefined);
    bridge.onScan!(() => undefined);
    expect(subscribed).toEqual(['kiosk:card', 'kiosk:status-changed', 'kiosk:scan']);
    expect(typeof off).toBe('function');
  });
});
