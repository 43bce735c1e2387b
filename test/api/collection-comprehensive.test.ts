import {
  api,
  createStaff,
  enrollKiosk,
  login,
  serveAndMarkReady,
  startTestHall,
  type TestHall,
} from '../helpers/hall-server';

/**
 * 综合窗口出件 on the reference hall: 和硕 has no window of kind "output", so finished
 * results are handed out at its comprehensive windows (w54, w55), whose first service is
 * 综合事项. A hall with output windows is covered by test/ui/collection.test.ts.
 */
describe('collection on a hall without output windows', () => {
  let hall: TestHall;
  let kiosk: string;
  let clerk: string;
  let comprehensive: string;

  beforeAll(async () => {
    hall = await startTestHall();
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'clerk1', 'clerk');
    createStaff(hall, 'clerk54', 'clerk');
    kiosk = await enrollKiosk(hall, await login(hall.url, 'boss'));
    clerk = await login(hall.url, 'clerk1', 'w01');
    comprehensive = await login(hall.url, 'clerk54', 'w54');
  });

  afterAll(async () => {
    await hall?.server.close();
  });

  test('the collection ticket queues for the comprehensive windows, and w54 calls it', async () => {
    const issued = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });
    expect(issued.status).toBe(201);
    expect((await serveAndMarkReady(hall, clerk, 'w01', issued.body.id)).status).toBe(200);

    const collection = await api(hall.url, 'POST', `/api/tickets/${issued.body.id}/collect`, {
      body: {},
    });
    expect(collection.status).toBe(201);
    expect(collection.body.serviceId).toBe('comprehensive');
    expect(collection.body.number).toMatch(/^V\d{3}$/);
    expect([...collection.body.windowNumbers].sort()).toEqual([54, 55]);
    // What to bring to collect, not 综合事项's list for applying.
    expect(collection.body.materials).toEqual([
      '本人身份证原件',
      '代领：授权委托书及代领人身份证原件',
    ]);

    const called = await api(hall.url, 'POST', '/api/windows/w54/next', { token: comprehensive });
    expect(called.status).toBe(200);
    expect(called.body.ticket.id).toBe(collection.body.id);
  });
});
