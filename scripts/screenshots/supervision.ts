import path from 'node:path';
import type { Page } from 'playwright-core';
import { api } from '../../test/helpers/hall-server';
import { runDay, type DayActor } from '../../test/supervision/day';
import type { ScreenshotContext } from './index';

/**
 * Screens of supervision and administration (docs/supervision.md): the guide console, the
 * reports page and the admin page, on the demo reference hall after a busy morning.
 */

async function demoLogin(url: string, username: string): Promise<string> {
  const res = await api(url, 'POST', '/api/auth/login', { body: { username, password: 'demo' } });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return res.body.token as string;
}

async function signIn(page: Page, url: string, route: string, username: string): Promise<void> {
  await page.goto(`${url}${route}`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('demo');
  await page.getByRole('button', { name: '登录' }).click();
}

/** A morning of the reference hall: 24 windows at work, ratings, pauses, a few cases. */
export async function busyMorning(ctx: ScreenshotContext): Promise<void> {
  const { hall } = ctx;
  const devices = hall.server.ctx.demo?.devices ?? [];
  const kiosk = devices.find((d) => d.kind === 'kiosk')?.token as string;
  const guide = await demoLogin(hall.url, 'guide');
  const busy = [
    'w01',
    'w02',
    'w03',
    'w09',
    'w10',
    'w15',
    'w16',
    'w19',
    'w20',
    'w26',
    'w33',
    'w34',
    'w54',
    'w55',
  ];
  const actors: DayActor[] = devices
    .filter((d) => d.kind === 'caller' && d.windowId && busy.includes(d.windowId))
    .map((d) => ({ windowId: d.windowId as string, token: d.token }));
  await runDay(hall, {
    kiosk,
    guide,
    actors,
    services: [
      ['tax', 6],
      ['social-insurance', 5],
      ['medical-insurance', 3],
      ['real-estate', 4],
      ['police', 3],
      ['comprehensive', 1],
      ['housing-fund', 1],
    ],
    steps: 270,
    arrivals: 0.6,
    seed: 11,
  });
  // A window paused too long, a 办不成事 report.
  const w19 = devices.find((d) => d.kind === 'caller' && d.windowId === 'w40')?.token as string;
  await api(hall.url, 'POST', '/api/windows/w40/pause', {
    token: w19,
    body: { reason: '系统故障' },
  });
  hall.clock.advance(20);
  await api(hall.url, 'POST', '/api/cases', {
    token: guide,
    body: {
      matter: '申请公积金提取，单位证明格式不符，群众往返两次仍未办成',
      citizenName: '李秀英',
      contact: '13912345678',
      serviceId: 'housing-fund',
      windowId: 'w46',
    },
  });
  hall.server.supervision.evaluate();
}

export async function capture(ctx: ScreenshotContext): Promise<string[]> {
  const { hall, browser, outDir } = ctx;
  await busyMorning(ctx);
  const written: string[] = [];
  const shot = async (page: Page, name: string) => {
    const file = path.join(outDir, name);
    await page.screenshot({ path: file });
    written.push(file);
  };

  // The guide console.
  const guide = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  await signIn(guide, hall.url, '/guide', 'guide');
  await guide.getByTestId('queue-tax').waitFor();
  await guide.getByTestId('queue-tax').click();
  await guide.locator('[data-testid^=ticket-A]').first().waitFor();
  await shot(guide, 'guide.png');
  await guide.getByTestId('window-54').click();
  await guide.getByTestId('window-dialog').waitFor();
  await shot(guide, 'guide-window.png');
  await guide.keyboard.press('Escape');
  await guide.getByTestId('ack-long-pause').click();
  await guide.getByTestId('tab-cases').click();
  await guide.getByTestId('case-list').waitFor();
  await shot(guide, 'guide-cases.png');
  await guide.close();

  // The reports page.
  const reports = await browser.newPage({
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
  });
  await signIn(reports, hall.url, '/reports', 'admin');
  await reports.getByTestId('report-table').waitFor();
  await reports.screenshot({ path: path.join(outDir, 'reports.png'), fullPage: true });
  written.push(path.join(outDir, 'reports.png'));
  await reports.getByTestId('by').selectOption('clerk');
  await reports.getByTestId('report-table').locator('th', { hasText: '工作人员' }).waitFor();
  await shot(reports, 'reports-clerk.png');
  await reports.close();

  // The admin page.
  const admin = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  await signIn(admin, hall.url, '/admin', 'admin');
  await admin.getByTestId('services').waitFor();
  await shot(admin, 'admin-services.png');
  await admin.getByTestId('service-deed-tax').getByRole('button', { name: '编辑' }).click();
  await admin.getByTestId('edit-dialog').getByLabel('等候预警（分钟）').fill('20');
  await admin.getByTestId('dialog-save').click();
  await admin.getByTestId('service-deed-tax').getByText('20 分').waitFor();
  await admin.getByTestId('tab-windows').click();
  await admin.getByTestId('window-54').getByRole('button', { name: '编辑' }).click();
  await admin.getByTestId('edit-dialog').waitFor();
  await shot(admin, 'admin-window.png');
  await admin.keyboard.press('Escape');
  await admin.getByTestId('tab-hours').click();
  await admin.getByTestId('hours-form').waitFor();
  await shot(admin, 'admin-hours.png');
  await admin.getByTestId('tab-devices').click();
  const form = admin.getByTestId('device-form');
  await form.getByLabel('名称').fill('2号自助取号机');
  await admin.getByTestId('enroll').click();
  await admin.getByTestId('enrollment-code').waitFor();
  await shot(admin, 'admin-devices.png');
  await admin.keyboard.press('Escape');
  await admin.getByTestId('tab-audit').click();
  await admin.getByTestId('audit').waitFor();
  await shot(admin, 'admin-audit.png');
  await admin.close();
  return written;
}
