import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startFakeSmsGateway, type FakeSmsGateway } from '../../server/src/notify/fake-sms-gateway';
import { HttpSmsGateway } from '../../server/src/notify/sms-gateway';
import {
  MONDAY_10AM,
  TestClock,
  api,
  createStaff,
  enrollKiosk,
  login,
  startTestHall,
  tempDataDir,
  testIdNumber,
  until,
  type TestHall,
} from '../helpers/hall-server';

/**
 * 无声叫号 by SMS: the HTTP gateway adapter against a fake provider on loopback. Notices
 * are written to the outbox with the event that causes them, sent after the commit,
 * retried with backoff, never twice (not even across a restart), and masked.
 */

const MIN = 60_000;
const HALL_NAME = '和硕县政务服务中心';

async function start(
  dataDir: string,
  clock: TestClock,
  gateway: FakeSmsGateway | null,
): Promise<TestHall> {
  return startTestHall({
    dataDir,
    clock,
    sms: gateway ? new HttpSmsGateway({ url: gateway.url, token: 'tok', timeoutMs: 2000 }) : null,
  });
}

const outbox = (dataDir: string) => {
  const db = new Database(path.join(dataDir, 'hallq.sqlite'), { readonly: true });
  try {
    return db
      .prepare(
        'SELECT key, kind, body, status, attempts, phone_sealed FROM sms_outbox ORDER BY key',
      )
      .all() as {
      key: string;
      kind: string;
      body: string;
      status: string;
      attempts: number;
      phone_sealed: string;
    }[];
  } finally {
    db.close();
  }
};

