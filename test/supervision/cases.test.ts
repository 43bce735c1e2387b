import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../shared/src/supervision';
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
import { ok, smallHall } from './helpers';

/** Thursday 2026-09-24 10:00 in Shanghai: the day before the National Day holidays begin. */
const THURSDAY_BEFORE_HOLIDAYS = Date.UTC(2026, 8, 24, 2, 0);

describe('follow-up deadlines in working days', () => {
  const hours = smallHall().hours;

  test('15 working days across the National Day holidays and their make-up Saturday', () => {
    // 9-25 and 10-1…10-7 are off (10-3/4 a weekend); Saturday 10-10 is worked.
    expect(addWorkingDays('2026-09-24', 15, hours)).toBe('2026-10-22');
    expect(isWorkingDay('2026-10-10', hours)).toBe(true);
    expect(isWorkingDay('2026-10-05', hours)).toBe(false);
    expect(addWorkingDays('2026-09-24', 1, hours)).toBe('2026-09-28');
    expect(workingDaysBetween('2026-09-24', '2026-10-22', hours)).toBe(15);
    expect(workingDaysBetween('2026-10-22', '2026-10-26', hours)).toBe(2);
    expect(workingDaysBetween('2026-10-26', '2026-10-22', hours)).toBe(-2);
    // Without holidays: three weeks of weekdays.
    expect(addWorkingDays('2026-11-23', 15, { holidays: [], extraWorkdays: [] })).toBe(
      '2026-12-14',
    );
  });
});

