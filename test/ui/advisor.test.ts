import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { api, createStaff, login, type TestHall } from '../helpers/hall-server';
import { hallWithPastDays } from '../supervision/advisor-fixtures';

/**
 * The layout advisor page (/advisor): a manager sees the workload of past days, runs the
 * advisor (a short run) and compares the proposals with today's layout, exports one; an
 * administrator comes over from /admin without signing in again and applies it.
 */
describe('the layout advisor page (/advisor)', () => {
  let hall: TestHall;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    hall = await hallWithPastDays(5);
    createStaff(hall, 'boss', 'admin');
    hall.server.ctx.accounts.createUser({
      username: 'mgr',
      displayName: '钱经理',
      role: 'manager',
      password: 'password-123',
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await hall?.server.close();
  });

  it('a manager compares proposals with today and exports one', async () => {
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await page.goto(`${hall.url}/advisor`);
    await page.getByLabel('用户名').fill('mgr');
    await page.getByLabel('密码').fill('password-123');
    await page.getByRole('button', { name: '登录' }).click();

    const workload = page.getByTestId('workload-table');
    await workload.waitFor();
    await workload.locator('tr[data-service="tax"]').getByText('税务').waitFor();
    await page.getByText('5 个工作日').first().waitFor();

    await page.getByTestId('cross-k').fill('1');
    await page.getByTestId('convert-k').fill('1');
    await page.getByTestId('confirm-days').fill('3');
    await page.getByTestId('start').click();
    const compare = page.getByTestId('compare');
    await compare.waitFor({ timeout: 90_000 });
    const head = await compare.locator('thead').innerText();
    expect(head).toContain('现行布局');
    expect(head).toContain('交叉培训 1 人');
    expect(head).toContain('改综合窗口 1 个');
    const text = await compare.innerText();
    expect(text).toContain('平均等候');
    expect(text).toContain('95% 群众等候不超过');
    expect(text).toMatch(/± \d+\.\d/);
    await page.getByTestId('per-service').getByText('税务').waitFor();
    await page.getByTestId('proposal-0').waitFor();
    await page.getByTestId('proposal-1').waitFor();
    // Applying is for administrators; a manager exports.
    expect(await page.getByTestId('apply-0').isDisabled()).toBe(true);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-1').click(),
    ]);
    const file = await download.path();
    const exported = JSON.parse(fs.readFileSync(file as string, 'utf8'));
    expect(exported.id).toBe('small');
    expect(exported.windows).toHaveLength(5);
    await page.close();
  }, 120_000);

  it('an administrator comes over from /admin and applies a proposal', async () => {
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${hall.url}/admin`);
    await page.getByLabel('用户名').fill('boss');
    await page.getByLabel('密码').fill('password-123');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('advisor-link').click();
    // No second sign-in; the finished job is still there.
    await page.getByTestId('compare').waitFor();
    const admin = await login(hall.url, 'boss');
    const jobs = await api(hall.url, 'GET', '/api/advisor/jobs', { token: admin });
    const proposals = jobs.body.jobs[0].result.proposals as { windows: unknown[] }[];
    const n = proposals.findIndex((p) => p.windows.length > 0);
    expect(n).toBeGreaterThanOrEqual(0);
    const before = (await api(hall.url, 'GET', '/api/admin/config', { token: admin })).body.config;
    await page.getByTestId(`apply-${n}`).click();
    await page.getByText(/已采用方案（\d+ 项变更）/).waitFor();
    const after = (await api(hall.url, 'GET', '/api/admin/config', { token: admin })).body.config;
    expect(after.windows).not.toEqual(before.windows);
    const audit = await api(hall.url, 'GET', '/api/audit', { token: admin });
    expect(audit.body.entries[0].action).toBe('config.advisor');
    await page.close();
  }, 60_000);
});