describe('SMS notices through the HTTP gateway adapter', () => {
  const dataDir = tempDataDir();
  const clock = new TestClock();
  let gateway: FakeSmsGateway;
  let hall: TestHall;
  let kiosk: string;
  let clerk: string;

  beforeAll(async () => {
    gateway = await startFakeSmsGateway();
    hall = await start(dataDir, clock, gateway);
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'clerk33', 'clerk', '李娜');
    kiosk = await enrollKiosk(hall, await login(hall.url, 'boss'));
    clerk = await login(hall.url, 'clerk33', 'w33');
  });
  afterAll(async () => {
    await hall?.server.close();
    await gateway?.close();
  });

  test('a booking’s phone: the "soon" notice is retried through failures and sent once', async () => {
    const booked = await api(hall.url, 'POST', '/api/bookings', {
      body: {
        serviceId: 'deed-tax',
        day: '2026-11-23',
        slot: '11:00',
        idNumber: testIdNumber('1980-02-02', '321'),
        phone: '13912345678',
      },
    });
    expect(booked.status).toBe(201);
    gateway.failNext(2); // the provider is busy twice: 503, 503, then accepts
    clock.time = MONDAY_10AM + 30 * MIN; // the check-in window opens
    const ticket = await api(hall.url, 'POST', '/api/bookings/check-in', {
      token: kiosk,
      body: { code: booked.body.code },
    });
    expect(ticket.status).toBe(201);
    const key = `${ticket.body.id}:near`;
    await until(() => gateway.delivered().some((m) => m.id === key), 5000);

    const attempts = gateway.requests.filter((r) => r.id === key);
    expect(attempts.map((r) => r.accepted)).toEqual([false, false, true]);
    expect(gateway.delivered().filter((m) => m.id === key)).toEqual([
      {
        id: key,
        to: '13912345678',
        text: `【${HALL_NAME}】您的${ticket.body.number}号即将叫到，前面还有0人，请留意叫号`,
      },
    ]);
    // Marked sent once the provider's answer is back.
    await until(() => outbox(dataDir).find((r) => r.key === key)?.status === 'sent', 5000);
    const row = outbox(dataDir).find((r) => r.key === key);
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    expect(row?.phone_sealed).not.toContain('13912345678');

    // Called (and recalled): one message with the window number.
    await api(hall.url, 'POST', '/api/windows/w33/next', { token: clerk });
    await api(hall.url, 'POST', '/api/windows/w33/recall', { token: clerk });
    const called = `${ticket.body.id}:called:w33`;
    await until(() => gateway.delivered().some((m) => m.id === called), 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect(gateway.requests.filter((r) => r.id === called)).toHaveLength(1);
    expect(gateway.delivered().find((m) => m.id === called)?.text).toBe(
      `【${HALL_NAME}】请${ticket.body.number}号到33号窗口办理`,
    );
    await api(hall.url, 'POST', '/api/windows/w33/finish', { token: clerk });
  });

  test('a message queued while the provider is down goes once after a restart; none twice', async () => {
    const mine = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'deed-tax', channel: 'kiosk' },
    });
    gateway.failNext(1000);
    const left = await api(hall.url, 'POST', `/api/tickets/${mine.body.id}/sms`, {
      body: { phone: '+86 137-0000-1111' },
    });
    expect(left.status).toBe(201);
    expect(left.body.smsPhone).toBe('137****1111');
    await until(() => gateway.requests.some((r) => r.id === `${mine.body.id}:near`), 5000);
    await api(hall.url, 'POST', '/api/windows/w33/next', { token: clerk });
    await until(() => gateway.requests.some((r) => r.id === `${mine.body.id}:called:w33`), 5000);
    expect(gateway.delivered().some((m) => m.id.startsWith(mine.body.id))).toBe(false);

    await hall.server.close();
    const sentBefore = gateway.delivered().length;
    gateway.failNext(0);
    hall = await start(dataDir, clock, gateway);
    clerk = await login(hall.url, 'clerk33', 'w33');
    await until(() => gateway.delivered().length === sentBefore + 2, 5000);
    // The restarted hall recalls and finishes: nothing new, nothing already sent again.
    await api(hall.url, 'POST', '/api/windows/w33/recall', { token: clerk });
    await api(hall.url, 'POST', '/api/windows/w33/finish', { token: clerk });
    await new Promise((r) => setTimeout(r, 500));
    const delivered = gateway.delivered();
    expect(delivered).toHaveLength(sentBefore + 2);
    expect(new Set(delivered.map((m) => m.id)).size).toBe(delivered.length);
    expect(delivered.slice(-2).map((m) => [m.id, m.to])).toEqual([
      [`${mine.body.id}:called:w33`, '13700001111'],
      [`${mine.body.id}:near`, '13700001111'],
    ]);
  });

  test('a number the provider refuses (400) is not retried; texts hold no personal data', async () => {
    const mine = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'deed-tax', channel: 'kiosk' },
    });
    gateway.failNext(1, 400);
    await api(hall.url, 'POST', `/api/tickets/${mine.body.id}/sms`, {
      body: { phone: '13600002222' },
    });
    const key = `${mine.body.id}:near`;
    await until(() => outbox(dataDir).find((r) => r.key === key)?.status === 'failed', 5000);
    await new Promise((r) => setTimeout(r, 600));
    expect(gateway.requests.filter((r) => r.id === key)).toHaveLength(1);
    for (const row of outbox(dataDir)) {
      expect(row.body).not.toMatch(/1[3-9]\d{9}/);
      expect(row.body).not.toMatch(/\d{17}[\dX]/);
      expect(row.body).not.toContain('李娜');
      expect(row.body.startsWith(`【${HALL_NAME}】`)).toBe(true);
    }
  });

  test('transferred to another window: called there, a second message; recalls none', async () => {
    createStaff(hall, 'clerk54', 'clerk', '周明');
    const other = await login(hall.url, 'clerk54', 'w54');
    const mine = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'deed-tax', channel: 'kiosk' },
    });
    await api(hall.url, 'POST', `/api/tickets/${mine.body.id}/sms`, {
      body: { phone: '13600003333' },
    });
    // Earlier tests left deed-tax tickets waiting: serve them until it is this one's turn.
    for (;;) {
      const called = await api(hall.url, 'POST', '/api/windows/w33/next', { token: clerk });
      if (called.body.ticket.id === mine.body.id) break;
      await api(hall.url, 'POST', '/api/windows/w33/finish', { token: clerk });
    }
    await api(hall.url, 'POST', '/api/windows/w33/recall', { token: clerk });
    const moved = await api(hall.url, 'POST', '/api/windows/w33/transfer', {
      token: clerk,
      body: { windowId: 'w54' },
    });
    expect(moved.status).toBe(200);
    const next = await api(hall.url, 'POST', '/api/windows/w54/next', { token: other });
    expect(next.body.ticket.id).toBe(mine.body.id);
    await api(hall.url, 'POST', '/api/windows/w54/recall', { token: other });
    const keys = [
      `${mine.body.id}:near`,
      `${mine.body.id}:called:w33`,
      `${mine.body.id}:called:w54`,
    ];
    await until(() => keys.every((k) => gateway.delivered().some((m) => m.id === k)), 5000);
    await new Promise((r) => setTimeout(r, 300));
    const mineSent = gateway.delivered().filter((m) => m.id.startsWith(mine.body.id));
    expect(mineSent.map((m) => m.id).sort()).toEqual([...keys].sort());
    expect(mineSent.find((m) => m.id === keys[2])?.text).toMatch(/请G\d{3}号到54号窗口办理$/);
    await api(hall.url, 'POST', '/api/windows/w54/finish', { token: other });
  });

  test('no phone number in clear anywhere in the data folder (database, WAL, keys)', async () => {
    const files = fs.readdirSync(dataDir).map((f) => path.join(dataDir, f));
    expect(files.some((f) => f.endsWith('hallq.sqlite-wal'))).toBe(true);
    for (const file of files) {
      if (!fs.statSync(file).isFile()) continue;
      const bytes = fs.readFileSync(file);
      for (const phone of ['13912345678', '13700001111', '13600002222']) {
        expect([file, bytes.includes(Buffer.from(phone, 'latin1'))]).toEqual([file, false]);
        expect([file, bytes.includes(Buffer.from(phone, 'utf16le'))]).toEqual([file, false]);
      }
    }
  });

  test('bad numbers and unknown tickets are refused with a code', async () => {
    const mine = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });
    const bad = await api(hall.url, 'POST', `/api/tickets/${mine.body.id}/sms`, {
      body: { phone: '0996-1234567' },
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'PHONE_INVALID']);
    const unknown = await api(hall.url, 'POST', '/api/tickets/no-such/sms', {
      body: { phone: '13600002222' },
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'TICKET_NOT_FOUND']);
    const extra = await api(hall.url, 'POST', `/api/tickets/${mine.body.id}/sms`, {
      body: { phone: '13600002222', name: '张三' },
    });
    expect(extra.status).toBe(400);
  });
});

