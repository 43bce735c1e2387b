import { io as connect, type Socket } from 'socket.io-client';
import type { ErrorCode } from '../../shared/src/domain';
import {
  api,
  connectSocket,
  createStaff,
  enrollKiosk,
  login,
  startTestHall,
  type ApiResponse,
  type HallSocket,
  type TestHall,
} from '../helpers/hall-server';

/** Who may do what: window actions, issuing, devices, logins, headers and origins. */

let hall: TestHall;
const sockets: Socket[] = [];

/** Closes a socket and waits until its engine is closed too (polling drains a packet first). */
function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const engine = socket.io.engine;
    if (!engine || engine.readyState === 'closed') {
      socket.close();
      resolve();
      return;
    }
    const timer = setTimeout(resolve, 2000);
    engine.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.close();
  });
}

async function seq(): Promise<number> {
  return (await api(hall.url, 'GET', '/api/health')).body.seq as number;
}

function expectRefused(res: ApiResponse, status: number, code: ErrorCode): void {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(res.body.error.messageZh).toMatch(/[\u4e00-\u9fff]/);
  expect(res.body.error.messageEn).toMatch(/[A-Za-z]{3,}/);
}

function connected(socket: HallSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not connected')), 3000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function refused(socket: {
  once(event: string, listener: (...args: any[]) => void): unknown;
}): Promise<Error> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no connect_error')), 3000);
    socket.once('connect', () => {
      clearTimeout(timer);
      reject(new Error('connected'));
    });
    socket.once('connect_error', (error: Error) => {
      clearTimeout(timer);
      resolve(error);
    });
  });
}

async function createDevice(
  adminToken: string,
  body: Record<string, unknown>,
): Promise<{ id: string; code: string }> {
  const res = await api(hall.url, 'POST', '/api/devices', { token: adminToken, body });
  expect(res.status).toBe(201);
  return res.body;
}

async function enroll(code: string): Promise<string> {
  const res = await api(hall.url, 'POST', '/api/devices/enroll', { body: { code } });
  expect(res.status).toBe(201);
  return res.body.token as string;
}

type TokenName = 'admin' | 'guide' | 'clerk1' | 'clerk2' | 'kiosk' | 'caller' | 'revokedCaller';
const tokens = {} as Record<TokenName, string>;

beforeAll(async () => {
  hall = await startTestHall();
  createStaff(hall, 'admin1', 'admin');
  createStaff(hall, 'guide1', 'guide');
  createStaff(hall, 'clerk1', 'clerk', '王小明');
  createStaff(hall, 'clerk2', 'clerk', '李四');
  tokens.admin = await login(hall.url, 'admin1');
  tokens.guide = await login(hall.url, 'guide1');
  tokens.clerk1 = await login(hall.url, 'clerk1', 'w01');
  tokens.clerk2 = await login(hall.url, 'clerk2', 'w02');
  tokens.kiosk = await enrollKiosk(hall, tokens.admin);
  const caller = await createDevice(tokens.admin, {
    kind: 'caller',
    name: '1号窗口呼叫器',
    windowId: 'w01',
  });
  tokens.caller = await enroll(caller.code);
  const revoked = await createDevice(tokens.admin, {
    kind: 'caller',
    name: '旧呼叫器',
    windowId: 'w01',
  });
  tokens.revokedCaller = await enroll(revoked.code);
  expect(
    (await api(hall.url, 'DELETE', `/api/devices/${revoked.id}`, { token: tokens.admin })).status,
  ).toBe(200);
  for (let i = 0; i < 6; i += 1) {
    const issued = await api(hall.url, 'POST', '/api/tickets', {
      token: tokens.kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });
    expect(issued.status).toBe(201);
  }
});

afterEach(async () => {
  await Promise.all(sockets.splice(0).map(closeSocket));
});

afterAll(async () => {
  await hall?.server.close();
});

// ---- window actions × principals ----------------------------------------------------

