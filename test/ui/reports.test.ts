import ExcelJS from 'exceljs';
import fs from 'node:fs';
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

/** The reports page (/reports): range, grouping, tiles, charts, table, exports. */
describe('the reports page (/reports)', () => {
  let hall: TestHall;
  let browser: Browser;
  let page: Page;
  let manager: string;

  beforeAll(async () => {
    hall = await startTestHall({
      hall: smallHall(),
      clock: new TestClock(MONDAY_9AM + 60 * 60_000),
    });
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'c1', 'clerk', '王芳');
    hall.server.ctx.accounts.createUser({
      username: 'mgr',
      displayName: '钱经理',
      role: 'manager',
      password: 'password-123',
    });
    const kiosk = await enrollKiosk(hall, await login(hall.url, 'boss'));
    const clerk = await login(hall.url, 'c1', 'w1');
    manager = await login(hall.url, 'mgr');
    // Five tax tickets: four served (one past the 12-minute limit, one 不满意), one no-show.
    for (let i = 0; i < 5; i += 1) {
      const ticket = await ok(hall, 'POST', '/api/tickets', {
        token: kiosk,
        body: { serviceId: 'tax', channel: 'kiosk' },
      });
      hall.clock.advance(2);
      await ok(hall, 'POST', '/api/windows/w1/next', { token: clerk });
      if (i === 4) {
        await ok(hall, 'POST', '/api/windows/w1/no-show', { token: clerk });
        continue;
      }
      await ok(hall, 'POST', '/api/windows/w1/start', { token: clerk });
      hall.clock.advance(i === 0 ? 15 : 5);
      await ok(hall, 'POST', '/api/windows/w1/finish', { token: clerk });
      await ok(hall, 'POST', `/api/tickets/${ticket.id}/rating`, {
        body: { level: i === 1 ? 'dissatisfied' : 'very-satisfied' },
      });
    }
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await page.goto(`${hall.url}/reports`);
    await page.getByLabel('用户名').fill('mgr');
    await page.getByLabel('密码').fill('password-123');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('report-table').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await hall.server.close();
  });

  test('shows today’s figures by service: tiles, charts with Chinese labels, the table', async () => {
    expect(await page.getByTestId('from').inputValue()).toBe('2026-11-23');
    const api_ = (
      await api(hall.url, 'GET', '/api/reports?from=2026-11-23&to=2026-11-23&by=service', {
        token: manager,
      })
    ).body;
    expect(await page.getByTestId('tile-issued').textContent()).toContain(
      String(api_.total.issued),
    );
    expect(await page.getByTestId('tile-served').textContent()).toContain('4');
    expect(await page.getByTestId('tile-breaches').textContent()).toContain('1');
    expect(await page.getByTestId('tile-goodRate').textContent()).toContain('75%');
    const tax = page.getByTestId('row-tax');
    expect(await tax.locator('td').nth(0).textContent()).toBe('税务');
    expect(await tax.locator('td').nth(3).textContent()).toBe('4');
    expect(await tax.locator('td').nth(4).textContent()).toBe('1');
    const svg = page.locator('svg.chart').first();
    expect(await svg.textContent()).toContain('税务');
    expect(await page.locator('svg.chart').nth(1).textContent()).toContain('非常满意');
  });

  test('grouping by window and clerk, and a range of a week', async () => {
    await page.getByTestId('by').selectOption('clerk');
    await page.getByTestId('report-table').locator('th', { hasText: '工作人员' }).waitFor();
    expect(await page.getByTestId('report-table').textContent()).toContain('c1（王*）');
    expect(await page.getByTestId('report-table').textContent()).not.toContain('王芳');
    await page.getByRole('button', { name: '上月' }).click();
    await page.getByText('2026-10-01 至 2026-10-31').waitFor();
    await page.getByRole('button', { name: '本周' }).click();
    expect(await page.getByTestId('from').inputValue()).toBe('2026-11-23'); // a Monday
    await page.getByTestId('from').fill('2026-11-16');
    await page.getByTestId('by').selectOption('window');
    await page.getByTestId('report-table').locator('th', { hasText: '窗口' }).waitFor();
    await page.getByText('2026-11-16 至 2026-11-23').waitFor();
    expect(await page.locator('svg.chart').nth(2).textContent()).toContain('11-16'); // the day-by-day chart
    expect(await page.getByTestId('row-w1').locator('td').nth(0).textContent()).toBe('1号 税务1');
  });

  test('exports download and carry the same figures', async () => {
    await page.getByTestId('by').selectOption('service');
    await page.getByTestId('report-table').locator('th', { hasText: '事项' }).waitFor();
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('xlsx').click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe('电子监察报表-按事项-2026-11-16至2026-11-23.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(fs.readFileSync((await xlsx.path()) as string) as any);
    const sheet = book.getWorksheet('报表')!;
    expect(sheet.getRow(3).getCell(1).value).toBe('税务');
    expect(sheet.getRow(3).getCell(4).value).toBe(4);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('csv').click(),
    ]);
    const text = fs.readFileSync((await csv.path()) as string, 'utf8');
    expect(text.split('\r\n')[1]).toMatch(/^"税务",5,5,4,1,/);
  });
});
