import Database from 'better-sqlite3';
import type { HallConfig } from '../../shared/src/domain';
import { migrate, SCHEMA_VERSION } from '../../server/src/store/migrations';
import {
  api,
  collectEvents,
  connectSocket,
  createStaff,
  enrollKiosk,
  login,
  startTestHall,
  TestClock,
  until,
  type TestHall,
} from '../helpers/hall-server';
import { MONDAY_9AM, ok, smallHall } from './helpers';

describe('hall administration, live', () => {
  let hall: TestHall;
  let admin: string;
  let kiosk: string;
  let clerk: string;

  beforeAll(async () => {
    hall = await startTestHall({
      hall: smallHall(),
      clock: new TestClock(MONDAY_9AM + 60 * 60_000),
    });
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'c1', 'clerk', '王芳');
    admin = await login(hall.url, 'boss');
    kiosk = await enrollKiosk(hall, admin);
    clerk = await login(hall.url, 'c1', 'w1');
  });
  afterAll(() => hall.server.close());

  const config = async (): Promise<HallConfig> =>
    (await ok(hall, 'GET', '/api/admin/config', { token: admin })).config;

  test('a change takes effect at once: boards get a snapshot, the next call follows it, the audit has before and after', async () => {
    const board = connectSocket(hall.url);
    const heard = collectEvents(board);
    await until(() => heard.some((e) => e.name === 'hall.snapshot'));
    heard.length = 0;
    await ok(hall, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'social', channel: 'kiosk' },
    });

    const next = await config();
    next.windows[0]!.services = ['tax', 'social']; // window 1 may now help social insurance
    next.windows.push({
      id: 'w6',
      number: 6,
      name: '税务2',
      kind: 'specialised',
      areaId: 'main',
      services: ['tax'],
    });
    next.services[0]!.timeLimitMinutes = 20;
    next.hours.holidays = [...next.hours.holidays, '2026-12-31'];
    const saved = await ok(hall, 'PUT', '/api/admin/config', { token: admin, body: next });
    expect(saved.changes.map((c: any) => c.path).sort()).toEqual(
      ['hours.holidays', 'services.tax', 'windows.w1', 'windows.w6'].sort(),
    );
    await until(() => heard.some((e) => e.name === 'hall.snapshot'));
    const snapshot = heard.find((e) => e.name === 'hall.snapshot')!.payload;
    expect(snapshot.windows.map((w: any) => w.id)).toContain('w6');
    expect(snapshot.windows.find((w: any) => w.id === 'w1')).toMatchObject({
      status: 'idle',
      services: ['tax', 'social'],
    });
    board.close();

    const called = await ok(hall, 'POST', '/api/windows/w1/next', { token: clerk });
    expect(called.ticket.number).toBe('B001');
    await ok(hall, 'POST', '/api/windows/w1/finish', { token: clerk });

    const { entries } = await ok(hall, 'GET', '/api/audit?limit=1', { token: admin });
    expect(entries[0]).toMatchObject({ actor: 'boss', action: 'config.update', target: 'hall' });
    expect(entries[0].before['services.tax'].timeLimitMinutes).toBe(12);
    expect(entries[0].after['services.tax'].timeLimitMinutes).toBe(20);
    expect(entries[0].before['windows.w6']).toBeNull();
    expect(entries[0].after['hours.holidays']).toContain('2026-12-31');
  });

  test('a change that would strand citizens or an open window is refused, with reasons', async () => {
    await ok(hall, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'property', channel: 'kiosk' },
    });
    const next = await config();
    next.services = next.services.filter((s) => s.id !== 'property');
    next.windows = next.windows
      .filter((w) => w.id !== 'w3' && w.id !== 'w1')
      .map((w) => ({ ...w, services: w.services.filter((s) => s !== 'property') }));
    const refused = await api(hall.url, 'PUT', '/api/admin/config', { token: admin, body: next });
    expect(refused.status).toBe(400);
    const messages = refused.body.error.details.problems.map((p: any) => p.message).join('\n');
    expect(messages).toContain('不动产登记');
    expect(messages).toContain('1号窗口仍在服务');
    expect((await config()).services.some((s) => s.id === 'property')).toBe(true);
  });

  test('an import is checked with parseHallConfig and every problem listed', async () => {
    const bad = await config();
    bad.services[1]!.prefix = 'A';
    (bad.windows[0] as any).services = ['tax', 'passports'];
    const refused = await api(hall.url, 'POST', '/api/admin/config/import', {
      token: admin,
      body: bad,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.problems).toEqual(
      expect.arrayContaining([
        { path: 'services', message: 'prefix "A" is used twice (ticket numbers would collide)' },
        { path: 'windows.0.services.1', message: 'no service "passports"' },
      ]),
    );
    const exported = await fetch(`${hall.url}/api/admin/config/export`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(exported.headers.get('content-disposition')).toContain('small.json');
    const json = await exported.json();
    expect(json.windows).toHaveLength(6);
    json.name = '测试县政务服务中心（新）';
    const imported = await ok(hall, 'POST', '/api/admin/config/import', {
      token: admin,
      body: json,
    });
    expect(imported.changes).toEqual([
      { path: 'name', before: '测试县政务服务中心', after: '测试县政务服务中心（新）' },
    ]);
    expect((await ok(hall, 'GET', '/api/hall')).hall.name).toBe('测试县政务服务中心（新）');
  });

  test('the saved configuration is the hall’s after a restart', async () => {
    await hall.server.close();
    hall = await startTestHall({ hall: smallHall(), clock: hall.clock, dataDir: hall.dataDir });
    admin = await login(hall.url, 'boss');
    const again = await ok(hall, 'GET', '/api/admin/config', { token: admin });
    expect(again.source).toBe('database');
    expect(again.config.windows).toHaveLength(6);
    expect((await ok(hall, 'GET', '/api/hall')).hall.name).toBe('测试县政务服务中心（新）');
  });

  test('staff: a manager is created, demoted, disabled (sessions end); the last admin stays', async () => {
    const created = await ok(hall, 'POST', '/api/admin/users', {
      token: admin,
      body: { username: 'mgr', displayName: '钱经理', role: 'manager', password: 'password-123' },
    });
    expect(created.user).toMatchObject({ username: 'mgr', role: 'manager', disabled: false });
    const manager = await login(hall.url, 'mgr');
    expect(
      (await api(hall.url, 'GET', '/api/reports?from=2026-11-23&to=2026-11-23', { token: manager }))
        .status,
    ).toBe(200);
    expect((await api(hall.url, 'GET', '/api/admin/config', { token: manager })).status).toBe(403);
    expect((await ok(hall, 'GET', '/api/auth/me', { token: manager })).role).toBe('manager');
    await ok(hall, 'PATCH', `/api/admin/users/${created.user.id}`, {
      token: admin,
      body: { role: 'guide' },
    });
    expect((await api(hall.url, 'GET', '/api/auth/me', { token: manager })).status).toBe(401);
    await ok(hall, 'PATCH', `/api/admin/users/${created.user.id}`, {
      token: admin,
      body: { disabled: true },
    });
    expect(
      (
        await api(hall.url, 'POST', '/api/auth/login', {
          body: { username: 'mgr', password: 'password-123' },
        })
      ).status,
    ).toBe(401);
    // The first start created 'admin'; with it disabled, 'boss' is the last administrator.
    const users = hall.server.ctx.accounts.listUsers();
    const first = users.find((u) => u.username === 'admin')!;
    const me = users.find((u) => u.username === 'boss')!;
    await ok(hall, 'PATCH', `/api/admin/users/${first.id}`, {
      token: admin,
      body: { disabled: true },
    });
    const last = await api(hall.url, 'PATCH', `/api/admin/users/${me.id}`, {
      token: admin,
      body: { role: 'guide' },
    });
    expect(last.status).toBe(400);
    const { entries } = await ok(hall, 'GET', '/api/audit?limit=4', { token: admin });
    expect(entries.map((e: any) => e.action)).toEqual([
      'user.update',
      'user.update',
      'user.update',
      'user.create',
    ]);
    expect(entries[1]).toMatchObject({
      target: 'mgr',
      before: { disabled: false },
      after: { disabled: true },
    });
    expect(entries[2]).toMatchObject({
      target: 'mgr',
      before: { role: 'manager' },
      after: { role: 'guide' },
    });
    expect(JSON.stringify(entries)).not.toContain('password-123');
  });

  test('devices: enrolled with a one-time code, revoked, both audited; thresholds audited', async () => {
    const created = await ok(hall, 'POST', '/api/admin/devices', {
      token: admin,
      body: { kind: 'rating-pad', name: '1号评价器', windowId: 'w1' },
    });
    expect(created.code).toMatch(/^\d{8}$/);
    const enrolled = await ok(hall, 'POST', '/api/devices/enroll', {
      body: { code: created.code },
    });
    const device = async () =>
      (await ok(hall, 'GET', '/api/admin/devices', { token: admin })).devices.find(
        (d: any) => d.id === created.id,
      );
    expect(await device()).toMatchObject({ lastSeenAt: null, connected: false, offline: false });
    await ok(hall, 'GET', '/api/auth/me', { token: enrolled.token }); // the pad is in touch
    expect(await device()).toMatchObject({
      enrolledAt: expect.any(String),
      lastSeenAt: expect.any(String),
    });
    await ok(hall, 'DELETE', `/api/admin/devices/${created.id}`, { token: admin });
    expect((await api(hall.url, 'GET', '/api/auth/me', { token: enrolled.token })).status).toBe(
      401,
    );
    const put = await ok(hall, 'PUT', '/api/admin/thresholds', {
      token: admin,
      body: { pauseMaxMinutes: 20 },
    });
    expect(put.thresholds).toMatchObject({ pauseMaxMinutes: 20, idleWithQueueMinutes: 5 });
    expect(
      (
        await api(hall.url, 'PUT', '/api/admin/thresholds', {
          token: admin,
          body: { pauseMaxMinutes: 0 },
        })
      ).status,
    ).toBe(400);
    const { entries } = await ok(hall, 'GET', '/api/audit?limit=3', { token: admin });
    expect(entries.map((e: any) => e.action)).toEqual([
      'thresholds.update',
      'device.revoke',
      'device.create',
    ]);
    expect(entries[0]).toMatchObject({
      before: { pauseMaxMinutes: 15 },
      after: { pauseMaxMinutes: 20 },
    });
    expect(JSON.stringify(entries)).not.toContain(created.code);
  });
});

