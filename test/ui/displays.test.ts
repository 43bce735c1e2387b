import type { Browser, Page } from 'playwright-core';
import { composeCall } from '../../shared/src/voice/compose';
import { launchBrowser } from '../helpers/browser';
import {
  api,
  createStaff,
  enrollKiosk,
  login,
  startTestHall,
  type TestHall,
} from '../helpers/hall-server';

/**
 * The clerk's console, the window screen and the hall board in a real browser against a
 * real server and socket.io: what the clerk does shows on the walls within a second, and
 * the board's announcer queues the right clips in the right order.
 */
describe('clerk console → window screen and hall board', () => {
  let hall: TestHall;
  let browser: Browser;
  let kiosk: string;
  let clerk12: string;
  let board: Page;
  let screen: Page;
  let clerk: Page;

  const issue = async (serviceId = 'tax'): Promise<{ id: string; number: string }> =>
    (
      await api(hall.url, 'POST', '/api/tickets', {
        token: kiosk,
        body: { serviceId, channel: 'kiosk' },
      })
    ).body;

  const voice = (page: Page) =>
    page.evaluate(() =>
      (window.__hallqVoice?.history ?? []).map((a) => ({
        number: a.number,
        windowNumber: a.windowNumber,
        recall: a.recall,
        clips: a.clips,
        state: a.state,
        seq: a.seq,
        startedAt: a.startedAt,
        endedAt: a.endedAt,
      })),
    );

  beforeAll(async () => {
    hall = await startTestHall();
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'wangfang', 'clerk', '王芳');
    createStaff(hall, 'zhaoqiang', 'clerk', '赵强');
    kiosk = await enrollKiosk(hall, await login(hall.url, 'boss'));
    clerk12 = await login(hall.url, 'zhaoqiang', 'w12');
    browser = await launchBrowser();
    board = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    screen = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    clerk = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    for (const page of [board, screen, clerk]) page.setDefaultTimeout(5000);
    // The board speaks sixteen times as fast here, so the test waits less for the queue to drain.
    await board.goto(`${hall.url}/board?voiceRate=16`);
    await screen.goto(`${hall.url}/window/5`);
    await clerk.goto(`${hall.url}/clerk`);
    await clerk.getByTestId('login-username').fill('wangfang');
    await clerk.getByTestId('login-password').fill('password-123');
    await clerk.getByTestId('login-window').selectOption('w05');
    await clerk.getByTestId('login-submit').click();
    await clerk.getByTestId('window-state').filter({ hasText: '空闲' }).waitFor();
    await board.getByTestId('window-5').filter({ hasText: '空闲' }).waitFor();
    await screen.getByTestId('window-status').filter({ hasText: '空闲' }).waitFor();
    await board.waitForFunction(() => window.__hallqVoice?.loaded === true);
  });

  /** Each test starts at an idle window 5, whatever the one before left (a failure must not cascade). */
  beforeEach(async () => {
    await clerk.keyboard.press('Escape');
    const stored = await clerk.evaluate(() => localStorage.getItem('hallq.clerk'));
    if (!stored) return;
    const token = JSON.parse(stored).token as string;
    const { window } = (await api(hall.url, 'GET', '/api/windows/w05')).body;
    if (window.status === 'calling' || window.status === 'serving')
      await api(hall.url, 'POST', '/api/windows/w05/finish', { token });
    if (window.status === 'paused')
      await api(hall.url, 'POST', '/api/windows/w05/resume', { token });
    await clerk.getByTestId('window-state').filter({ hasText: '空闲' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await hall?.server.close();
  });

  test('a click on 叫号 shows the number on the window screen and the board within a second, and is announced', async () => {
    const ticket = await issue();
    await clerk.getByTestId('action-next').click();
    await Promise.all([
      board
        .getByTestId('latest-call')
        .filter({ hasText: ticket.number })
        .waitFor({ timeout: 1000 }),
      screen
        .getByTestId('current-number')
        .filter({ hasText: ticket.number })
        .waitFor({ timeout: 1000 }),
    ]);
    expect(await board.getByTestId('latest-call').textContent()).toContain('请到 5 号窗口');
    expect(await board.getByTestId('window-5').textContent()).toContain(ticket.number);
    expect(await screen.getByTestId('current').textContent()).toContain(
      `请 ${ticket.number} 号到本窗口办理`,
    );
    expect(await screen.getByTestId('window-status').textContent()).toContain('办理中');
    expect(await screen.getByTestId('clerk').textContent()).toContain('王*');
    // The clerk sees who and what: the service and its materials.
    await clerk.getByTestId('current-number').filter({ hasText: ticket.number }).waitFor();
    expect(await clerk.getByTestId('current-service').textContent()).toBe('税务');
    expect(await clerk.getByTestId('materials').textContent()).toContain('身份证原件');
    expect(await clerk.getByTestId('message').textContent()).toContain(`已叫号 ${ticket.number}`);

    const heard = await voice(board);
    expect(heard).toHaveLength(1);
    expect(heard[0]?.clips).toEqual(composeCall({ number: ticket.number, windowNumber: 5 }));
    expect(heard[0]?.clips.slice(0, 12)).toEqual([
      '叮咚',
      '请',
      'A',
      '零',
      '零',
      '一',
      '号',
      '到',
      '五',
      '号',
      '窗口',
      '办理',
    ]);
    await clerk.getByTestId('action-finish').click();
    await screen.getByTestId('window-status').filter({ hasText: '空闲' }).waitFor();
  });

  test('keys: N calls, R recalls (announced again, in order, never overlapping), S starts, F finishes', async () => {
    const ticket = await issue();
    await clerk.keyboard.press('n');
    await board
      .getByTestId('latest-call')
      .filter({ hasText: ticket.number })
      .waitFor({ timeout: 1000 });
    await screen
      .getByTestId('current-number')
      .filter({ hasText: ticket.number })
      .waitFor({ timeout: 1000 });
    // Window 12 calls too, between the call and the recall.
    const other = await issue('social-insurance');
    await api(hall.url, 'POST', '/api/windows/w12/next', { token: clerk12 });
    await board
      .getByTestId('latest-call')
      .filter({ hasText: other.number })
      .waitFor({ timeout: 1000 });
    // A recall while the first call still waits its turn is folded into it (by design), so
    // let the first announcements play before recalling: the test then does not race the voice.
    await board.waitForFunction(
      () =>
        (window.__hallqVoice?.history ?? []).length >= 2 &&
        (window.__hallqVoice?.history ?? []).every((a) => a.state === 'done'),
      undefined,
      { timeout: 15000 },
    );
    await clerk.keyboard.press('r');
    await board.getByTestId('latest-call').filter({ hasText: '重呼' }).waitFor({ timeout: 1000 });
    expect(await board.getByTestId('latest-call').textContent()).toContain(ticket.number);
    expect(await screen.locator('.current.flash').count()).toBe(1);
    expect(await board.getByTestId('recent-calls').textContent()).toContain(other.number);

    await board.waitForFunction(
      () => (window.__hallqVoice?.history ?? []).every((a) => a.state === 'done'),
      undefined,
      { timeout: 15000 },
    );
    const heard = (await voice(board)).slice(-3);
    expect(heard.map((a) => [a.number, a.windowNumber, a.recall])).toEqual([
      [ticket.number, 5, false],
      [other.number, 12, false],
      [ticket.number, 5, true],
    ]);
    expect(heard[1]?.clips).toEqual(composeCall({ number: other.number, windowNumber: 12 }));
    expect(heard[1]?.clips).toContain('十');
    // One at a time, in the order of the calls.
    for (let i = 1; i < heard.length; i += 1) {
      expect(heard[i]!.seq).toBeGreaterThan(heard[i - 1]!.seq);
      expect(heard[i]!.startedAt!).toBeGreaterThanOrEqual(heard[i - 1]!.endedAt!);
    }

    await clerk.keyboard.press('s');
    await clerk.getByTestId('window-state').filter({ hasText: '办理中' }).waitFor();
    await clerk.keyboard.press('f');
    await screen
      .getByTestId('window-status')
      .filter({ hasText: '空闲' })
      .waitFor({ timeout: 1000 });
    await board.getByTestId('window-5').filter({ hasText: '空闲' }).waitFor({ timeout: 1000 });
    await api(hall.url, 'POST', '/api/windows/w12/finish', { token: clerk12 });
  });

  test('the server’s own words when an action is refused, and when nobody waits', async () => {
    await clerk.keyboard.press('n');
    await clerk.getByTestId('message').filter({ hasText: '当前没有等候的号码' }).waitFor();
    const ticket = await issue();
    await clerk.keyboard.press('n');
    await clerk.getByTestId('current-number').filter({ hasText: ticket.number }).waitFor();
    await clerk.keyboard.press('n'); // busy: finish, transfer or skip first
    const message = clerk.getByTestId('message');
    await message.filter({ hasText: '请先办结、转交或过号当前号码' }).waitFor();
    expect(await message.textContent()).toContain(
      'Finish, transfer or skip the current ticket first',
    );
    expect(await message.getAttribute('class')).toContain('error');
    expect(await clerk.getByTestId('action-next').isDisabled()).toBe(true);
    await clerk.keyboard.press('x'); // no-show
    await screen.getByTestId('window-status').filter({ hasText: '空闲' }).waitFor();
    expect((await api(hall.url, 'GET', `/api/tickets/${ticket.id}`)).body.status).toBe('no-show');
  });

  test('pause with a reason shows on both walls; P resumes', async () => {
    await clerk.getByTestId('action-pause').click();
    await clerk.getByTestId('pause-reason').click();
    await clerk.keyboard.type('系统升级');
    await clerk.keyboard.press('Enter');
    await screen
      .getByTestId('pause-reason')
      .filter({ hasText: '系统升级' })
      .waitFor({ timeout: 3000 });
    expect(await screen.getByTestId('window-status').textContent()).toContain('暂停服务');
    await board
      .locator('[data-testid="window-5"][data-status="paused"]')
      .waitFor({ timeout: 3000 });
    expect(await board.getByTestId('window-5').textContent()).toContain('暂停服务');
    await clerk.getByTestId('window-state').filter({ hasText: '暂停服务：系统升级' }).waitFor();
    await clerk.keyboard.press('p');
    await screen
      .getByTestId('window-status')
      .filter({ hasText: '空闲' })
      .waitFor({ timeout: 3000 });
    await board.locator('[data-testid="window-5"][data-status="idle"]').waitFor({ timeout: 3000 });
    // The keyboard's own path: P, then a reason's number.
    await clerk.keyboard.press('p');
    await clerk.getByTestId('pause-form').waitFor();
    await clerk.keyboard.press('2');
    await screen
      .getByTestId('pause-reason')
      .filter({ hasText: '业务咨询' })
      .waitFor({ timeout: 3000 });
    await clerk.keyboard.press('p');
    await screen
      .getByTestId('window-status')
      .filter({ hasText: '空闲' })
      .waitFor({ timeout: 3000 });
  });

  test('transfer to another window: this window is free again, and window 12 calls the citizen first', async () => {
    const ticket = await issue();
    await issue('social-insurance'); // window 12's own queue has someone too
    await clerk.keyboard.press('n');
    await screen.getByTestId('current-number').filter({ hasText: ticket.number }).waitFor();
    await clerk.keyboard.press('t');
    await clerk.getByTestId('transfer-window').selectOption('w12');
    await clerk.getByTestId('transfer-submit').click();
    await clerk
      .getByTestId('message')
      .filter({ hasText: `${ticket.number} 已转交` })
      .waitFor();
    await screen
      .getByTestId('window-status')
      .filter({ hasText: '空闲' })
      .waitFor({ timeout: 3000 });
    await board.locator('[data-testid="window-5"][data-status="idle"]').waitFor({ timeout: 3000 });
    expect((await api(hall.url, 'GET', `/api/tickets/${ticket.id}`)).body).toMatchObject({
      status: 'waiting',
      transfers: 1,
      window: { number: 12 },
    });
    const called = await api(hall.url, 'POST', '/api/windows/w12/next', { token: clerk12 });
    expect(called.body.ticket.number).toBe(ticket.number);
    await board
      .getByTestId('latest-call')
      .filter({ hasText: '请到 12 号窗口' })
      .waitFor({ timeout: 3000 });
    expect(await board.getByTestId('latest-call').textContent()).toContain(ticket.number);
    await api(hall.url, 'POST', '/api/windows/w12/finish', { token: clerk12 });
  });

  test('延时 (E) marks the window on the console', async () => {
    await clerk.keyboard.press('e');
    await clerk.getByTestId('extended-on').waitFor();
    expect(await clerk.getByTestId('message').textContent()).toContain('延时服务已开启');
    await clerk.keyboard.press('e');
    await clerk.getByTestId('message').filter({ hasText: '延时服务已关闭' }).waitFor();
  });

  test('the board’s queues and the window screen’s waiting count follow the kiosk', async () => {
    await issue('police');
    await issue('police');
    await board
      .getByTestId('queue-police')
      .filter({ hasText: '等候2人' })
      .waitFor({ timeout: 3000 });
    const before = Number((await screen.getByTestId('waiting').textContent())?.match(/\d+/)?.[0]);
    const next = await issue();
    await screen
      .getByTestId('waiting')
      .filter({ hasText: String(before + 1) })
      .waitFor({ timeout: 3000 });
    // The clerk sees the next numbers of the services the window takes.
    await clerk
      .getByTestId('queue-tax')
      .filter({ hasText: next.number })
      .waitFor({ timeout: 2000 });
    expect(await clerk.getByTestId('queue-tax').textContent()).toContain(`等候 ${before + 1} 人`);
  });

  test('logout closes the window: the walls say so', async () => {
    await clerk.getByTestId('logout').click();
    await clerk.getByTestId('login-form').waitFor();
    await screen
      .getByTestId('window-status')
      .filter({ hasText: '未开放' })
      .waitFor({ timeout: 3000 });
    await board
      .locator('[data-testid="window-5"][data-status="closed"]')
      .waitFor({ timeout: 3000 });
  });

  test('a session ended elsewhere sends the console back to the login, saying so', async () => {
    await clerk.getByTestId('login-username').fill('wangfang');
    await clerk.getByTestId('login-password').fill('password-123');
    await clerk.getByTestId('login-window').selectOption('w05');
    await clerk.getByTestId('login-submit').click();
    await clerk.getByTestId('window-state').filter({ hasText: '空闲' }).waitFor();
    const session = await clerk.evaluate(() =>
      JSON.parse(localStorage.getItem('hallq.clerk') ?? '{}'),
    );
    expect(session.window.number).toBe(5);
    await api(hall.url, 'POST', '/api/auth/logout', { token: session.token });
    await clerk.getByTestId('login-form').waitFor();
    expect(await clerk.getByTestId('message').textContent()).toContain('登录已失效，请重新登录');
    expect(await clerk.evaluate(() => localStorage.getItem('hallq.clerk'))).toBeNull();
  });

  test('the pages are served for plain-HTTP hall networks (no upgrade to https)', async () => {
    const res = await api(hall.url, 'GET', '/board');
    expect(res.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
  });
});
