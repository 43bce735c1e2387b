import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import {
  api,
  createStaff,
  login,
  startTestHall,
  TestClock,
  type TestHall,
} from '../helpers/hall-server';
import { MONDAY_9AM, smallHall } from '../supervision/helpers';

/**
 * Issue 5: the administrator gives a clerk a 工号 in /admin; when the clerk logs in at
 * window 1, the window screen and the rating pad show "工号 0123" beside the masked name.
 */
describe('the clerk’s 工号 on the window screen and the rating pad', () => {
  let hall: TestHall;
  let browser: Browser;
  let adminPage: Page;
  let admin: string;

  beforeAll(async () => {
    hall = await startTestHall({
      hall: smallHall(),
      clock: new TestClock(MONDAY_9AM + 60 * 60_000),
    });
    createStaff(hall, 'boss', 'admin', '周主任');
    createStaff(hall, 'c2', 'clerk', '李娜');
    admin = await login(hall.url, 'boss');
    browser = await launchBrowser();
    adminPage = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    adminPage.setDefaultTimeout(5000);
    await adminPage.goto(`${hall.url}/admin`);
    await adminPage.getByLabel('用户名').fill('boss');
    await adminPage.getByLabel('密码').fill('password-123');
    await adminPage.getByRole('button', { name: '登录' }).click();
    await adminPage.getByTestId('services').waitFor();
    await adminPage.getByTestId('tab-staff').click();
    await adminPage.getByTestId('staff').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await hall?.server.close();
  });

  test('set in /admin: created with a 工号, a taken one refused with the reason, changed', async () => {
    const form = adminPage.getByTestId('staff-form');
    await form.getByLabel('用户名').fill('wangfang');
    await form.getByLabel('姓名').fill('王芳');
    await form.getByLabel('工号').fill('0123');
    await form.getByLabel('初始密码').fill('password-123');
    await form.getByRole('button', { name: '新增人员' }).click();
    await adminPage
      .getByTestId('user-wangfang')
      .getByTestId('staff-number')
      .getByText('0123')
      .waitFor();

    // Li Na may not take Wang Fang's number: the dialog stays open with the server's reason.
    await adminPage.getByTestId('user-c2').getByRole('button', { name: '修改工号' }).click();
    const dialog = adminPage.getByTestId('edit-dialog');
    await dialog.getByRole('textbox').fill('0123');
    await dialog.getByTestId('dialog-save').click();
    await adminPage.getByText('工号已被其他人员使用').waitFor();
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByRole('textbox').fill('0456');
    await dialog.getByTestId('dialog-save').click();
    await adminPage.getByTestId('user-c2').getByTestId('staff-number').getByText('0456').waitFor();

    const users = (await api(hall.url, 'GET', '/api/admin/users', { token: admin })).body.users;
    expect(
      Object.fromEntries(
        users.map((u: { username: string; staffNumber: string | null }) => [
          u.username,
          u.staffNumber,
        ]),
      ),
    ).toMatchObject({ boss: null, c2: '0456', wangfang: '0123' });
  });

  test('shown beside the masked name on the window screen and the rating pad, gone at logout', async () => {
    const created = await api(hall.url, 'POST', '/api/devices', {
      token: admin,
      body: { kind: 'rating-pad', name: '1号评价器', windowId: 'w1' },
    });
    const padToken = (
      await api(hall.url, 'POST', '/api/devices/enroll', { body: { code: created.body.code } })
    ).body.token as string;
    const screen = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const pad = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    for (const page of [screen, pad]) page.setDefaultTimeout(5000);
    await screen.goto(`${hall.url}/window/1`);
    await pad.goto(`${hall.url}/rating/1?token=${padToken}`);
    await screen.getByTestId('window-status').filter({ hasText: '未开放' }).waitFor();
    expect(await screen.getByTestId('clerk').textContent()).toBe('');

    // The screen is open before the login: the 工号 arrives live with the window's status.
    const clerk = await login(hall.url, 'wangfang', 'w1');
    await screen.getByTestId('clerk').filter({ hasText: '工号 0123' }).waitFor();
    expect(await screen.getByTestId('clerk').innerText()).toMatch(/^工作人员：王\*\s+工号 0123$/);
    expect(await screen.getByTestId('clerk').textContent()).not.toContain('王芳');
    await pad.getByTestId('staff-number').filter({ hasText: '工号 0123' }).waitFor();
    expect(await pad.locator('.clerk').innerText()).toMatch(/^工作人员 王\*\s+工号 0123$/);

    // A clerk with no 工号: the name alone.
    createStaff(hall, 'zhangsan', 'clerk', '张三');
    await login(hall.url, 'zhangsan', 'w2');
    await screen.goto(`${hall.url}/window/2`);
    await screen.getByTestId('clerk').filter({ hasText: '张*' }).waitFor();
    expect(await screen.getByTestId('staff-number').count()).toBe(0);

    await screen.goto(`${hall.url}/window/1`);
    await screen.getByTestId('staff-number').waitFor();
    await api(hall.url, 'POST', '/api/auth/logout', { token: clerk });
    await screen.getByTestId('window-status').filter({ hasText: '未开放' }).waitFor();
    expect(await screen.getByTestId('clerk').textContent()).toBe('');
    expect(await pad.getByTestId('staff-number').count()).toBe(0);
  });
});