describe('migration 2', () => {
  test('rebuilds users with the manager role, keeping users and their sessions', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    // The users and sessions of schema version 1, as a hall created before issue 6 has them.
    db.exec(`CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin', 'guide', 'clerk')), password_hash TEXT NOT NULL,
      created_at INTEGER NOT NULL, disabled INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users (id),
      window_id TEXT, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked_at INTEGER);
      INSERT INTO users VALUES ('u1', 'boss', '管理员', 'admin', 'h', 1, 0), ('u2', 'c1', '王芳', 'clerk', 'h', 1, 1);
      INSERT INTO sessions VALUES ('t1', 'u1', NULL, 1, 2, NULL);`);
    db.pragma('user_version = 1');
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(
      db.prepare('SELECT id, role, disabled, staff_number FROM users ORDER BY id').all(),
    ).toEqual([
      { id: 'u1', role: 'admin', disabled: 0, staff_number: null },
      { id: 'u2', role: 'clerk', disabled: 1, staff_number: null },
    ]);
    db.prepare(
      `INSERT INTO users (id, username, display_name, role, password_hash, created_at, disabled) VALUES ('u3', 'mgr', '钱经理', 'manager', 'h', 1, 0)`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO users (id, username, display_name, role, password_hash, created_at, disabled) VALUES ('u4', 'x', 'x', 'boss', 'h', 1, 0)`,
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare(`INSERT INTO sessions VALUES ('t2', 'nobody', NULL, 1, 2, NULL)`).run(),
    ).toThrow(/FOREIGN KEY/);
    expect(db.prepare('SELECT user_id FROM sessions').all()).toEqual([{ user_id: 'u1' }]);
    db.close();
  });
});
