import fs from 'node:fs';
import path from 'node:path';
import {
  api,
  connectSocket,
  createStaff,
  enrollKiosk,
  login,
  nextEvent,
  startTestHall,
  testIdNumber,
  type HallSocket,
  type TestHall,
} from '../helpers/hall-server';

/**
 * The whole path of a ticket through a real server, a real SQLite file and a real
 * socket.io client: kiosk issue → clerk call → recall → start → finish, with every
 * change pushed live.
 */
describe('a ticket from the kiosk to the window', () => {
  let hall: TestHall;
  let kiosk: string;
  let guide: string;
  let clerk1: string;
  let socket: HallSocket;

  beforeAll(async () => {
    hall = await startTestHall();
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'guide1', 'guide', '导服员');
    createStaff(hall, 'clerk1', 'clerk', '王芳');
    createStaff(hall, 'clerk2', 'clerk', '李娜');
    const admin = await login(hall.url, 'boss');
    kiosk = await enrollKiosk(hall, admin);
    guide = await login(hall.url, 'guide1');
    clerk1 = await login(hall.url, 'clerk1', 'w01');
    socket = connectSocket(hall.url);
    await nextEvent(socket, 'hall.snapshot');
  });

  afterAll(async () => {
    socket.close();
    await hall.server.close();
  });

  test('health and the hall snapshot describe the reference hall', async () => {
    const health = await api(hall.url, 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.ok).toBe(true);
    const snapshot = await api(hall.url, 'GET', '/api/hall');
    expect(snapshot.body.windows).toHaveLength(55);
    expect(snapshot.body.services).toHaveLength(20);
    const tax = snapshot.body.services.find((s: { id: string }) => s.id === 'tax');
    expect(tax).toMatchObject({ name: '税务', prefix: 'A', waiting: 0 });
    const w01 = snapshot.body.windows.find((w: { id: string }) => w.id === 'w01');
    expect(w01).toMatchObject({ number: 1, status: 'idle', clerkName: '王*' });
    expect(typeof snapshot.body.seq).toBe('number');
  });

  test('a kiosk issues numbered tickets with people ahead and a wait estimate, pushed live', async () => {
    const issuedLive = nextEvent(socket, 'ticket.issued');
    const queueLive = nextEvent(socket, 'queue.changed');
    const first = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      number: 'A001',
      serviceId: 'tax',
      serviceName: '税务',
      ahead: 0,
    });
    expect(first.body.windowNumbers).toEqual(expect.arrayContaining([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(first.body.materials.length).toBeGreaterThan(0);
    expect(first.body.statusPath).toBe(`/t/${first.body.id}`);
    const pushed = await issuedLive;
    expect(pushed).toMatchObject({ type: 'ticket.issued', number: 'A001', serviceId: 'tax' });
    expect((await queueLive).services.find((s: { id: string }) => s.id === 'tax').waiting).toBe(1);

    const second = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });
    expect(second.body).toMatchObject({ number: 'A002', ahead: 1 });
    expect(second.body.estimatedWaitMinutes).toBeGreaterThan(0);
    const other = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'real-estate', channel: 'kiosk' },
    });
    expect(other.body.number).toBe('D001');
  });

  test('a retried request with the same requestId gets the same ticket', async () => {
    const body = { serviceId: 'police', channel: 'kiosk', requestId: 'kiosk1-req-000001' };
    const first = await api(hall.url, 'POST', '/api/tickets', { token: kiosk, body });
    const again = await api(hall.url, 'POST', '/api/tickets', { token: kiosk, body });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.number).toBe(first.body.number);
  });

  test('an ID card gives the elderly priority, refuses a second ticket, and the number is never stored', async () => {
    const elderly = testIdNumber('1950-03-15');
    const issued = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'social-insurance', channel: 'kiosk', idNumber: elderly },
    });
    expect(issued.status).toBe(201);
    expect(issued.body.priority).toBe('elderly');
    const twice = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'social-insurance', channel: 'kiosk', idNumber: elderly },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ALREADY_HAS_TICKET');
    expect(twice.body.error.details.number).toBe(issued.body.number);
    const young = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: {
        serviceId: 'social-insurance',
        channel: 'kiosk',
        idNumber: testIdNumber('1990-01-01'),
      },
    });
    expect(young.body.priority).toBeNull();
    const wrongCheck = elderly.slice(0, 17) + (elderly[17] === '1' ? '2' : '1');
    const refused = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'social-insurance', channel: 'kiosk', idNumber: wrongCheck },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('ID_NUMBER_CHECK_DIGIT');
    // Neither the database, its WAL, nor anything else in the data folder holds the number.
    hall.server.db.pragma('wal_checkpoint(PASSIVE)');
    for (const file of fs.readdirSync(hall.dataDir)) {
      const bytes = fs.readFileSync(path.join(hall.dataDir, file));
      expect(bytes.includes(Buffer.from(elderly))).toBe(false);
      expect(bytes.includes(Buffer.from(elderly, 'utf16le'))).toBe(false);
    }
  });

  test('a clerk calls, recalls, starts and finishes; displays hear each step', async () => {
    const called = nextEvent(socket, 'ticket.called');
    const next = await api(hall.url, 'POST', '/api/windows/w01/next', { token: clerk1 });
    expect(next.status).toBe(200);
    expect(next.body.ticket).toMatchObject({
      number: 'A001',
      status: 'called',
      window: { id: 'w01', number: 1 },
    });
    expect(await called).toMatchObject({ number: 'A001', windowNumber: 1, windowName: '税务1' });

    const recalled = nextEvent(socket, 'ticket.recalled');
    expect((await api(hall.url, 'POST', '/api/windows/w01/recall', { token: clerk1 })).status).toBe(
      200,
    );
    expect(await recalled).toMatchObject({ number: 'A001', windowNumber: 1 });

    const busy = await api(hall.url, 'POST', '/api/windows/w01/next', { token: clerk1 });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('WINDOW_BUSY');

    hall.clock.advance(1);
    expect(
      (await api(hall.url, 'POST', '/api/windows/w01/start', { token: clerk1 })).body.ticket.status,
    ).toBe('serving');
    hall.clock.advance(9);
    const finished = nextEvent(socket, 'ticket.finished');
    const done = await api(hall.url, 'POST', '/api/windows/w01/finish', { token: clerk1 });
    expect(done.body.ticket.status).toBe('done');
    expect(await finished).toMatchObject({ number: 'A001' });
    const status = await api(hall.url, 'GET', `/api/tickets/${done.body.ticket.id}`);
    expect(status.body).toMatchObject({ number: 'A001', status: 'done', window: { number: 1 } });
  });

  test('no-show, return within grace, and a transfer that keeps the place in line', async () => {
    const called = await api(hall.url, 'POST', '/api/windows/w01/next', { token: clerk1 });
    expect(called.body.ticket.number).toBe('A002');
    const skipped = await api(hall.url, 'POST', '/api/windows/w01/no-show', { token: clerk1 });
    expect(skipped.body.ticket.status).toBe('no-show');
    hall.clock.advance(5);
    const back = await api(hall.url, 'POST', `/api/tickets/${called.body.ticket.id}/return`, {
      token: guide,
    });
    expect(back.status).toBe(200);
    expect(back.body.ticket.status).toBe('waiting');
    const again = await api(hall.url, 'POST', '/api/windows/w01/next', { token: clerk1 });
    expect(again.body.ticket.number).toBe('A002');
    // The tax clerk finds this citizen needs deed tax: 转交 keeps the number and the issue time.
    const moved = await api(hall.url, 'POST', '/api/windows/w01/transfer', {
      token: clerk1,
      body: { serviceId: 'deed-tax' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.ticket).toMatchObject({
      number: 'A002',
      serviceId: 'deed-tax',
      status: 'waiting',
      transfers: 1,
    });
    expect(moved.body.ticket.issuedAt).toBe(called.body.ticket.issuedAt);
    // Issued after it, a fresh deed-tax ticket queues behind the transferred one.
    const later = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'deed-tax', channel: 'kiosk' },
    });
    expect(later.body.ahead).toBe(1);
  });

  test('pause with a reason, resume, and 204 when nobody waits', async () => {
    const paused = await api(hall.url, 'POST', '/api/windows/w01/pause', {
      token: clerk1,
      body: { reason: '系统维护' },
    });
    expect(paused.body.window).toMatchObject({ status: 'paused', pauseReason: '系统维护' });
    const refused = await api(hall.url, 'POST', '/api/windows/w01/next', { token: clerk1 });
    expect(refused.body.error.code).toBe('WINDOW_PAUSED');
    await api(hall.url, 'POST', '/api/windows/w01/resume', { token: clerk1 });
    const clerk2 = await login(hall.url, 'clerk2', 'w53'); // the 12345 hotline window: nobody waits there
    const none = await api(hall.url, 'POST', '/api/windows/w53/next', { token: clerk2 });
    expect(none.status).toBe(204);
  });

  test('a guide issues with priority and diverts a waiting ticket; priority goes ahead', async () => {
    const normal = await api(hall.url, 'POST', '/api/tickets', {
      token: guide,
      body: { serviceId: 'gas', channel: 'guide' },
    });
    hall.clock.advance(2);
    const pregnant = await api(hall.url, 'POST', '/api/tickets', {
      token: guide,
      body: { serviceId: 'gas', channel: 'guide', priority: 'pregnant' },
    });
    expect(pregnant.body.ahead).toBe(0);
    const view = await api(hall.url, 'GET', `/api/tickets/${normal.body.id}`);
    expect(view.body.ahead).toBe(1);
    const diverted = await api(hall.url, 'POST', `/api/tickets/${normal.body.id}/divert`, {
      token: guide,
      body: { serviceId: 'water' },
    });
    expect(diverted.body.ticket).toMatchObject({
      serviceId: 'water',
      number: normal.body.number,
      status: 'waiting',
    });
  });

  test('outside the hours of issue the kiosk is refused with the reason', async () => {
    const saved = hall.clock.time;
    hall.clock.time = Date.UTC(2026, 10, 23, 4, 30); // 12:30 local: lunch
    const lunch = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });
    expect(lunch.status).toBe(409);
    expect(lunch.body.error.code).toBe('HALL_NOT_ISSUING');
    expect(lunch.body.error.details.phase).toBe('break');
    hall.clock.time = saved;
  });
});
