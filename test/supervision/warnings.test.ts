import { HallCore, routingPolicy, type Command } from '../../shared/src/domain';
import {
  DEFAULT_THRESHOLDS,
  evaluateWarnings,
  type DeviceStatus,
} from '../../shared/src/supervision';
import {
  api,
  collectEvents,
  connectSocket,
  createStaff,
  login,
  startTestHall,
  TestClock,
  until,
  type TestHall,
} from '../helpers/hall-server';
import { MONDAY_9AM, ok, smallHall } from './helpers';

const MIN = 60_000;

describe('evaluateWarnings (pure)', () => {
  const config = smallHall();
  let core: HallCore;
  let now: number;
  let n = 0;
  const run = (command: Command) => core.execute(command, now);
  const issue = (serviceId: string) =>
    run({ type: 'issue', ticketId: `t${(n += 1)}`, serviceId, channel: 'kiosk' });
  const kinds = (extra: Partial<Parameters<typeof evaluateWarnings>[0]> = {}) =>
    evaluateWarnings({ state: core.state, thresholds: DEFAULT_THRESHOLDS, now, ...extra }).map(
      (w) => w.key,
    );

  beforeEach(() => {
    core = new HallCore(config, routingPolicy('balanced'));
    n = 0;
    now = MONDAY_9AM + 60 * MIN; // 10:00
  });

  test('a quiet hall has none', () => {
    run({ type: 'open-window', windowId: 'w1', clerkId: 'c1', clerkName: '王芳' });
    expect(kinds()).toEqual([]);
  });

  test('a wait past the service’s waitWarningMinutes (tax: 15), critical at twice', () => {
    issue('tax');
    now += 14 * MIN;
    expect(kinds()).toEqual([]);
    now += 1 * MIN;
    const [w] = evaluateWarnings({ state: core.state, thresholds: DEFAULT_THRESHOLDS, now });
    expect(w).toMatchObject({
      key: 'long-wait:tax',
      severity: 'warning',
      minutes: 15,
      serviceId: 'tax',
    });
    expect(w?.text).toContain('税务等候已 15 分钟');
    now += 15 * MIN;
    expect(
      evaluateWarnings({ state: core.state, thresholds: DEFAULT_THRESHOLDS, now })[0]?.severity,
    ).toBe('critical');
  });

  test('a window idle while its queue waits, and only in opening hours', () => {
    run({ type: 'open-window', windowId: 'w4', clerkId: 'c4', clerkName: '刘洋' });
    now += 2 * MIN;
    issue('property'); // w4 serves property third on its list: still its queue
    now += 4 * MIN;
    expect(kinds()).toEqual([]);
    now += 1 * MIN;
    expect(kinds()).toEqual(['idle-with-queue:w4']);
    // Lunch (12:00–14:30): nobody expects the window to call.
    now = MONDAY_9AM + 3 * 60 * MIN + 10 * MIN;
    expect(kinds()).not.toContain('idle-with-queue:w4');
  });

  test('a pause past pauseMaxMinutes', () => {
    run({ type: 'open-window', windowId: 'w2', clerkId: 'c2', clerkName: '李娜' });
    run({ type: 'pause', windowId: 'w2', reason: '取材料' });
    now += 15 * MIN;
    const [w] = evaluateWarnings({ state: core.state, thresholds: DEFAULT_THRESHOLDS, now });
    expect(w).toMatchObject({ key: 'long-pause:w2', minutes: 15 });
    expect(w?.text).toContain('（取材料）');
    run({ type: 'resume', windowId: 'w2' });
    expect(kinds()).toEqual([]);
  });

  test('a service running past its time limit (tax: 12 minutes)', () => {
    run({ type: 'open-window', windowId: 'w1', clerkId: 'c1', clerkName: '王芳' });
    issue('tax');
    run({ type: 'call-next', windowId: 'w1' });
    now += 1 * MIN;
    run({ type: 'start', windowId: 'w1' });
    now += 12 * MIN;
    expect(kinds()).toEqual([]);
    now += 1 * MIN;
    expect(kinds()).toEqual(['overtime:w1:t1']);
  });

  test('printer paper, devices gone in opening hours, overdue cases', () => {
    const device = (patch: Partial<DeviceStatus>): DeviceStatus => ({
      id: 'k1',
      kind: 'kiosk',
      name: '1号取号机',
      windowId: null,
      online: true,
      lastSeenAt: now,
      paper: 'ok',
      ...patch,
    });
    expect(kinds({ devices: [device({ paper: 'low' })] })).toEqual(['printer-paper:k1']);
    expect(kinds({ devices: [device({ online: false, lastSeenAt: now - 4 * MIN })] })).toEqual([]);
    const offline = evaluateWarnings({
      state: core.state,
      thresholds: DEFAULT_THRESHOLDS,
      now,
      devices: [device({ online: false, lastSeenAt: now - 5 * MIN, paper: 'out' })],
    });
    expect(offline.map((w) => [w.key, w.severity])).toEqual([
      ['printer-paper:k1', 'critical'],
      ['device-offline:k1', 'critical'],
    ]);
    // Never installed: no warning; after hours: none either.
    expect(kinds({ devices: [device({ online: false, lastSeenAt: null })] })).toEqual([]);
    now = MONDAY_9AM + 10 * 60 * MIN; // 19:00
    expect(kinds({ devices: [device({ online: false, lastSeenAt: now - 60 * MIN })] })).toEqual([]);
    expect(kinds({ cases: [{ id: 'c1', ticketNumber: 'A001', deadline: '2026-11-20' }] })).toEqual([
      'case-overdue:c1',
    ]);
    expect(kinds({ cases: [{ id: 'c1', ticketNumber: 'A001', deadline: '2026-11-23' }] })).toEqual(
      [],
    );
  });
});

