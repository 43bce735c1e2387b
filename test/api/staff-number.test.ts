import type { HallSnapshot, PublicEvent, WindowView } from '../../shared/src/protocol';
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
import { MONDAY_9AM, smallHall } from '../supervision/helpers';

/** Issue 5: a clerk's 工号, set in /admin and shown with the masked name on the window screen. */
describe('staff numbers (工号)', () => {
  let hall: TestHall;
  let admin: string;

  beforeAll(async () => {
    hall = await startTestHall({
      hall: smallHall(),
      clock: new TestClock(MONDAY_9AM + 60 * 60_000),
    });
    createStaff(hall, 'boss', 'admin');
    admin = await login(hall.url, 'boss');
  });
  afterAll(() => hall.server.close());

  const createClerk = (username: string, staffNumber?: unknown) =>
    api(hall.url, 'POST', '/api/admin/users', {
      token: admin,
      body: {
        username,
        displayName: '王芳',
        role: 'clerk',
        password: 'password-123',
        ...(staffNumber === undefined ? {} : { staffNumber }),
      },
    });
  const windowOf = async (id: string): Promise<WindowView> =>
    (await api<HallSnapshot>(hall.url, 'GET', '/api/hall')).body.windows.find(
      (w) => w.id === id,
    ) as WindowView;

  test('created with a 工号, listed, refused when taken or malformed, changed and cleared', async () => {
    const created = await createClerk('wangfang', '0123');
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username: 'wangfang', staffNumber: '0123' });

    const listed = await api(hall.url, 'GET', '/api/admin/users', { token: admin });
    expect(listed.body.users.find((u: { username: string }) => u.username === 'wangfang')).toEqual(
      expect.objectContaining({ staffNumber: '0123' }),
    );

    const taken = await createClerk('lina', '0123');
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({
      code: 'STAFF_NUMBER_TAKEN',
      messageZh: '工号已被其他人员使用',
      messageEn: 'This staff number is already used by someone else',
    });
    // Nothing half-made: the refused user does not exist.
    const after = await api(hall.url, 'GET', '/api/admin/users', { token: admin });
    expect(after.body.users.map((u: { username: string }) => u.username)).not.toContain('lina');

    for (const bad of ['0123456789012', '01-23', '工号', 123]) {
      const refused = await createClerk('lina', bad);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
      expect(refused.body.error.details.problems[0].path).toBe('staffNumber');
    }
    const malformed = await createClerk('lina', '01-23');
    expect(malformed.body.error.details.problems[0].message).toContain('1–12 位数字或字母');

    const lina = await createClerk('lina', 'gw07');
    expect(lina.body.user.staffNumber).toBe('GW07'); // letters kept upper-case
    const id = lina.body.user.id as string;

    const clash = await api(hall.url, 'PATCH', `/api/admin/users/${id}`, {
      token: admin,
      body: { staffNumber: '0123' },
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('STAFF_NUMBER_TAKEN');

    // Keeping one's own number is not a clash.
    const same = await api(hall.url, 'PATCH', `/api/admin/users/${id}`, {
      token: admin,
      body: { staffNumber: 'GW07', displayName: '李娜' },
    });
    expect(same.status).toBe(200);
    expect(same.body.user).toMatchObject({ staffNumber: 'GW07', displayName: '李娜' });

    const cleared = await api(hall.url, 'PATCH', `/api/admin/users/${id}`, {
      token: admin,
      body: { staffNumber: null },
    });
    expect(cleared.body.user.staffNumber).toBeNull();
    // A cleared number is free for someone else.
    const reused = await api(hall.url, 'PATCH', `/api/admin/users/${id}`, {
      token: admin,
      body: { staffNumber: ' 0456 ' },
    });
    expect(reused.body.user.staffNumber).toBe('0456');

    const audit = await api(hall.url, 'GET', '/api/audit?limit=20', { token: admin });
    const update = audit.body.entries.find(
      (e: { action: string; after: Record<string, unknown> | null }) =>
        e.action === 'user.update' && e.after?.staffNumber === '0456',
    );
    expect(update.before).toEqual({ staffNumber: null });
  });

  test('the window view carries the masked name and the 工号 from login to logout, live on sockets', async () => {
    const board = connectSocket(hall.url);
    const heard = collectEvents(board);
    await until(() => heard.some((e) => e.name === 'hall.snapshot'));

    const clerk = await login(hall.url, 'wangfang', 'w1');
    const status = () =>
      heard.find((e) => e.name === 'window.status' && e.payload.window.id === 'w1')?.payload as
        Extract<PublicEvent, { type: 'window.status' }> | undefined;
    await until(() => status() !== undefined);
    const pushed = status()!;
    expect(pushed.window).toMatchObject({ clerkName: '王*', staffNumber: '0123' });
    expect(await windowOf('w1')).toMatchObject({ clerkName: '王*', staffNumber: '0123' });

    // A clerk without a 工号 shows only the name.
    createStaff(hall, 'zhangsan', 'clerk', '张三');
    await login(hall.url, 'zhangsan', 'w2');
    expect(await windowOf('w2')).toMatchObject({ clerkName: '张*', staffNumber: null });

    await api(hall.url, 'POST', '/api/auth/logout', { token: clerk });
    expect(await windowOf('w1')).toMatchObject({ clerkName: null, staffNumber: null });
    board.close();
  });

  test('a restart keeps the 工号 of an open window', async () => {
    await login(hall.url, 'wangfang', 'w1');
    const dataDir = hall.dataDir;
    await hall.server.close();
    hall = await startTestHall({ hall: smallHall(), dataDir, clock: hall.clock });
    expect(await windowOf('w1')).toMatchObject({ clerkName: '王*', staffNumber: '0123' });
  });
});
