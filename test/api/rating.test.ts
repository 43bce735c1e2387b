import {
  api,
  collectEvents,
  connectSocket,
  createStaff,
  enrollKiosk,
  login,
  startTestHall,
  until,
  type TestHall,
} from '../helpers/hall-server';

/** 好差评 through the API: the window's rating pad, the citizen's phone, and who may not. */
describe('ratings', () => {
  let hall: TestHall;
  let kiosk: string;
  let clerk: string;
  let admin: string;

  beforeAll(async () => {
    hall = await startTestHall();
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'clerk1', 'clerk', '王芳');
    admin = await login(hall.url, 'boss');
    kiosk = await enrollKiosk(hall, admin);
    clerk = await login(hall.url, 'clerk1', 'w01');
  });
  afterAll(() => hall.server.close());

  async function serveOne(): Promise<string> {
    const issued = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });
    await api(hall.url, 'POST', '/api/windows/w01/next', { token: clerk });
    await api(hall.url, 'POST', '/api/windows/w01/finish', { token: clerk });
    return issued.body.id as string;
  }

  async function ratingPad(windowId: string): Promise<string> {
    const created = await api(hall.url, 'POST', '/api/devices', {
      token: admin,
      body: { kind: 'rating-pad', name: `${windowId} 评价器`, windowId },
    });
    return (
      await api(hall.url, 'POST', '/api/devices/enroll', { body: { code: created.body.code } })
    ).body.token;
  }

  test('the rating pad of the serving window rates once; boards hear it with a follow-up flag', async () => {
    const id = await serveOne();
    const pad = await ratingPad('w01');
    const socket = connectSocket(hall.url);
    const received = collectEvents(socket);
    await until(() => received.some((e) => e.name === 'hall.snapshot'));
    const rated = await api(hall.url, 'POST', `/api/tickets/${id}/rating`, {
      token: pad,
      body: { level: 'very-dissatisfied', reasons: ['efficiency'] },
    });
    expect(rated.status).toBe(201);
    expect(rated.body.ticket.rating).toBe('very-dissatisfied');
    await until(() => received.some((e) => e.name === 'ticket.rated'));
    expect(received.find((e) => e.name === 'ticket.rated')?.payload).toMatchObject({
      ticketId: id,
      windowNumber: 1,
      level: 'very-dissatisfied',
      followUp: true,
    });
    socket.close();
    const again = await api(hall.url, 'POST', `/api/tickets/${id}/rating`, {
      token: pad,
      body: { level: 'satisfied' },
    });
    expect(again.body.error.code).toBe('ALREADY_RATED');
  });

  test('another window’s pad may not rate it; the citizen may, from the status page', async () => {
    const id = await serveOne();
    const otherPad = await ratingPad('w02');
    const wrong = await api(hall.url, 'POST', `/api/tickets/${id}/rating`, {
      token: otherPad,
      body: { level: 'satisfied' },
    });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.code).toBe('RATING_WRONG_WINDOW');
    const byClerk = await api(hall.url, 'POST', `/api/tickets/${id}/rating`, {
      token: clerk,
      body: { level: 'very-satisfied' },
    });
    expect(byClerk.status).toBe(403);
    const byCitizen = await api(hall.url, 'POST', `/api/tickets/${id}/rating`, {
      body: { level: 'satisfied' },
    });
    expect(byCitizen.status).toBe(201);
    const row = hall.server.db
      .prepare(`SELECT actor_kind FROM events WHERE type = 'ticket.rated' AND ticket_id = ?`)
      .get(id) as { actor_kind: string };
    expect(row.actor_kind).toBe('citizen');
  });

  test('bad levels and reasons are refused clearly', async () => {
    const id = await serveOne();
    const bad = await api(hall.url, 'POST', `/api/tickets/${id}/rating`, {
      body: { level: 'great' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const reasons = await api(hall.url, 'POST', `/api/tickets/${id}/rating`, {
      body: { level: 'basic', reasons: ['price'] },
    });
    expect(reasons.status).toBe(400);
  });
});