const ACTIONS: { action: string; body?: unknown }[] = [
  { action: 'next' },
  { action: 'recall' },
  { action: 'start' },
  { action: 'finish' },
  { action: 'no-show' },
  { action: 'transfer', body: { serviceId: 'tax' } },
  { action: 'pause', body: { reason: '业务培训' } },
  { action: 'resume' },
  { action: 'extended', body: { on: true } },
];

type Expected = 'allowed' | { status: number; code: ErrorCode };

// prettier-ignore
const PRINCIPALS: { who: string; token?: TokenName; windowId: string; expected: Expected }[] = [
  { who: 'anonymous', windowId: 'w01', expected: { status: 401, code: 'UNAUTHENTICATED' } },
  { who: 'a kiosk', token: 'kiosk', windowId: 'w01', expected: { status: 403, code: 'FORBIDDEN' } },
  { who: 'a guide', token: 'guide', windowId: 'w01', expected: { status: 403, code: 'FORBIDDEN' } },
  { who: 'an admin', token: 'admin', windowId: 'w01', expected: { status: 403, code: 'FORBIDDEN' } },
  { who: 'the clerk of w01 at w01', token: 'clerk1', windowId: 'w01', expected: 'allowed' },
  { who: 'the clerk of w01 at w02', token: 'clerk1', windowId: 'w02', expected: { status: 403, code: 'NOT_YOUR_WINDOW' } },
  { who: 'the caller of w01 at w01', token: 'caller', windowId: 'w01', expected: 'allowed' },
  { who: 'the caller of w01 at w02', token: 'caller', windowId: 'w02', expected: { status: 403, code: 'NOT_YOUR_WINDOW' } },
  { who: 'a revoked caller of w01 at w01', token: 'revokedCaller', windowId: 'w01', expected: { status: 401, code: 'UNAUTHENTICATED' } },
];

const MATRIX = ACTIONS.flatMap(({ action, body }) =>
  PRINCIPALS.map((p) => [action, p.who, { ...p, action, body }] as const),
);

describe('window actions: only the clerk or caller of the window acts there', () => {
  test.each(MATRIX)('%s by %s', async (_action, _who, c) => {
    const before = await seq();
    const res = await api(hall.url, 'POST', `/api/windows/${c.windowId}/${c.action}`, {
      token: c.token ? tokens[c.token] : undefined,
      body: c.body,
    });
    expect(res.status).toBeLessThan(500);
    if (c.expected === 'allowed') {
      expect([401, 403]).not.toContain(res.status);
      if (res.status >= 400) expect(res.status).toBe(409);
    } else {
      expectRefused(res, c.expected.status, c.expected.code);
      expect(await seq()).toBe(before);
    }
  });

  test('the allowed principals really act: the clerk calls, the caller finishes', async () => {
    // Leave w01 open and idle whatever the matrix left it in.
    await api(hall.url, 'POST', '/api/windows/w01/resume', { token: tokens.clerk1 });
    await api(hall.url, 'POST', '/api/windows/w01/finish', { token: tokens.clerk1 });
    const called = await api(hall.url, 'POST', '/api/windows/w01/next', { token: tokens.clerk1 });
    expect(called.status).toBe(200);
    expect(called.body.ticket.status).toBe('called');
    const finished = await api(hall.url, 'POST', '/api/windows/w01/finish', {
      token: tokens.caller,
    });
    expect(finished.status).toBe(200);
    expect(finished.body.ticket.status).toBe('done');
  });
});

// ---- issuing ----------------------------------------------------------------------------