describe('follow-up cases', () => {
  let hall: TestHall;
  let kiosk: string;
  let clerk: string;
  let guide: string;
  let manager: string;

  beforeAll(async () => {
    hall = await startTestHall({
      hall: smallHall(),
      clock: new TestClock(THURSDAY_BEFORE_HOLIDAYS),
    });
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'guide1', 'guide', '赵导');
    createStaff(hall, 'c1', 'clerk', '王芳');
    hall.server.ctx.accounts.createUser({
      username: 'mgr',
      displayName: '钱经理',
      role: 'manager',
      password: 'password-123',
    });
    kiosk = await enrollKiosk(hall, await login(hall.url, 'boss'));
    clerk = await login(hall.url, 'c1', 'w1');
    guide = await login(hall.url, 'guide1');
    manager = await login(hall.url, 'mgr');
  });
  afterAll(() => hall.server.close());

  async function served(): Promise<string> {
    const issued = await ok(hall, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });
    await ok(hall, 'POST', '/api/windows/w1/next', { token: clerk });
    hall.clock.advance(3);
    await ok(hall, 'POST', '/api/windows/w1/finish', { token: clerk });
    return issued.id;
  }

  test('a 非常不满意 opens a case in the rating’s own transaction, due in 15 working days', async () => {
    const socket = connectSocket(hall.url, { token: guide });
    const received = collectEvents(socket);
    await until(() => received.some((e) => e.name === 'warnings.snapshot'));
    const id = await served();
    await ok(hall, 'POST', `/api/tickets/${id}/rating`, {
      body: { level: 'very-dissatisfied', reasons: ['attitude'] },
    });
    // In the database the moment the rating is acknowledged.
    const row = hall.server.db.prepare('SELECT * FROM cases WHERE ticket_id = ?').get(id) as any;
    expect(row).toMatchObject({
      source: 'rating',
      level: 'very-dissatisfied',
      deadline: '2026-10-22',
      status: 'open',
    });
    const list = await ok(hall, 'GET', '/api/cases', { token: guide });
    expect(list.cases).toHaveLength(1);
    expect(list.cases[0]).toMatchObject({
      ticketNumber: 'A001',
      serviceName: '税务',
      windowNumber: 1,
      clerk: 'c1（王*）',
      reasons: ['attitude'],
      deadline: '2026-10-22',
      workingDaysLeft: 15,
      overdue: false,
    });
    await until(() => received.some((e) => e.name === 'case.opened'));
    expect(received.find((e) => e.name === 'case.opened')?.payload.ticketNumber).toBe('A001');
    socket.close();

    // A 满意 opens nothing.
    const other = await served();
    await ok(hall, 'POST', `/api/tickets/${other}/rating`, { body: { level: 'satisfied' } });
    expect((await ok(hall, 'GET', '/api/cases', { token: guide })).cases).toHaveLength(1);
  });

  test('no rating without its case: when the case cannot be written, the rating is not stored', async () => {
    const id = await served();
    hall.server.db.exec(
      `CREATE TEMP TRIGGER no_cases BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`,
    );
    const refused = await api(hall.url, 'POST', `/api/tickets/${id}/rating`, {
      body: { level: 'dissatisfied' },
    });
    expect(refused.status).toBe(500);
    hall.server.db.exec('DROP TRIGGER no_cases');
    const events = hall.server.db
      .prepare(`SELECT COUNT(*) AS n FROM events WHERE type = 'ticket.rated' AND ticket_id = ?`)
      .get(id) as { n: number };
    expect(events.n).toBe(0);
    expect((await ok(hall, 'GET', `/api/tickets/${id}`)).rating).toBeNull();
    // The citizen tries again, and both land.
    await ok(hall, 'POST', `/api/tickets/${id}/rating`, { body: { level: 'dissatisfied' } });
    expect(
      hall.server.db.prepare('SELECT COUNT(*) AS n FROM cases WHERE ticket_id = ?').get(id),
    ).toEqual({ n: 1 });
  });

  test('办不成事: filed with the contact sealed and masked; only the owner or a manager may see it', async () => {
    const filed = await api(hall.url, 'POST', '/api/cases', {
      token: clerk,
      body: {
        matter: '营业执照变更材料不全，身份证652828199001011234的本人无法到场',
        citizenName: '张三丰',
        contact: '138 1234 5678',
        serviceId: 'tax',
      },
    });
    expect(filed.status).toBe(201);
    const view = filed.body.case;
    expect(view).toMatchObject({
      source: 'report',
      citizenName: '张**',
      contact: '138****5678',
      windowNumber: 1,
      deadline: '2026-10-22',
    });
    expect(view.matter).toContain('652828********1234');
    const stored = JSON.stringify(
      hall.server.db.prepare('SELECT * FROM cases WHERE id = ?').get(view.id),
    );
    expect(stored).not.toContain('12345678');
    expect(stored).not.toContain('199001011234');
    expect(stored).not.toContain('张三丰');

    expect(
      (await api(hall.url, 'POST', `/api/cases/${view.id}/contact`, { token: guide })).status,
    ).toBe(403);
    const revealed = await ok(hall, 'POST', `/api/cases/${view.id}/contact`, { token: manager });
    expect(revealed.contact).toBe('13812345678');
    const audit = await ok(hall, 'GET', '/api/audit?limit=5', { token: manager });
    expect(audit.entries[0]).toMatchObject({
      actor: 'mgr',
      action: 'case.reveal-contact',
      target: view.id,
    });
    // Citizens and devices may not file.
    expect(
      (await api(hall.url, 'POST', '/api/cases', { token: kiosk, body: { matter: 'x y' } })).status,
    ).toBe(403);
    expect(
      (
        await api(hall.url, 'POST', '/api/cases', {
          token: clerk,
          body: { matter: '无', contact: 'abc' },
        })
      ).status,
    ).toBe(400);
  });

  test('owner, notes, callback, closing: a case closes only after a callback', async () => {
    const [first] = (await ok(hall, 'GET', '/api/cases', { token: manager })).cases;
    const users = hall.server.ctx.accounts.listUsers();
    const guideId = users.find((u) => u.username === 'guide1')!.id;
    const clerkId = users.find((u) => u.username === 'c1')!.id;
    expect(
      (
        await api(hall.url, 'POST', `/api/cases/${first.id}/assign`, {
          token: manager,
          body: { ownerId: clerkId },
        })
      ).status,
    ).toBe(400);
    const assigned = await ok(hall, 'POST', `/api/cases/${first.id}/assign`, {
      token: manager,
      body: { ownerId: guideId },
    });
    expect(assigned.case.owner).toEqual({ id: guideId, label: 'guide1（赵*）' });
    await ok(hall, 'POST', `/api/cases/${first.id}/notes`, {
      token: guide,
      body: { text: '已约谈窗口人员' },
    });
    const early = await api(hall.url, 'POST', `/api/cases/${first.id}/close`, {
      token: guide,
      body: { resolution: '已整改' },
    });
    expect(early.status).toBe(400);
    expect(JSON.stringify(early.body)).toContain('回访');
    const called = await ok(hall, 'POST', `/api/cases/${first.id}/callback`, {
      token: guide,
      body: { reached: true, satisfied: true, text: '群众表示认可整改结果' },
    });
    expect(called.case).toMatchObject({ status: 'called-back', callbacks: 1 });
    const closed = await ok(hall, 'POST', `/api/cases/${first.id}/close`, {
      token: guide,
      body: { resolution: '窗口人员已批评教育，服务流程已优化' },
    });
    expect(closed.case.status).toBe('closed');
    const detail = await ok(hall, 'GET', `/api/cases/${first.id}`, { token: manager });
    expect(detail.case.entries.map((e: any) => e.kind)).toEqual([
      'opened',
      'assigned',
      'note',
      'callback',
      'closed',
    ]);
    expect(detail.case.entries[3]).toMatchObject({
      author: 'guide1（赵*）',
      reached: true,
      satisfied: true,
    });
    expect(
      (
        await api(hall.url, 'POST', `/api/cases/${first.id}/notes`, {
          token: guide,
          body: { text: '再记' },
        })
      ).status,
    ).toBe(400);
    expect(
      (await ok(hall, 'GET', '/api/cases?status=closed', { token: guide })).cases,
    ).toHaveLength(1);
    expect((await api(hall.url, 'GET', '/api/cases', { token: clerk })).status).toBe(403);
  });

  test('past the deadline a case is overdue and warned about', async () => {
    hall.clock.time = Date.UTC(2026, 9, 23, 2, 0); // Friday 2026-10-23, the day after the deadline
    guide = await login(hall.url, 'guide1'); // a month later: sessions last 12 hours
    const open = (await ok(hall, 'GET', '/api/cases', { token: guide })).cases;
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((c: any) => c.overdue && c.workingDaysLeft === -1)).toBe(true);
    const { warnings } = await ok(hall, 'GET', '/api/warnings', { token: guide });
    const overdue = warnings.filter((w: any) => w.kind === 'case-overdue');
    expect(overdue).toHaveLength(open.length);
    expect(overdue[0].text).toContain('已超期');
  });

  test('a rating stored without its case (an older database) gets one at the next start, once', async () => {
    const rated = hall.server.db
      .prepare(
        `SELECT ticket_id FROM events WHERE type = 'ticket.rated' AND json_extract(data, '$.level') = 'dissatisfied'`,
      )
      .get() as { ticket_id: string };
    const caseId = (
      hall.server.db.prepare('SELECT id FROM cases WHERE ticket_id = ?').get(rated.ticket_id) as {
        id: string;
      }
    ).id;
    hall.server.db.prepare('DELETE FROM case_entries WHERE case_id = ?').run(caseId);
    hall.server.db.prepare('DELETE FROM cases WHERE id = ?').run(caseId);
    const count = () =>
      (hall.server.db.prepare('SELECT COUNT(*) AS n FROM cases').get() as { n: number }).n;
    const before = count();
    for (let i = 0; i < 2; i += 1) {
      await hall.server.close();
      hall = await startTestHall({ hall: smallHall(), clock: hall.clock, dataDir: hall.dataDir });
    }
    expect(count()).toBe(before + 1);
    const reopened = hall.server.db
      .prepare('SELECT * FROM cases WHERE ticket_id = ?')
      .get(rated.ticket_id) as any;
    expect(reopened).toMatchObject({
      source: 'rating',
      level: 'dissatisfied',
      ticket_number: 'A003',
      deadline: '2026-10-22',
    });
  });
});
