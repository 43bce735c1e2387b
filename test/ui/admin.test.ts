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

/** The admin page (/admin): edits take effect live, imports are checked, devices enroll. */
describe('the admin page (/admin)', () => {
  let hall: TestHall;
  let browser: Browser;
  let page: Page;
  let admin: string;
  let kiosk: string;
  let clerk: string;

  beforeAll(async () => {
    hall = await startTestHall({
      hall: smallHall(),
      clock: new TestClock(MONDAY_9AM + 60 * 60_000),
    });
    createStaff(hall, 'boss', 'admin', '周主任');
    createStaff(hall, 'c1', 'clerk', '王芳');
    admin = await login(hall.url, 'boss');
    kiosk = await enrollKiosk(hall, admin);
    clerk = await login(hall.url, 'c1', 'w1');
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('dialog', (d) => void d.accept()); // confirm() before a removal or a revocation
    await page.goto(`${hall.url}/admin`);
    await page.getByLabel('用户名').fill('boss');
    await page.getByLabel('密码').fill('password-123');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('services').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await hall.server.close();
  });

  test('a service’s time limit, edited, is in effect and audited', async () => {
    await page.getByTestId('service-tax').getByRole('button', { name: '编辑' }).click();
    await page.getByTestId('edit-dialog').getByLabel('办理时限（分钟）').fill('25');
    await page.getByTestId('dialog-save').click();
    await page.getByTestId('service-tax').getByText('25 分').waitFor();
    const live = await ok(hall, 'GET', '/api/hall/config');
    expect(live.services.find((s: any) => s.id === 'tax').timeLimitMinutes).toBe(25);
    await page.getByTestId('tab-audit').click();
    await page.getByTestId('audit').getByText('timeLimitMinutes: 12 → 25').waitFor();
    expect(await page.getByTestId('audit').textContent()).toContain('boss');
  });

  test('a window given another service calls from it at once', async () => {
    await ok(hall, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'social', channel: 'kiosk' },
    });
    await page.getByTestId('tab-windows').click();
    await page.getByTestId('window-1').getByRole('button', { name: '编辑' }).click();
    await page.getByTestId('window-add-service').selectOption('social');
    await page.getByRole('button', { name: '添加事项' }).click();
    await page.getByTestId('window-services').getByText('社保').waitFor();
    await page.getByTestId('dialog-save').click();
    await page.getByTestId('window-1').getByText('税务 › 社保').waitFor();
    const called = await ok(hall, 'POST', '/api/windows/w1/next', { token: clerk });
    expect(called.ticket.number).toBe('B001');
    await ok(hall, 'POST', '/api/windows/w1/finish', { token: clerk });
  });

  test('removing an open window is refused with the reason shown', async () => {
    await page.getByTestId('window-1').getByRole('button', { name: '删除' }).click();
    await page.getByTestId('problems').getByText('1号窗口仍在服务').waitFor();
    expect((await ok(hall, 'GET', '/api/hall/config')).windows).toHaveLength(5);
  });

  test('today made a holiday stops the kiosk at once', async () => {
    await page.getByTestId('tab-hours').click();
    const holidays = page.getByTestId('hours-form').getByLabel('法定节假日');
    await holidays.fill(`${await holidays.inputValue()}\n2026-11-23`);
    await page.getByTestId('save-hours').click();
    await page.getByText('已保存，立即生效').first().waitFor();
    const refused = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });
    expect(refused.body.error).toMatchObject({
      code: 'HALL_NOT_ISSUING',
      details: { phase: 'closed-day' },
    });
    await holidays.fill((await holidays.inputValue()).replace('\n2026-11-23', ''));
    await page.getByTestId('save-hours').click();
    await page.waitForFunction(async () => {
      const res = await fetch('/api/hall/config');
      return !(await res.json()).hours.holidays.includes('2026-11-23');
    });
  });

  test('an import with mistakes lists every one and changes nothing', async () => {
    const bad = await ok(hall, 'GET', '/api/admin/config', { token: admin });
    bad.config.services[1].prefix = 'A';
    bad.config.windows[0].areaId = 'basement';
    await page.getByTestId('tab-io').click();
    await page.getByTestId('import-file').setInputFiles({
      name: 'hall.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad.config)),
    });
    const result = page.getByTestId('import-result');
    await result.getByText('prefix "A" is used twice').waitFor();
    expect(await result.textContent()).toContain('windows.0.areaId: no area "basement"');
  });

  test('a device is registered with a one-time code, enrolls, and is revoked', async () => {
    await page.getByTestId('tab-devices').click();
    const form = page.getByTestId('device-form');
    await form.getByLabel('类型').selectOption('rating-pad');
    await form.getByLabel('名称').fill('1号评价器');
    await form.getByLabel('所属窗口').selectOption('w1');
    await page.getByTestId('enroll').click();
    const code = (await page.getByTestId('enrollment-code').textContent()) as string;
    expect(code).toMatch(/^\d{8}$/);
    await page.getByTestId('code-dialog').getByRole('button', { name: '好的' }).click();
    const enrolled = await ok(hall, 'POST', '/api/devices/enroll', { body: { code } });
    await page.getByTestId('tab-devices').click();
    const row = page.getByTestId(`device-${enrolled.deviceId}`);
    await row.getByRole('button', { name: '吊销' }).click();
    await page.getByTestId(`device-${enrolled.deviceId}`).getByText('已吊销').waitFor();
    expect((await api(hall.url, 'GET', '/api/auth/me', { token: enrolled.token })).status).toBe(
      401,
    );
  });

  test('staff and thresholds', async () => {
    await page.getByTestId('tab-staff').click();
    const form = page.getByTestId('staff-form');
    await form.getByLabel('用户名').fill('mgr');
    await form.getByLabel('姓名').fill('钱经理');
    await form.getByLabel('角色').selectOption('manager');
    await form.getByLabel('初始密码').fill('password-123');
    await form.getByRole('button', { name: '新增人员' }).click();
    await page.getByTestId('user-mgr').waitFor();
    expect(await login(hall.url, 'mgr')).toBeTruthy();
    await page.getByTestId('tab-thresholds').click();
    await page.getByTestId('thresholds-form').getByLabel('窗口暂停超过').fill('20');
    await page.getByTestId('thresholds-form').getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存，立即生效').first().waitFor();
    expect(
      (await ok(hall, 'GET', '/api/admin/thresholds', { token: admin })).thresholds.pauseMaxMinutes,
    ).toBe(20);
  });
});