describe('issuing tickets', () => {
  test.each([
    ['a kiosk, channel kiosk', 'kiosk', { channel: 'kiosk' }, 201, null],
    [
      'a guide, channel guide with priority',
      'guide',
      { channel: 'guide', priority: 'elderly' },
      201,
      'elderly',
    ],
    [
      'a guide, channel online with priority',
      'guide',
      { channel: 'online', priority: 'disabled' },
      201,
      'disabled',
    ],
    [
      'a guide, channel appointment with priority',
      'guide',
      { channel: 'appointment', priority: 'military' },
      201,
      'military',
    ],
    [
      'an admin, channel guide with priority',
      'admin',
      { channel: 'guide', priority: 'pregnant' },
      201,
      'pregnant',
    ],
    ['an admin, channel online', 'admin', { channel: 'online' }, 201, null],
    ['an admin, channel appointment', 'admin', { channel: 'appointment' }, 201, 'appointment'],
  ] as const)('%s may issue', async (_name, who, body, status, priority) => {
    const res = await api(hall.url, 'POST', '/api/tickets', {
      token: tokens[who],
      body: { serviceId: 'real-estate', ...body },
    });
    expect(res.status).toBe(status);
    expect(res.body.priority).toBe(priority);
    expect(res.body.number).toMatch(/^D\d{3}$/);
  });

  test.each([
    [
      'a kiosk setting priority',
      'kiosk',
      { channel: 'kiosk', priority: 'elderly' },
      403,
      'FORBIDDEN',
    ],
    [
      'a kiosk setting priority on an appointment',
      'kiosk',
      { channel: 'appointment', priority: 'military' },
      403,
      'FORBIDDEN',
    ],
    [
      'a kiosk, channel appointment without a booking',
      'kiosk',
      { channel: 'appointment' },
      403,
      'FORBIDDEN',
    ],
    ['a kiosk, channel guide', 'kiosk', { channel: 'guide' }, 403, 'FORBIDDEN'],
    ['a kiosk, channel online', 'kiosk', { channel: 'online' }, 403, 'FORBIDDEN'],
    ['a guide, channel kiosk', 'guide', { channel: 'kiosk' }, 403, 'FORBIDDEN'],
    ['an admin, channel kiosk', 'admin', { channel: 'kiosk' }, 403, 'FORBIDDEN'],
    ['a clerk', 'clerk1', { channel: 'guide' }, 403, 'FORBIDDEN'],
    ['a caller', 'caller', { channel: 'kiosk' }, 403, 'FORBIDDEN'],
    ['a revoked caller', 'revokedCaller', { channel: 'kiosk' }, 401, 'UNAUTHENTICATED'],
    ['anonymous', undefined, { channel: 'kiosk' }, 401, 'UNAUTHENTICATED'],
  ] as const)('%s may not issue', async (_name, who, body, status, code) => {
    const before = await seq();
    const res = await api(hall.url, 'POST', '/api/tickets', {
      token: who ? tokens[who] : undefined,
      body: { serviceId: 'real-estate', ...body },
    });
    expectRefused(res, status, code);
    expect(await seq()).toBe(before);
  });
});

// ---- devices ----------------------------------------------------------------------------

