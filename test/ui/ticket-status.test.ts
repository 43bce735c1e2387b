import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import {
  api,
  createStaff,
  login,
  staffHall,
  startTestHall,
  type TestHall,
} from '../helpers/hall-server';

/** The page a citizen opens from the slip's QR code, in a real browser against a real server. */
describe('the ticket status page (/t/:ticketId)', () => {
  let hall: TestHall;
  let browser: Browser;
  let kiosk: string;
  let clerk: string;

  beforeAll(async () => {
    hall = await startTestHall();
    ({ kiosk, clerk } = await staffHall(hall));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await hall.server.close();
  });

  test('shows the number, the people ahead, and the window the moment it is called', async () => {
    await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });
    const mine = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${hall.url}${mine.body.statusPath}`);
    await page.getByTestId('number').filter({ hasText: 'A002' }).waitFor();
    expect(await page.getByTestId('ahead').textContent()).toBe('1');
    expect(await page.getByTestId('status').textContent()).toContain('等候中');

    await api(hall.url, 'POST', '/api/windows/w01/next', { token: clerk });
    await page.getByTestId('ahead').filter({ hasText: '0' }).waitFor({ timeout: 3000 });
    await api(hall.url, 'POST', '/api/windows/w01/finish', { token: clerk });
    await api(hall.url, 'POST', '/api/windows/w01/next', { token: clerk });
    await page.getByTestId('call').waitFor({ timeout: 3000 });
    expect(await page.getByTestId('call').textContent()).toContain('请到 1 号窗口办理');
    expect(await page.getByTestId('status').textContent()).toContain('轮到您了');
    await page.close();
  });

  test('after service the citizen rates it from the same page, once', async () => {
    const mine = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'police', channel: 'kiosk' },
    });
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${hall.url}${mine.body.statusPath}`);
    await page.getByTestId('number').waitFor();
    createStaff(hall, 'clerk36', 'clerk', '赵磊');
    const police = await login(hall.url, 'clerk36', 'w36');
    await api(hall.url, 'POST', '/api/windows/w36/next', { token: police });
    await api(hall.url, 'POST', '/api/windows/w36/finish', { token: police });
    await page.getByRole('button', { name: /^满意/ }).click({ timeout: 3000 });
    await page.getByTestId('rated').waitFor({ timeout: 3000 });
    expect(await page.getByTestId('rated').textContent()).toContain('感谢您的评价');
    const stored = await api(hall.url, 'GET', `/api/tickets/${mine.body.id}`);
    expect(stored.body.rating).toBe('satisfied');
    await page.close();
  });

  test('an unknown ticket says so plainly', async () => {
    const page = await browser.newPage();
    await page.goto(`${hall.url}/t/no-such-ticket`);
    await page.getByText('未找到该号码').waitFor();
    await page.close();
  });
});
