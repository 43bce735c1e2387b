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
  type TestHall,
} from '../helpers/hall-server';

/** Clerks move between windows, leave without logging out, and guides tidy up after them. */
describe('windows and clerk sessions', () => {
  let hall: TestHall;
  let guide: string;
  let kiosk: string;

  beforeAll(async () => {
    hall = await startTestHall();
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'guide1', 'guide');
    createStaff(hall, 'wang', 'clerk', '王芳');
    createStaff(hall, 'li', 'clerk', '李娜');
    const admin = await login(hall.url, 'boss');
    kiosk = await enrollKiosk(hall, admin);
    guide = await login(hall.url, 'guide1');
  });
  afterAll(() => hall.server.close());

  const windowStatus = async (id: string) =>
    (await api(hall.url, 'GET', `/api/windows/${id}`)).body.window;

  test('a clerk who logs in at another window leaves the first one closed', async () => {
    const first = await login(hall.url, 'wang', 'w02');
    expect((await windowStatus('w02')).status).toBe('idle');
    const socket = connectSocket(hall.url, { token: first });
    await nextEvent(socket, 'hall.snapshot');
    const dropped = nextEvent(socket, 'disconnect');
    await login(hall.url, 'wang', 'w03');
    // The console left open at the old window is cut off too.
    expect(await dropped).toBe('io server disconnect');
    expect((await windowStatus('w02')).status).toBe('closed');
    expect((await windowStatus('w03')).status).toBe('idle');
    // The old session no longer works at all: it belonged to the window left behind.
    expect((await api(hall.url, 'POST', '/api/windows/w02/next', { token: first })).status).toBe(
      401,
    );
  });

  test('a stale session never closes a colleague’s window on logout', async () => {
    const a1 = await login(hall.url, 'wang', 'w04');
    const a2 = await login(hall.url, 'wang', 'w04');
    expect((await api(hall.url, 'POST', '/api/auth/logout', { token: a2 })).status).toBe(200);
    expect((await windowStatus('w04')).status).toBe('closed');
    await login(hall.url, 'li', 'w04');
    expect((await api(hall.url, 'POST', '/api/auth/logout', { token: a1 })).status).toBe(200);
    const after = await windowStatus('w04');
    expect(after.status).toBe('idle');
    expect(after.clerkName).toBe('李*');
  });

  test('while its clerk is still logged in, another clerk gets WINDOW_TAKEN', async () => {
    await login(hall.url, 'wang', 'w06');
    const res = await api(hall.url, 'POST', '/api/auth/login', {
      body: { username: 'li', password: 'password-123', windowId: 'w06' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('WINDOW_TAKEN');
  });

  test('a guide closes a window its clerk left open; the clerk’s session ends', async () => {
    const clerk = await login(hall.url, 'wang', 'w07');
    const socket = connectSocket(hall.url, { token: clerk });
    await nextEvent(socket, 'hall.snapshot');
    const closedLive = nextEvent(socket, 'disconnect');
    const res = await api(hall.url, 'POST', '/api/windows/w07/close', { token: guide });
    expect(res.status).toBe(200);
    expect(res.body.window.status).toBe('closed');
    expect(await closedLive).toBe('io server disconnect');
    expect((await api(hall.url, 'GET', '/api/auth/me', { token: clerk })).status).toBe(401);
    const byKiosk = await api(hall.url, 'POST', '/api/windows/w08/close', { token: kiosk });
    expect(byKiosk.status).toBe(403);
  });

  test('a guide cannot close a window with a citizen at it', async () => {
    const clerk = await login(hall.url, 'li', 'w09');
    await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'social-insurance', channel: 'kiosk' },
    });
    expect((await api(hall.url, 'POST', '/api/windows/w09/next', { token: clerk })).status).toBe(
      200,
    );
    const res = await api(hall.url, 'POST', '/api/windows/w09/close', { token: guide });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('WINDOW_BUSY');
    // Nor can the clerk move to another window until the citizen is served.
    const moving = await api(hall.url, 'POST', '/api/auth/login', {
      body: { username: 'li', password: 'password-123', windowId: 'w12' },
    });
    expect(moving.status).toBe(409);
    expect(moving.body.error).toMatchObject({ code: 'WINDOW_BUSY', details: { windowId: 'w09' } });
    await api(hall.url, 'POST', '/api/windows/w09/finish', { token: clerk });
  });

  test('cancelling a called ticket tells the boards which window is free again', async () => {
    const clerk = await login(hall.url, 'wang', 'w10');
    const issued = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'social-insurance', channel: 'kiosk' },
    });
    await api(hall.url, 'POST', '/api/windows/w10/next', { token: clerk });
    const socket = connectSocket(hall.url);
    const received = collectEvents(socket);
    await until(() => received.some((e) => e.name === 'hall.snapshot'));
    await api(hall.url, 'POST', `/api/tickets/${issued.body.id}/cancel`, {
      token: guide,
      body: { reason: '群众离开' },
    });
    await until(() => received.some((e) => e.name === 'ticket.cancelled'));
    const cancelled = received.find((e) => e.name === 'ticket.cancelled')?.payload;
    expect(cancelled).toMatchObject({
      number: issued.body.number,
      freedWindowId: 'w10',
      freedWindowNumber: 10,
    });
    expect((await windowStatus('w10')).status).toBe('idle');
    socket.close();
  });

  test('a transfer from a window names the window it left', async () => {
    const clerk = await login(hall.url, 'li', 'w11');
    await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'social-insurance', channel: 'kiosk' },
    });
    const socket = connectSocket(hall.url);
    await nextEvent(socket, 'hall.snapshot');
    const called = await api(hall.url, 'POST', '/api/windows/w11/next', { token: clerk });
    expect(called.status).toBe(200);
    const moved = nextEvent(socket, 'ticket.transferred');
    await api(hall.url, 'POST', '/api/windows/w11/transfer', {
      token: clerk,
      body: { windowId: 'w54' },
    });
    expect(await moved).toMatchObject({
      fromWindowId: 'w11',
      fromWindowNumber: 11,
      toWindowId: 'w54',
      toWindowNumber: 54,
    });
    socket.close();
  });

  test('a user name is taken once: 409 USERNAME_TAKEN', async () => {
    const admin = await login(hall.url, 'boss');
    const body = {
      username: 'zhao',
      displayName: '赵敏',
      role: 'clerk',
      password: 'long-enough-1',
    };
    expect((await api(hall.url, 'POST', '/api/users', { token: admin, body })).status).toBe(201);
    const again = await api(hall.url, 'POST', '/api/users', { token: admin, body });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('USERNAME_TAKEN');
  });

  test('guessing enrollment codes is rate limited', async () => {
    let last = 0;
    for (let i = 0; i < 11; i += 1) {
      const res = await api(hall.url, 'POST', '/api/devices/enroll', {
        body: { code: String(10_000_000 + i) },
      });
      last = res.status;
      if (i < 10) expect(res.body.error.code).toBe('ENROLLMENT_CODE_INVALID');
    }
    expect(last).toBe(429);
  });
  test('a window left open by a clerk whose session expired can be taken over', async () => {
    await login(hall.url, 'wang', 'w05');
    hall.clock.advance(13 * 60); // sessions last 12 hours
    guide = await login(hall.url, 'guide1');
    await login(hall.url, 'li', 'w05');
    expect((await windowStatus('w05')).clerkName).toBe('李*');
  });
});