describe('devices', () => {
  test.each([
    ['anonymous', undefined, 401, 'UNAUTHENTICATED'],
    ['a guide', 'guide', 403, 'FORBIDDEN'],
    ['a clerk', 'clerk1', 403, 'FORBIDDEN'],
    ['a kiosk', 'kiosk', 403, 'FORBIDDEN'],
    ['a caller', 'caller', 403, 'FORBIDDEN'],
  ] as const)('%s may not create, list or revoke devices', async (_name, who, status, code) => {
    const token = who ? tokens[who] : undefined;
    const countBefore = (await api(hall.url, 'GET', '/api/devices', { token: tokens.admin })).body
      .devices.length;
    expectRefused(
      await api(hall.url, 'POST', '/api/devices', {
        token,
        body: { kind: 'kiosk', name: '冒名取号机' },
      }),
      status,
      code,
    );
    expectRefused(await api(hall.url, 'GET', '/api/devices', { token }), status, code);
    const victim = (
      await api(hall.url, 'GET', '/api/devices', { token: tokens.admin })
    ).body.devices.find((d: { revokedAt: string | null }) => d.revokedAt === null);
    expectRefused(
      await api(hall.url, 'DELETE', `/api/devices/${victim.id}`, { token }),
      status,
      code,
    );
    const after = (await api(hall.url, 'GET', '/api/devices', { token: tokens.admin })).body
      .devices;
    expect(after).toHaveLength(countBefore);
    expect(after.find((d: { id: string }) => d.id === victim.id).revokedAt).toBeNull();
  });

  test('an admin creates, lists and revokes; revoking twice is 404', async () => {
    const created = await createDevice(tokens.admin, { kind: 'hall-board', name: '大厅综合屏' });
    expect(created.code).toMatch(/^\d{8}$/);
    const list = await api(hall.url, 'GET', '/api/devices', { token: tokens.admin });
    expect(list.status).toBe(200);
    expect(list.body.devices.map((d: { id: string }) => d.id)).toContain(created.id);
    expect(
      (await api(hall.url, 'DELETE', `/api/devices/${created.id}`, { token: tokens.admin })).status,
    ).toBe(200);
    expectRefused(
      await api(hall.url, 'DELETE', `/api/devices/${created.id}`, { token: tokens.admin }),
      404,
      'NOT_FOUND',
    );
    // Its code died with it.
    expectRefused(
      await api(hall.url, 'POST', '/api/devices/enroll', { body: { code: created.code } }),
      401,
      'ENROLLMENT_CODE_INVALID',
    );
  });

  test('an enrollment code works once', async () => {
    const created = await createDevice(tokens.admin, {
      kind: 'window-screen',
      name: '3号窗口屏',
      windowId: 'w03',
    });
    const first = await api(hall.url, 'POST', '/api/devices/enroll', {
      body: { code: created.code },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      deviceId: created.id,
      kind: 'window-screen',
      windowId: 'w03',
    });
    const second = await api(hall.url, 'POST', '/api/devices/enroll', {
      body: { code: created.code },
    });
    expectRefused(second, 401, 'ENROLLMENT_CODE_INVALID');
    // The first token still works.
    const me = await api(hall.url, 'GET', '/api/auth/me', { token: first.body.token });
    expect(me.body).toMatchObject({ kind: 'device', deviceId: created.id });
  });

  test('an enrollment code expires after 30 minutes', async () => {
    const created = await createDevice(tokens.admin, { kind: 'kiosk', name: '2号取号机' });
    hall.clock.advance(31);
    expectRefused(
      await api(hall.url, 'POST', '/api/devices/enroll', { body: { code: created.code } }),
      401,
      'ENROLLMENT_CODE_INVALID',
    );
  });

  test('a revoked device: 401 on HTTP, its live socket dropped, no reconnecting', async () => {
    const created = await createDevice(tokens.admin, {
      kind: 'rating-pad',
      name: '1号评价器',
      windowId: 'w01',
    });
    const token = await enroll(created.code);
    const other = await createDevice(tokens.admin, {
      kind: 'rating-pad',
      name: '2号评价器',
      windowId: 'w02',
    });
    const otherToken = await enroll(other.code);

    const socket = connectSocket(hall.url, { token });
    const bystander = connectSocket(hall.url, { token: otherToken });
    sockets.push(socket, bystander);
    await Promise.all([connected(socket), connected(bystander)]);
    const dropped = new Promise<string>((resolve) =>
      socket.once('disconnect', (reason) => resolve(reason)),
    );

    expect(
      (await api(hall.url, 'DELETE', `/api/devices/${created.id}`, { token: tokens.admin })).status,
    ).toBe(200);
    expect(await dropped).toBe('io server disconnect');
    expectRefused(await api(hall.url, 'GET', '/api/auth/me', { token }), 401, 'UNAUTHENTICATED');
    expectRefused(await api(hall.url, 'GET', '/api/hall', { token }), 401, 'UNAUTHENTICATED');

    const again = connectSocket(hall.url, { token });
    sockets.push(again);
    expect((await refused(again)).message).toBe('UNAUTHENTICATED');
    // Another device is untouched.
    expect(bystander.connected).toBe(true);
    expect((await api(hall.url, 'GET', '/api/auth/me', { token: otherToken })).status).toBe(200);
  });
});

