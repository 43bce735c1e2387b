import type { Browser } from 'playwright-core';
import { parseHallConfig, type HallConfig } from '../../shared/src/domain';
import { loadHallConfig } from '../../server/src/hall-config-file';
import { startFakeSmsGateway, type FakeSmsGateway } from '../../server/src/notify/fake-sms-gateway';
import { HttpSmsGateway } from '../../server/src/notify/sms-gateway';
import { launchBrowser } from '../helpers/browser';
import {
  api,
  createStaff,
  enrollKiosk,
  login,
  serveAndMarkReady,
  startTestHall,
  until,
  type TestHall,
} from '../helpers/hall-server';

/**
 * 综合窗口出件: a clerk marks a finished case ready on the console; the citizen sees 可取件 on
 * the status page (and gets an SMS), takes a collection ticket there, and an output window
 * calls it. The reference hall (和硕, seed 003) has no output window, so this hall adds one
 * the way 沈丘 (seed 004) has them: an 出件 service served by a window of kind "output".
 */

function hallWithOutputWindow(): HallConfig {
  const base = loadHallConfig();
  return parseHallConfig({
    ...base,
    services: [
      ...base.services,
      {
        id: 'collection',
        name: '出件',
        areaId: 'general',
        prefix: 'Z',
        expectedMinutes: 3,
        timeLimitMinutes: 10,
        waitWarningMinutes: 20,
        materials: ['号票或状态页二维码', '身份证原件'],
      },
    ],
    windows: [
      ...base.windows,
      {
        id: 'w56',
        number: 56,
        name: '出件窗口',
        kind: 'output',
        areaId: 'general',
        services: ['collection'],
      },
    ],
  });
}

describe('出件: ready for collection, the collection ticket, the output window', () => {
  let hall: TestHall;
  let gateway: FakeSmsGateway;
  let browser: Browser;
  let kiosk: string;
  let clerk: string;
  let output: string;

  beforeAll(async () => {
    gateway = await startFakeSmsGateway();
    hall = await startTestHall({
      hall: hallWithOutputWindow(),
      sms: new HttpSmsGateway({ url: gateway.url }),
    });
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'clerk1', 'clerk', '王芳');
    createStaff(hall, 'clerk56', 'clerk', '赵磊');
    kiosk = await enrollKiosk(hall, await login(hall.url, 'boss'));
    clerk = await login(hall.url, 'clerk1', 'w01');
    output = await login(hall.url, 'clerk56', 'w56');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await hall?.server.close();
    await gateway?.close();
  });

  const serve = async (serviceId: string) => {
    const ticket = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId, channel: 'kiosk' },
    });
    return ticket.body;
  };

  test('API: only a finished ticket can be ready; the collection ticket is issued once', async () => {
    const mine = await serve('tax');
    const early = await api(hall.url, 'POST', `/api/tickets/${mine.id}/ready`, {
      token: clerk,
      body: {},
    });
    expect([early.status, early.body.error.code]).toEqual([409, 'TICKET_NOT_FINISHED']);
    const notYet = await api(hall.url, 'POST', `/api/tickets/${mine.id}/collect`, { body: {} });
    expect([notYet.status, notYet.body.error.code]).toEqual([409, 'NOT_READY_FOR_COLLECTION']);
    const anonymous = await api(hall.url, 'POST', `/api/tickets/${mine.id}/ready`, { body: {} });
    expect(anonymous.status).toBe(401);

    const ready = await serveAndMarkReady(hall, clerk, 'w01', mine.id);
    expect(ready.status).toBe(200);
    expect(ready.body.readyForCollection).toEqual(expect.any(String));

    const first = await api(hall.url, 'POST', `/api/tickets/${mine.id}/collect`, { body: {} });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ serviceId: 'collection', windowNumbers: [56] });
    expect(first.body.number).toMatch(/^Z\d{3}$/);
    expect(first.body.materials).toEqual(['号票或状态页二维码', '身份证原件']);
    const again = await api(hall.url, 'POST', `/api/tickets/${mine.id}/collect`, {
      token: kiosk,
      body: {},
    });
    expect(again.body.id).toBe(first.body.id);
    // A collection ticket is itself nothing to collect.
    const called = await api(hall.url, 'POST', '/api/windows/w56/next', { token: output });
    expect(called.body.ticket.id).toBe(first.body.id);
    await api(hall.url, 'POST', '/api/windows/w56/finish', { token: output });
    const loop = await api(hall.url, 'POST', `/api/tickets/${first.body.id}/ready`, {
      token: output,
      body: {},
    });
    expect(loop.status).toBe(409);
  });

  test('the clerk marks it on the console; the phone shows 可取件, gets an SMS, takes the ticket', async () => {
    const mine = await serve('tax');
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${hall.url}${mine.statusPath}`);
    await phone.getByPlaceholder('手机号码').fill('13512345678');
    await phone.getByRole('button', { name: /提交/ }).click();
    await phone.getByTestId('sms-on').waitFor();

    const console_ = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await console_.goto(`${hall.url}/clerk`);
    await console_.getByTestId('login-username').fill('clerk1');
    await console_.getByTestId('login-password').fill('password-123');
    await console_.getByTestId('login-window').selectOption('w01');
    await console_.getByTestId('login-submit').click();
    await console_.getByTestId('window-state').waitFor();
    await console_.getByTestId('action-next').click();
    await console_.getByTestId('current-number').filter({ hasText: mine.number }).waitFor();
    await console_.getByTestId('action-finish').click();
    const row = console_.getByTestId(`finished-${mine.number}`);
    await row.getByRole('button', { name: /可取件/ }).click({ timeout: 5000 });
    await row.getByText('已通知取件').waitFor();

    await phone.getByTestId('ready').waitFor({ timeout: 10_000 });
    expect(await phone.getByTestId('ready').textContent()).toContain('办理结果已可取件');
    const key = `${mine.id}:ready`;
    await until(() => gateway.delivered().some((m) => m.id === key), 5000);
    const sms = gateway.delivered().find((m) => m.id === key);
    expect(sms?.to).toBe('13512345678');
    expect(sms?.text).toBe(
      `【和硕县政务服务中心】您${mine.number}号办理的税务业务已可取件，请凭号票到出件窗口领取`,
    );

    await phone.getByRole('button', { name: /领取出件号/ }).click();
    await phone.waitForURL(/\/t\//);
    await phone
      .getByTestId('number')
      .filter({ hasText: /^Z\d{3}$/ })
      .waitFor();
    const collectionId = decodeURIComponent(new URL(phone.url()).pathname.split('/').pop() ?? '');
    expect(collectionId).not.toBe(mine.id);
    // The output window calls it: the phone says where to go, and so does an SMS.
    await api(hall.url, 'POST', '/api/windows/w56/next', { token: output });
    await phone.getByTestId('alert-called').filter({ hasText: '请到 56 号窗口办理' }).waitFor();
    await until(() => gateway.delivered().some((m) => m.id === `${collectionId}:called:w56`), 5000);
    await phone.close();
    await console_.close();
  });
});
