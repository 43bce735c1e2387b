import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import {
  api,
  createStaff,
  enrollKiosk,
  login,
  startTestHall,
  TestClock,
  type TestHall,
} from '../helpers/hall-server';
import { MONDAY_9AM, ok, smallHall } from '../supervision/helpers';

/** The guide console (/guide) in a real browser against a real server with a test clock. */
describe('the guide console (/guide)', () => {
  let hall: TestHall;
  let browser: Browser;
  let page: Page;
  let kiosk: string;
  const clerks: Record<string, string> = {};

  beforeAll(async () => {
    hall = await startTestHall({
      hall: smallHall(),
      clock: new TestClock(MONDAY_9AM + 60 * 60_000),
    });
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'guide1', 'guide', '赵导');
    createStaff(hall, 'c1', 'clerk', '王芳');
    createStaff(hall, 'c2', 'clerk', '李娜');
    createStaff(hall, 'c5', 'clerk', '陈静');
    kiosk = await enrollKiosk(hall, await login(hall.url, 'boss'));
    clerks.w1 = await login(hall.url, 'c1', 'w1');
    clerks.w2 = await login(hall.url, 'c2', 'w2');
    clerks.w5 = await login(hall.url, 'c5', 'w5');
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${hall.url}/guide`);
    await page.getByLabel('用户名').fill('guide1');
    await page.getByLabel('密码').fill('password-123');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('queue-tax').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await hall.server.close();
  });

  const kioskIssue = (serviceId: string) =>
    ok(hall, 'POST', '/api/tickets', { token: kiosk, body: { serviceId, channel: 'kiosk' } });

  test('issues a ticket with a priority, and one for 帮办代办 straight to the help window', async () => {
    await kioskIssue('tax');
    await page.getByTestId('issue-service').selectOption('tax');
    await page.getByTestId('issue-priority').getByLabel('老年人').check();
    await page.getByTestId('issue-submit').click();
    await page.getByTestId('issued-number').filter({ hasText: 'A002' }).waitFor();
    await page.getByTestId('waiting-tax').filter({ hasText: '2' }).waitFor();
    // The elderly citizen queues ahead of A001 (issued just now: within the 20-minute boost).
    await page.getByTestId('queue-tax').click();
    const rows = page.locator('[data-testid^=ticket-A]');
    await rows.first().waitFor();
    expect(await rows.first().textContent()).toContain('A002');
    expect(await rows.first().textContent()).toContain('老年人');

    await page.getByTestId('issue-service').selectOption('property');
    await page.getByTestId('issue-priority').getByLabel('无').check();
    await page.getByTestId('issue-help').check();
    await page.getByTestId('issue-submit').click();
    await page.getByTestId('issued').getByText('已送帮办代办窗口（5号）').waitFor();
    const called = await ok(hall, 'POST', '/api/windows/w5/next', { token: clerks.w5 });
    expect(called.ticket.number).toBe('D001');
    await ok(hall, 'POST', '/api/windows/w5/finish', { token: clerks.w5 });
  });

  test('分流 moves a waiting ticket to another service without losing its place', async () => {
    hall.clock.advance(1);
    await kioskIssue('social'); // B001, issued a minute after A001
    await page.getByTestId('ticket-A001').getByRole('button', { name: '分流' }).click();
    await page.getByTestId('divert-service').selectOption('social');
    await page.getByTestId('divert-submit').click();
    await page.getByTestId('waiting-social').filter({ hasText: '2' }).waitFor();
    const social = (
      await ok(hall, 'GET', '/api/tickets?status=waiting&serviceId=social', { token: clerks.w1 })
    ).tickets;
    expect(social.map((t: any) => [t.number, t.ahead])).toEqual([
      ['A001', 0],
      ['B001', 1],
    ]);
    const next = await ok(hall, 'POST', '/api/windows/w2/next', { token: clerks.w2 });
    expect(next.ticket.number).toBe('A001');
    await ok(hall, 'POST', '/api/windows/w2/finish', { token: clerks.w2 });
  });

  test('临时受理: a window widened for now takes the next call from the new queue', async () => {
    // Window 1 serves tax only; its queue is A002. Widened to 不动产, it helps there after tax.
    await kioskIssue('property'); // D002
    await ok(hall, 'POST', '/api/windows/w1/next', { token: clerks.w1 }); // A002
    await ok(hall, 'POST', '/api/windows/w1/finish', { token: clerks.w1 });
    await page.getByTestId('window-1').click();
    await page.getByTestId('window-dialog').getByTestId('extra-property').check();
    await page.getByTestId('extra-save').click();
    await page.getByTestId('extra-1').filter({ hasText: '不动产登记' }).waitFor();
    const next = await ok(hall, 'POST', '/api/windows/w1/next', { token: clerks.w1 });
    expect(next.ticket.number).toBe('D002');
    await page.getByTestId('window-1').filter({ hasText: 'D002' }).waitFor();
    await ok(hall, 'POST', '/api/windows/w1/finish', { token: clerks.w1 });
  });

  test('a warning appears and sounds; acknowledging it records who', async () => {
    const beepsBefore = Number((await page.evaluate(() => document.body.dataset.beeps)) ?? 0);
    await ok(hall, 'POST', '/api/windows/w2/pause', { token: clerks.w2, body: { reason: '开会' } });
    hall.clock.advance(16);
    hall.server.supervision.evaluate();
    const item = page.getByTestId('warning-long-pause');
    await item.waitFor();
    expect(await item.textContent()).toContain('2号窗口（社保1）暂停已 16 分钟（开会）');
    await page.waitForFunction((n) => Number(document.body.dataset.beeps ?? 0) > n, beepsBefore);
    await page.getByTestId('ack-long-pause').click();
    await item.getByText('已确认：guide1（赵*）').waitFor();
    await ok(hall, 'POST', '/api/windows/w2/resume', { token: clerks.w2 });
    hall.server.supervision.evaluate();
    await item.waitFor({ state: 'detached' });
  });

  test('follow-up cases: a 差评 shows up; a 办不成事 is filed from the console', async () => {
    const issued = await kioskIssue('tax');
    await ok(hall, 'POST', '/api/windows/w1/next', { token: clerks.w1 });
    await ok(hall, 'POST', '/api/windows/w1/finish', { token: clerks.w1 });
    await ok(hall, 'POST', `/api/tickets/${issued.id}/rating`, { body: { level: 'dissatisfied' } });
    await page.getByTestId('tab-cases').click();
    await page.getByTestId('case-list').getByText(issued.number).waitFor();
    await page.getByTestId('report-unresolved').click();
    const dialog = page.getByTestId('report-dialog');
    await dialog.getByLabel('反映事项').fill('不动产抵押登记需补充材料，群众已来三次');
    await dialog.getByLabel('联系电话').fill('13912345678');
    await page.getByTestId('report-submit').click();
    const row = page.getByTestId('case-list').locator('tr', { hasText: '已来三次' });
    await row.waitFor();
    expect(await page.content()).not.toContain('13912345678');
    // Callback, then close, in the case dialog.
    await row.getByRole('button', { name: '处理' }).click();
    const detail = page.getByTestId('case-dialog');
    await detail.locator('textarea').fill('已电话联系，材料清单已一次性告知');
    await detail.getByLabel('已联系上群众').check();
    await page.getByTestId('case-callback').click();
    await row.getByText('已回访').waitFor();
    const cases = (
      await api(hall.url, 'GET', '/api/cases', { token: await login(hall.url, 'boss') })
    ).body.cases;
    expect(cases.find((c: any) => c.source === 'report')).toMatchObject({
      status: 'called-back',
      contact: '139****5678',
    });
  });
});