describe('warnings in a running hall', () => {
  let hall: TestHall;
  let guide: string;
  let clerk: string;
  let admin: string;

  beforeAll(async () => {
    hall = await startTestHall({ hall: smallHall(), clock: new TestClock(MONDAY_9AM + 60 * MIN) });
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'guide1', 'guide', '赵导');
    createStaff(hall, 'c2', 'clerk', '李娜');
    admin = await login(hall.url, 'boss');
    guide = await login(hall.url, 'guide1');
    clerk = await login(hall.url, 'c2', 'w2');
  });
  afterAll(() => hall.server.close());

  test('raised to the staff, acknowledged (who, when, audited), cleared when the cause goes', async () => {
    const staff = connectSocket(hall.url, { token: guide });
    const citizen = connectSocket(hall.url);
    const heard = collectEvents(staff);
    const public_ = collectEvents(citizen);
    await until(() => heard.some((e) => e.name === 'warnings.snapshot'));
    await ok(hall, 'POST', '/api/windows/w2/pause', { token: clerk, body: { reason: '开会' } });
    hall.clock.advance(16);
    hall.server.supervision.evaluate();
    await until(() => heard.some((e) => e.name === 'warning.raised'));
    const raised = heard.find((e) => e.name === 'warning.raised')!.payload;
    expect(raised).toMatchObject({ kind: 'long-pause', windowId: 'w2', acknowledged: null });

    const acked = await ok(hall, 'POST', `/api/warnings/${raised.id}/ack`, { token: guide });
    expect(acked.warning.acknowledged).toMatchObject({ by: 'guide1（赵*）' });
    await until(() => heard.some((e) => e.name === 'warning.acknowledged'));
    const audit = await ok(hall, 'GET', '/api/audit?limit=1', { token: admin });
    expect(audit.entries[0]).toMatchObject({
      actor: 'guide1',
      action: 'warning.acknowledge',
      target: 'long-pause:w2',
    });
    // Acknowledged is not gone: it stays until the window resumes.
    expect((await ok(hall, 'GET', '/api/warnings', { token: guide })).warnings).toHaveLength(1);

    await ok(hall, 'POST', '/api/windows/w2/resume', { token: clerk });
    hall.server.supervision.evaluate();
    await until(() => heard.some((e) => e.name === 'warning.cleared'));
    expect((await ok(hall, 'GET', '/api/warnings', { token: guide })).warnings).toEqual([]);
    const history = await ok(hall, 'GET', '/api/warnings/history', { token: admin });
    expect(history.warnings[0]).toMatchObject({ id: raised.id, clearedAt: expect.any(String) });
    expect(public_.some((e) => e.name.startsWith('warning'))).toBe(false);
    staff.close();
    citizen.close();
  });

  test('a kiosk’s printer: out of paper, cover open (its status reports); a board gone offline', async () => {
    const enroll = async (kind: string, name: string) => {
      const created = await ok(hall, 'POST', '/api/admin/devices', {
        token: admin,
        body: { kind, name },
      });
      return (await ok(hall, 'POST', '/api/devices/enroll', { body: { code: created.code } }))
        .token as string;
    };
    const kiosk = await enroll('kiosk', '2号取号机');
    const status = (printer: string) =>
      ok(hall, 'POST', '/api/devices/status', { token: kiosk, body: { printer, reader: 'ok' } });
    const now = async () => (await ok(hall, 'GET', '/api/warnings', { token: guide })).warnings;
    await status('paper-out');
    expect(await now()).toEqual([
      expect.objectContaining({
        kind: 'printer-paper',
        severity: 'critical',
        text: '2号取号机打印纸已用完，无法出号',
      }),
    ]);
    await status('cover-open');
    expect(await now()).toEqual([
      expect.objectContaining({ kind: 'device-fault', text: '2号取号机：打印机机盖未关' }),
    ]);
    await status('ok');
    expect(await now()).toEqual([]);

    // A board keeps a socket; when it drops and stays away, it is offline (in opening hours).
    const boardToken = await enroll('hall-board', '大厅综合屏');
    const board = connectSocket(hall.url, { token: boardToken });
    await until(() => board.connected);
    board.close();
    await until(
      () =>
        !hall.server.supervision.devices.connected(
          hall.server.ctx.accounts.listDevices().find((d) => d.name === '大厅综合屏')!.id,
        ),
    );
    hall.clock.advance(4);
    expect(await now()).toEqual([]);
    hall.clock.advance(2);
    // The kiosk's heartbeat stopped too: it is also offline now.
    expect((await now()).map((w: any) => w.text).sort()).toEqual([
      '2号取号机已离线 6 分钟',
      '大厅综合屏已离线 6 分钟',
    ]);
  });

  test('only staff who supervise read and acknowledge warnings', async () => {
    expect((await api(hall.url, 'GET', '/api/warnings', { token: clerk })).status).toBe(403);
    expect((await api(hall.url, 'GET', '/api/warnings')).status).toBe(401);
    expect((await api(hall.url, 'POST', '/api/warnings/999/ack', { token: guide })).status).toBe(
      404,
    );
  });
});