// ---- logins -----------------------------------------------------------------------------

describe('logins', () => {
  test('a wrong password is 401 LOGIN_FAILED, as is an unknown user', async () => {
    expectRefused(
      await api(hall.url, 'POST', '/api/auth/login', {
        body: { username: 'guide1', password: 'wrong-password' },
      }),
      401,
      'LOGIN_FAILED',
    );
    expectRefused(
      await api(hall.url, 'POST', '/api/auth/login', {
        body: { username: 'ghost', password: 'password-123' },
      }),
      401,
      'LOGIN_FAILED',
    );
  });

  test('after 10 failures from one address for one user, even the right password is refused for 5 minutes', async () => {
    createStaff(hall, 'limited', 'guide');
    createStaff(hall, 'neighbour', 'guide');
    for (let i = 0; i < 10; i += 1) {
      const res = await api(hall.url, 'POST', '/api/auth/login', {
        body: { username: 'limited', password: `guess-${i}` },
      });
      expectRefused(res, 401, 'LOGIN_FAILED');
    }
    const right = await api(hall.url, 'POST', '/api/auth/login', {
      body: { username: 'limited', password: 'password-123' },
    });
    expectRefused(right, 429, 'LOGIN_RATE_LIMITED');
    expect(right.body.token).toBeUndefined();
    // The limit is per user (and address): another user logs in.
    expect(await login(hall.url, 'neighbour')).toEqual(expect.any(String));
    hall.clock.advance(4);
    expectRefused(
      await api(hall.url, 'POST', '/api/auth/login', {
        body: { username: 'limited', password: 'password-123' },
      }),
      429,
      'LOGIN_RATE_LIMITED',
    );
    hall.clock.advance(2);
    expect(await login(hall.url, 'limited')).toEqual(expect.any(String));
  });

  test('a clerk without a windowId is 400 WINDOW_REQUIRED', async () => {
    createStaff(hall, 'clerk-nowin', 'clerk');
    const before = await seq();
    const res = await api(hall.url, 'POST', '/api/auth/login', {
      body: { username: 'clerk-nowin', password: 'password-123' },
    });
    expectRefused(res, 400, 'WINDOW_REQUIRED');
    expect(res.body.token).toBeUndefined();
    expect(await seq()).toBe(before);
  });

  test('a second clerk on an occupied window is 409 WINDOW_TAKEN', async () => {
    createStaff(hall, 'clerk-late', 'clerk', '迟到');
    const before = await seq();
    const res = await api(hall.url, 'POST', '/api/auth/login', {
      body: { username: 'clerk-late', password: 'password-123', windowId: 'w02' },
    });
    expectRefused(res, 409, 'WINDOW_TAKEN');
    expect(res.body.token).toBeUndefined();
    expect(await seq()).toBe(before);
    // clerk2 still holds w02.
    expect(
      (await api(hall.url, 'POST', '/api/windows/w02/resume', { token: tokens.clerk2 })).body.error
        .code,
    ).toBe('WINDOW_NOT_PAUSED');
  });

  test('logout closes the clerk window, drops the clerk socket, and the token stops working', async () => {
    createStaff(hall, 'clerk5', 'clerk', '周五');
    const token = await login(hall.url, 'clerk5', 'w05');
    expect((await api(hall.url, 'GET', '/api/windows/w05')).body.window.status).toBe('idle');
    const socket = connectSocket(hall.url, { token });
    sockets.push(socket);
    await connected(socket);
    const dropped = new Promise<string>((resolve) =>
      socket.once('disconnect', (reason) => resolve(reason)),
    );

    const out = await api(hall.url, 'POST', '/api/auth/logout', { token });
    expect(out.status).toBe(200);
    expect((await api(hall.url, 'GET', '/api/windows/w05')).body.window.status).toBe('closed');
    expect(await dropped).toBe('io server disconnect');
    expectRefused(await api(hall.url, 'GET', '/api/auth/me', { token }), 401, 'UNAUTHENTICATED');
    expectRefused(
      await api(hall.url, 'POST', '/api/windows/w05/next', { token }),
      401,
      'UNAUTHENTICATED',
    );
    expectRefused(
      await api(hall.url, 'POST', '/api/auth/logout', { token }),
      401,
      'UNAUTHENTICATED',
    );
  });

  test('logout with a citizen still at the window is refused and changes nothing', async () => {
    createStaff(hall, 'clerk7', 'clerk', '孙七');
    const token = await login(hall.url, 'clerk7', 'w03');
    await api(hall.url, 'POST', '/api/tickets', {
      token: tokens.kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });
    expect((await api(hall.url, 'POST', '/api/windows/w03/next', { token })).status).toBe(200);
    const before = await seq();
    expectRefused(await api(hall.url, 'POST', '/api/auth/logout', { token }), 409, 'WINDOW_BUSY');
    expect(await seq()).toBe(before);
    expect((await api(hall.url, 'GET', '/api/auth/me', { token })).status).toBe(200);
    expect((await api(hall.url, 'GET', '/api/windows/w03')).body.window.status).toBe('calling');
  });

  test('a stale session of a clerk may not act at the window another clerk now holds', async () => {
    createStaff(hall, 'clerk-a', 'clerk', '甲');
    createStaff(hall, 'clerk-b', 'clerk', '乙');
    const first = await login(hall.url, 'clerk-a', 'w04');
    const second = await login(hall.url, 'clerk-a', 'w04');
    expect((await api(hall.url, 'POST', '/api/auth/logout', { token: first })).status).toBe(200);
    const b = await login(hall.url, 'clerk-b', 'w04');
    await api(hall.url, 'POST', '/api/tickets', {
      token: tokens.kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });

    const before = await seq();
    for (const action of ['next', 'pause', 'extended']) {
      const body =
        action === 'pause' ? { reason: '接管' } : action === 'extended' ? { on: true } : undefined;
      expectRefused(
        await api(hall.url, 'POST', `/api/windows/w04/${action}`, { token: second, body }),
        403,
        'NOT_YOUR_WINDOW',
      );
    }
    expect(await seq()).toBe(before);
    expect((await api(hall.url, 'POST', '/api/windows/w04/next', { token: b })).status).toBe(200);
  });
});

