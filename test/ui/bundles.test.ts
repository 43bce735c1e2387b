import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { LANDSCAPE, openKiosk, printedSlips } from '../helpers/kiosk-page';
import {
  api,
  createStaff,
  enrollKiosk,
  login,
  startTestHall,
  type TestHall,
} from '../helpers/hall-server';

/**
 * 一件事一次办 in a real Chromium against a real server: the kiosk's bundle picker (steps,
 * the combined materials list once each, one ticket), then the status page and the hall
 * board saying where to go next once the first step is done.
 */
describe('一件事一次办: kiosk picker, status page and board', () => {
  let hall: TestHall;
  let browser: Browser;
  let kiosk: string;
  let market: string;

  beforeAll(async () => {
    hall = await startTestHall();
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'clerk-market', 'clerk', '王芳');
    createStaff(hall, 'clerk-police', 'clerk', '李娜');
    kiosk = await enrollKiosk(hall, await login(hall.url, 'boss'));
    market = await login(hall.url, 'clerk-market', 'w31');
    // Of the police windows only 36 is open: that is where the next step is.
    await login(hall.url, 'clerk-police', 'w36');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await hall?.server.close();
  });

  test('one ticket for 企业开办 at the kiosk, then "next: 36号窗口" on the status page and the board', async () => {
    const page = await openKiosk(browser, hall.url, LANDSCAPE, `#token=${kiosk}`);
    page.setDefaultTimeout(5000);
    await page.getByTestId('bundle-entry').click();
    await page.locator('[data-screen="bundles"]').waitFor();
    await page.click('[data-action="bundle:business-startup"]');
    await page.locator('[data-screen="bundle"]').waitFor();
    expect(await page.getByTestId('bundle-name').textContent()).toBe('企业开办');
    const steps = await page.getByTestId('bundle-steps').locator('li').allTextContents();
    expect(steps).toHaveLength(6);
    expect(steps[0]).toContain('市场监督管理');
    expect(steps[4]).toContain('可选');
    expect(steps[4]).toContain('需要办理');
    expect(steps[0]).toContain('必办');
    // The combined 一次性告知: every material of every step, none twice.
    const materials = (await page.getByTestId('materials').locator('li').allTextContents()).map(
      (m) => m.trim(),
    );
    expect(new Set(materials).size).toBe(materials.length);
    const expected = new Set(
      ['market-supervision', 'police', 'tax', 'social-insurance', 'housing-fund', 'bank'].flatMap(
        (id) => hall.hall.services.find((s) => s.id === id)?.materials.map((m) => m.trim()) ?? [],
      ),
    );
    expect(new Set(materials)).toEqual(expected);
    // Large type: the step names are at least as large as a service tile's name.
    const size = await page
      .getByTestId('bundle-steps')
      .locator('li')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(24);

    await page.click('[data-action="confirm"]');
    await page.locator('[data-screen="slip"]').waitFor();
    expect(await page.getByTestId('number').textContent()).toBe('F001');
    expect(await page.getByTestId('slip-bundle').textContent()).toContain('企业开办');
    await page.locator('[data-testid="print-state"][data-state="printed"]').waitFor();
    const slips = await printedSlips(page);
    expect(String(slips.at(-1))).toContain('F001');
    expect(String(slips.at(-1))).toContain('企业开办');
    expect((page as Page & { errors?: string[] }).errors ?? []).toEqual([]);

    const listed = await api(hall.url, 'GET', '/api/tickets', { token: market });
    const ticket = listed.body.tickets.find((t: { number: string }) => t.number === 'F001');
    expect(ticket.bundle).toMatchObject({ id: 'business-startup' });

    const status = await browser.newPage({ viewport: { width: 390, height: 844 } });
    status.setDefaultTimeout(5000);
    await status.goto(`${hall.url}/t/${ticket.id}`);
    await status.getByTestId('bundle-progress').filter({ hasText: '第 1/6 步' }).waitFor();
    const board = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    board.setDefaultTimeout(5000);
    await board.goto(`${hall.url}/board`);
    await board.getByTestId('window-31').waitFor();

    await api(hall.url, 'POST', '/api/windows/w31/next', { token: market });
    await status.getByTestId('call').filter({ hasText: '请到 31 号窗口办理' }).waitFor();
    expect(await status.getByTestId('bundle-after').textContent()).toContain('公安');
    hall.clock.advance(10);
    await api(hall.url, 'POST', '/api/windows/w31/finish', { token: market });

    const next = status.getByTestId('bundle-next');
    await next.filter({ hasText: '下一步：请到 36号窗口 办理 公安' }).waitFor();
    expect(await status.getByTestId('status').textContent()).toContain('等候中');
    await status.getByTestId('bundle-progress').filter({ hasText: '第 2/6 步' }).waitFor();
    expect(await status.locator('[data-step="market-supervision"]').textContent()).toContain(
      '已办',
    );

    const boardNext = board.getByTestId('bundle-next');
    await boardNext.filter({ hasText: 'F001' }).waitFor();
    expect(await boardNext.textContent()).toContain('36号窗口');
    expect(await boardNext.textContent()).toContain('公安');
    await Promise.all([status.close(), board.close(), page.close()]);
  });

  test('the citizen leaves out the optional 银行 step: skipped on the ticket, gone from the list and the slip', async () => {
    const page = await openKiosk(browser, hall.url, LANDSCAPE, `#token=${kiosk}`);
    page.setDefaultTimeout(5000);
    await page.getByTestId('bundle-entry').click();
    await page.click('[data-action="bundle:business-startup"]');
    await page.locator('[data-screen="bundle"]').waitFor();
    // Required steps are fixed (no control); optional ones are real, labelled checkboxes, on.
    expect(await page.locator('[data-step="tax"] input').count()).toBe(0);
    const bankBox = page.getByRole('checkbox', { name: /银行/ });
    expect(await bankBox.isChecked()).toBe(true);
    expect(await page.getByRole('checkbox').count()).toBe(2);
    const materialsOf = (ids: string[]) =>
      new Set(
        ids.flatMap(
          (id) => hall.hall.services.find((s) => s.id === id)?.materials.map((m) => m.trim()) ?? [],
        ),
      );
    const listed = async () =>
      new Set(
        (await page.getByTestId('materials').locator('li').allTextContents()).map((m) => m.trim()),
      );
    const others = ['market-supervision', 'police', 'tax', 'social-insurance', 'housing-fund'];
    // Only the bank asks for these: they must go with the step.
    const bankOnly = [...materialsOf(['bank'])].filter((m) => !materialsOf(others).has(m));
    expect(bankOnly.length).toBeGreaterThan(0);
    for (const m of bankOnly) expect(await listed()).toContain(m);

    await bankBox.click();
    await page.locator('[data-step="bank"][data-chosen="false"]').waitFor();
    expect(await page.getByTestId('step-state-bank').textContent()).toBe('不需要');
    expect(await page.getByTestId('step-state-housing-fund').textContent()).toBe('需要办理');
    expect(await page.getByRole('checkbox', { name: /银行/ }).isChecked()).toBe(false);
    expect(await listed()).toEqual(materialsOf(others));

    const sent = page.waitForRequest(
      (r) => r.url().endsWith('/api/tickets') && r.method() === 'POST',
    );
    await page.click('[data-action="confirm"]');
    expect((await sent).postDataJSON()).toMatchObject({
      serviceId: 'business-startup',
      bundleSteps: ['housing-fund'],
    });
    await page.locator('[data-screen="slip"]').waitFor();
    const number = (await page.getByTestId('number').textContent()) ?? '';
    const slipSteps = await page.getByTestId('slip-bundle').locator('li').allTextContents();
    expect(slipSteps).toEqual(['市场监督管理', '公安', '税务', '社保', '公积金']);
    await page.locator('[data-testid="print-state"][data-state="printed"]').waitFor();
    const printed = String((await printedSlips(page)).at(-1));
    expect(printed).toContain(number);
    // The printed step list: the five steps to do, not the bank.
    const printedSteps = printed.split('办理步骤（一号办到底）\n')[1]?.split('\n---')[0];
    expect(printedSteps?.split('\n')).toEqual([
      '1. 市场监督管理',
      '2. 公安',
      '3. 税务',
      '4. 社保',
      '5. 公积金',
    ]);
    for (const m of bankOnly) expect(printed).not.toContain(m);
    expect((page as Page & { errors?: string[] }).errors ?? []).toEqual([]);

    const all = await api(hall.url, 'GET', '/api/tickets', { token: market });
    const id = all.body.tickets.find((t: { number: string }) => t.number === number).id;
    const ticket = (await api(hall.url, 'GET', `/api/tickets/${id}`)).body;
    const statuses = Object.fromEntries(
      ticket.bundle.steps.map((s: { serviceId: string; status: string }) => [
        s.serviceId,
        s.status,
      ]),
    );
    expect(statuses).toEqual({
      'market-supervision': 'current',
      police: 'pending',
      tax: 'pending',
      'social-insurance': 'pending',
      'housing-fund': 'pending',
      bank: 'skipped',
    });
    expect(ticket.bundle.total).toBe(5);
    await page.close();
  });

  test('elderly mode: larger type, the step choice read aloud', async () => {
    const page = await openKiosk(browser, hall.url, LANDSCAPE, `#token=${kiosk}`);
    page.setDefaultTimeout(5000);
    await page.click('[data-action="elderly"]');
    await page.getByTestId('bundle-entry').click();
    await page.click('[data-action="bundle:moving-in"]');
    await page.locator('[data-screen="bundle"]').waitFor();
    const spoken = () => page.evaluate(() => document.body.dataset.spoken ?? '');
    expect(await spoken()).toContain('第2步 天然气，可选，现在是“需要办理”');
    const state = page.getByTestId('step-state-gas');
    const size = await state.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    await page.getByRole('checkbox', { name: /天然气/ }).click();
    await page.locator('[data-step="gas"][data-chosen="false"]').waitFor();
    expect(await spoken()).toMatch(/^天然气：不需要。需备齐材料 \d+ 项$/);
    // The focus stays on the step just switched (the screen is drawn anew).
    expect(
      await page.evaluate(() => (document.activeElement as HTMLElement)?.dataset.stepToggle),
    ).toBe('gas');
    await page.click('[data-action="elderly"]');
    const normal = await state.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThan(normal * 1.2);
    // Leaving elderly mode keeps the choice.
    expect(await page.getByRole('checkbox', { name: /天然气/ }).isChecked()).toBe(false);
    await page.close();
  });

  test('the clerk sees the steps, skips an optional one and adds one the citizen needs', async () => {
    const clerk = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    clerk.setDefaultTimeout(5000);
    await clerk.goto(`${hall.url}/clerk`);
    await clerk.getByTestId('login-username').fill('clerk-police');
    await clerk.getByTestId('login-password').fill('password-123');
    await clerk.getByTestId('login-window').selectOption('w36');
    await clerk.getByTestId('login-submit').click();
    await clerk.getByTestId('window-state').filter({ hasText: '空闲' }).waitFor();
    await clerk.getByTestId('action-next').click();
    await clerk.getByTestId('current-number').filter({ hasText: 'F001' }).waitFor();
    const panel = clerk.getByTestId('bundle-panel');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('企业开办');
    expect(await clerk.getByTestId('step-market-supervision').textContent()).toContain('已办');
    expect(await clerk.getByTestId('step-police').textContent()).toContain('当前');
    // Required steps have no 跳过; the optional 公积金 has.
    expect(await clerk.getByTestId('skip-tax').count()).toBe(0);
    await clerk.getByTestId('skip-housing-fund').click();
    await clerk.getByTestId('step-housing-fund').filter({ hasText: '已跳过' }).waitFor();
    await clerk.getByTestId('add-step-service').selectOption('human-resources');
    await clerk.getByTestId('add-step').click();
    await clerk.getByTestId('step-human-resources').filter({ hasText: '增加' }).waitFor();
    expect(await panel.textContent()).toContain('办结后下一步：人力资源');
    await clerk.getByTestId('action-finish').click();
    await clerk.getByTestId('window-state').filter({ hasText: '空闲' }).waitFor();
    const ticket = (
      await api(hall.url, 'GET', '/api/tickets?status=waiting', { token: market })
    ).body.tickets.find((t: { number: string }) => t.number === 'F001');
    expect(ticket).toMatchObject({ serviceId: 'human-resources', status: 'waiting' });
    await clerk.close();
  });
});