describe('a hall without an SMS gateway', () => {
  let hall: TestHall;
  beforeAll(async () => {
    hall = await start(tempDataDir(), new TestClock(), null);
  });
  afterAll(async () => {
    await hall?.server.close();
  });

  test('offers no SMS and refuses a number', async () => {
    createStaff(hall, 'boss', 'admin');
    const kiosk = await enrollKiosk(hall, await login(hall.url, 'boss'));
    const mine = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });
    const notices = await api(hall.url, 'GET', `/api/tickets/${mine.body.id}/notices`);
    expect(notices.body).toEqual({
      smsAvailable: false,
      smsPhone: null,
      readyForCollection: null,
      collection: null,
    });
    const left = await api(hall.url, 'POST', `/api/tickets/${mine.body.id}/sms`, {
      body: { phone: '13600002222' },
    });
    expect([left.status, left.body.error.code]).toEqual([409, 'SMS_NOT_AVAILABLE']);
  });
});

describe('the HTTP gateway adapter on its own', () => {
  test('sends JSON with the token and the idempotency key; classifies failures', async () => {
    const fake = await startFakeSmsGateway();
    const adapter = new HttpSmsGateway({ url: fake.url, token: 'k1', timeoutMs: 1000 });
    await adapter.send({ id: 't1:near', to: '13800000001', text: '【和硕】A001' });
    expect(fake.requests).toEqual([
      {
        id: 't1:near',
        to: '13800000001',
        text: '【和硕】A001',
        token: 'Bearer k1',
        accepted: true,
      },
    ]);
    fake.failNext(1, 429);
    await expect(adapter.send({ id: 't2:near', to: '1', text: 'x' })).rejects.toMatchObject({
      name: 'SmsSendError',
      retry: true,
    });
    fake.failNext(1, 401);
    await expect(adapter.send({ id: 't3:near', to: '1', text: 'x' })).rejects.toMatchObject({
      retry: false,
    });
    await fake.close();
    // Nobody listening any more: a retry, not a loss.
    await expect(adapter.send({ id: 't4:near', to: '1', text: 'x' })).rejects.toMatchObject({
      retry: true,
    });
  });
});