describe('临时受理 over the API', () => {
  test('a guide lets the hotline window take deed tax; its clerk then calls a deed-tax ticket', async () => {
    const hall = await startTestHall();
    try {
      createStaff(hall, 'boss', 'admin');
      createStaff(hall, 'guide1', 'guide');
      createStaff(hall, 'zhou', 'clerk', '周敏');
      const kiosk = await enrollKiosk(hall, await login(hall.url, 'boss'));
      const guide = await login(hall.url, 'guide1');
      const clerk = await login(hall.url, 'zhou', 'w53');
      const issued = await api(hall.url, 'POST', '/api/tickets', {
        token: kiosk,
        body: { serviceId: 'deed-tax', channel: 'kiosk' },
      });
      expect((await api(hall.url, 'POST', '/api/windows/w53/next', { token: clerk })).status).toBe(
        204,
      );
      const widened = await api(hall.url, 'POST', '/api/windows/w53/extra-services', {
        token: guide,
        body: { serviceIds: ['deed-tax'] },
      });
      expect(widened.body.window.extraServices).toEqual(['deed-tax']);
      const byClerk = await api(hall.url, 'POST', '/api/windows/w53/extra-services', {
        token: clerk,
        body: { serviceIds: [] },
      });
      expect(byClerk.status).toBe(403);
      const called = await api(hall.url, 'POST', '/api/windows/w53/next', { token: clerk });
      expect(called.body.ticket.id).toBe(issued.body.id);
    } finally {
      await hall.server.close();
    }
  });
});