// ---- headers and origins ------------------------------------------------------------------

describe('headers', () => {
  test.each(['/api/health', '/api/nope', '/kiosk'])(
    '%s carries helmet headers and no x-powered-by',
    async (path) => {
      const res = await fetch(`${hall.url}${path}`);
      await res.text();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-powered-by')).toBeNull();
    },
  );
});

describe('socket.io origins', () => {
  const EVIL = 'http://evil.example';

  test('a polling handshake from another site is 403', async () => {
    const evil = await fetch(`${hall.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: EVIL },
    });
    expect(evil.status).toBe(403);
    await evil.text();
    const sameSite = await fetch(`${hall.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: hall.url },
    });
    expect(sameSite.status).toBe(200);
    expect(await sameSite.text()).toContain('"sid"');
    const nullOrigin = await fetch(`${hall.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'null' },
    });
    expect(nullOrigin.status).toBe(403);
    await nullOrigin.text();
  });

  test.each(['polling', 'websocket'] as const)(
    'socket.io-client over %s with a foreign Origin gets connect_error',
    async (transport) => {
      const socket = connect(hall.url, {
        transports: [transport],
        extraHeaders: { origin: EVIL },
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      await refused(socket);
      expect(socket.connected).toBe(false);
    },
  );

  test('socket.io-client over polling without an Origin (not a browser) connects', async () => {
    const socket: HallSocket = connect(hall.url, {
      transports: ['polling'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await connected(socket);
  });
});
